import { registerMessages } from '../i18n.ts';

/**
 * Messages of the sync bar, of the storage warning and of the device's own failures (error-reason.ts),
 * in both languages: every enrolled device's screens load them, the kiosk's included, which loads
 * none of the device screens' (devices.ts).
 */
export const syncFr = {
  'sync.label': 'Synchronisation',
  'storage.atRiskSummary': 'Installez Étape sur cet appareil pour ne pas perdre ses données',
  'storage.atRisk':
    'Étape n’est pas installée sur cet appareil : le navigateur peut effacer ses données (Safari, après 7 jours sans ouverture). ' +
    'Pour les garder, ajoutez-la à l’écran d’accueil (Safari : Partager → Sur l’écran d’accueil ; Chrome : menu → Installer l’application).',
  'storage.atRiskWaiting.one': '{count} modification attend d’être envoyée : synchronisez avant de fermer.',
  'storage.atRiskWaiting.other': '{count} modifications attendent d’être envoyées : synchronisez avant de fermer.',
  'sync.nothingWaiting': 'Tout est envoyé',
  'sync.waiting': '{count} en attente d’envoi',
  'sync.running': 'synchronisation…',
  'sync.pulling': 'réception : {count, plural, one {# changement} other {# changements}}…',
  'sync.pullingOf': 'réception : {done} sur {total} changements…',
  'sync.lastSuccess': 'dernière synchro {when}',
  'sync.never': 'jamais synchronisé',
  'sync.now': 'Synchroniser',
  'sync.error.offline': 'Pas de réseau : tout reste enregistré sur cet appareil et partira au retour de la connexion.',
  'sync.error.timeout': 'Le serveur ne répond pas : nouvel essai bientôt, rien n’est perdu.',
  'sync.error.unauthorized': 'Cet appareil n’est plus reconnu (retiré par un organisateur ?) : inscrivez-le à nouveau.',
  'sync.error.revoked': 'Un organisateur a retiré cet appareil : il n’envoie et n’enregistre plus rien. Les noms et e-mails des participants et sa clé d’accès en ont été effacés ; ce qui n’était pas encore envoyé est gardé : exportez-le dans un fichier (Réglages) pour un organisateur.',
  'sync.error.server': 'Le serveur a refusé la demande : nouvel essai bientôt, rien n’est perdu.',
  'sync.error.invalid': 'Réponse du serveur illisible : nouvel essai bientôt, rien n’est perdu.',
  'sync.error.storage': 'Stockage plein sur cet appareil : libérez de la place.',
  'sync.error.not-enrolled': 'Cet appareil n’est pas inscrit.',
  'sync.error.device': 'Erreur sur cet appareil : rechargez la page.',
} as const;

export type SyncMessageKey = keyof typeof syncFr;

export const syncEn: Record<SyncMessageKey, string> = {
  'sync.label': 'Sync',
  'storage.atRiskSummary': 'Install Étape on this device so that its data is not lost',
  'storage.atRisk':
    'Étape is not installed on this device: the browser may delete its data (Safari, after 7 days without a visit). ' +
    'To keep it, add it to the home screen (Safari: Share → Add to Home Screen; Chrome: menu → Install app).',
  'storage.atRiskWaiting.one': '{count} change is waiting to be sent: sync before closing.',
  'storage.atRiskWaiting.other': '{count} changes are waiting to be sent: sync before closing.',
  'sync.nothingWaiting': 'Everything is sent',
  'sync.waiting': '{count} waiting to be sent',
  'sync.running': 'syncing…',
  'sync.pulling': 'receiving: {count, plural, one {# change} other {# changes}}…',
  'sync.pullingOf': 'receiving: {done} of {total} changes…',
  'sync.lastSuccess': 'last sync {when}',
  'sync.never': 'never synced',
  'sync.now': 'Sync now',
  'sync.error.offline': 'No network: everything stays saved on this device and will be sent when the connection returns.',
  'sync.error.timeout': 'The server does not answer: trying again soon, nothing is lost.',
  'sync.error.unauthorized': 'This device is no longer recognised (removed by an organizer?): enrol it again.',
  'sync.error.revoked': 'An organizer removed this device: it sends and records nothing more. Participants’ names and e-mails and its access key were erased from it; what was not sent yet is kept: export it to a file (Settings) for an organizer.',
  'sync.error.server': 'The server refused the request: trying again soon, nothing is lost.',
  'sync.error.invalid': 'Unreadable answer from the server: trying again soon, nothing is lost.',
  'sync.error.storage': 'Storage is full on this device: free some space.',
  'sync.error.not-enrolled': 'This device is not enrolled.',
  'sync.error.device': 'Error on this device: reload the page.',
};

registerMessages({ fr: syncFr, en: syncEn });
