import { registerMessages } from '../i18n.ts';

/** Messages of the stage posters section (organizers' Appareils page), in both languages. */
export const postersFr = {
  'poster.make': 'Affiche QR pour les téléphones',
  'poster.made': 'Imprimez cette page : le QR ouvre le formulaire d’avis de « {stage} ».',
  'poster.revoke': 'Retirer cette affiche',
  'poster.revoked': 'Affiche retirée : son QR ne fonctionne plus.',
  'setup.posters': 'Affiches QR par étape',
  'setup.postersHint': 'Une affiche par étape : son QR ouvre le formulaire de cette étape sur le téléphone des participants. Il faut du réseau pour en créer une.',
  'setup.offline': 'Pas de réseau : les affiches se gèrent en ligne.',
  'setup.phones': '{count, plural, one {# téléphone} other {# téléphones}}',
  'setup.print': 'Imprimer',
  'poster.stage': 'Étape de l’affiche',
  'poster.chooseStage': 'Choisissez l’étape',
} as const;

export type PostersMessageKey = keyof typeof postersFr;

export const postersEn: Record<PostersMessageKey, string> = {
  'poster.make': 'QR poster for phones',
  'poster.made': 'Print this page: the QR opens the feedback form of “{stage}”.',
  'poster.revoke': 'Withdraw this poster',
  'poster.revoked': 'Poster withdrawn: its QR no longer works.',
  'setup.posters': 'QR posters per stage',
  'setup.postersHint': 'One poster per stage: its QR opens that stage’s form on participants’ phones. Making one needs a network.',
  'setup.offline': 'No network: posters are managed online.',
  'setup.phones': '{count, plural, one {# phone} other {# phones}}',
  'setup.print': 'Print',
  'poster.stage': 'Stage of the poster',
  'poster.chooseStage': 'Choose the stage',
};

registerMessages({ fr: postersFr, en: postersEn });
