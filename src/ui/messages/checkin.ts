import { registerMessages } from '../i18n.ts';

/** Messages of the check-in screen, in both languages, registered when the screen loads. */
export const checkinFr = {
  'checkin.title': 'Accueil',
  'checkin.stage': 'Étape',
  'checkin.chooseStage': 'Choisissez l’étape',
  'checkin.counts': 'Présents : {present} sur {registered} inscrits · sur place : {walkIns}',
  'checkin.search': 'Rechercher un nom ou une structure',
  'checkin.searchHint': 'Sans accents ni majuscules : « helene » trouve « Hélène ».',
  'checkin.noMatch': 'Personne ne correspond à « {query} ».',
  'checkin.checkIn': 'Enregistrer l’arrivée de {name}',
  'checkin.welcome': 'Bienvenue, {name}',
  'checkin.repeat': '{name} : déjà enregistré·e à {time} {where}',
  'checkin.here': 'sur cet appareil',
  'checkin.elsewhere': 'sur un autre appareil',
  'checkin.recent': 'Derniers passages',
  'checkin.unknownPerson': 'Badge valide, personne pas encore sur cet appareil',
  'checkin.undo': 'Annuler',
  'checkin.undoName': 'Annuler le passage de {name}',
  'checkin.voided': 'annulé',
  'checkin.notEnrolled': 'L’accueil demande un appareil inscrit comme animateur ou organisateur.',
  'checkin.failed': 'Non enregistré : {reason}',
} as const;

export type CheckinMessageKey = keyof typeof checkinFr;

export const checkinEn: Record<CheckinMessageKey, string> = {
  'checkin.title': 'Check-in',
  'checkin.stage': 'Stage',
  'checkin.chooseStage': 'Choose the stage',
  'checkin.counts': 'Present: {present} of {registered} registered · walk-ins: {walkIns}',
  'checkin.search': 'Search a name or an organisation',
  'checkin.searchHint': 'No accents or capitals needed: “helene” finds “Hélène”.',
  'checkin.noMatch': 'Nobody matches “{query}”.',
  'checkin.checkIn': 'Check in {name}',
  'checkin.welcome': 'Welcome, {name}',
  'checkin.repeat': '{name}: already checked in at {time} {where}',
  'checkin.here': 'on this device',
  'checkin.elsewhere': 'on another device',
  'checkin.recent': 'Latest check-ins',
  'checkin.unknownPerson': 'Valid badge, person not on this device yet',
  'checkin.undo': 'Undo',
  'checkin.undoName': 'Undo the check-in of {name}',
  'checkin.voided': 'undone',
  'checkin.notEnrolled': 'Check-in needs a device enrolled as animator or organizer.',
  'checkin.failed': 'Not saved: {reason}',
};

registerMessages({ fr: checkinFr, en: checkinEn });
