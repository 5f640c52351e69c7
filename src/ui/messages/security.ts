import { registerMessages } from '../i18n.ts';

/** Messages of the security log on the dashboard, in both languages. */
export const securityFr = {
  'security.title': 'Journal de sécurité',
  'security.offline': 'Le journal de sécurité se lit en ligne.',
  'security.none': 'Rien à signaler.',
  'security.kind.enrolled': 'Appareil inscrit',
  'security.kind.refused-code': 'Code refusé',
  'security.kind.rate-limited': 'Trop de tentatives',
  'security.kind.revoked': 'Appareil retiré',
  'security.kind.poster-revoked': 'Affiche retirée',
  'security.kind.poster-burst': 'Afflux sur une affiche',
  'security.kind.set-aside': 'Avis mis de côté',
  'security.kind.taken-back': 'Avis comptés à nouveau',
} as const;

export type SecurityMessageKey = keyof typeof securityFr;

export const securityEn: Record<SecurityMessageKey, string> = {
  'security.title': 'Security log',
  'security.offline': 'The security log is read online.',
  'security.none': 'Nothing to report.',
  'security.kind.enrolled': 'Device enrolled',
  'security.kind.refused-code': 'Code refused',
  'security.kind.rate-limited': 'Too many attempts',
  'security.kind.revoked': 'Device removed',
  'security.kind.poster-revoked': 'Poster withdrawn',
  'security.kind.poster-burst': 'Burst on a poster',
  'security.kind.set-aside': 'Answers set aside',
  'security.kind.taken-back': 'Answers counted again',
};

registerMessages({ fr: securityFr, en: securityEn });
