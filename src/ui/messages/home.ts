import { registerMessages } from '../i18n.ts';

/** Messages of the home page's list of events (`/` on a first visit), kept apart: it loads with the public programme. */
export const homeFr = {
  'home.title': 'Événements',
  'home.none': 'Aucun événement sur ce serveur pour l’instant. Un organisateur le crée avec « npx etape event create ».',
  'home.dates': 'du {start} au {end}',
  'home.archived': 'terminé',
} as const;

export type HomeMessageKey = keyof typeof homeFr;

export const homeEn: Record<HomeMessageKey, string> = {
  'home.title': 'Events',
  'home.none': 'No event on this server yet. An organizer creates one with "npx etape event create".',
  'home.dates': '{start} to {end}',
  'home.archived': 'over',
};

registerMessages({ fr: homeFr, en: homeEn });
