import { registerMessages } from '../i18n.ts';

/** Messages of the dashboard's answers per poster (set aside, bursts), in both languages. */
export const posterAnswersFr = {
  'posterAnswers.title': 'Avis par affiche',
  'posterAnswers.none': 'Aucun avis n’est encore venu d’une affiche.',
  'posterAnswers.hint': 'Une affiche photographiée peut servir à envoyer des avis en masse : mettez ses avis de côté. Ils sont gardés, marqués, et laissés hors des chiffres et des exports.',
  'posterAnswers.line': '{town} · affiche {poster} : {answers}, {phones}',
  'posterAnswers.answers.one': '{count} avis',
  'posterAnswers.answers.other': '{count} avis',
  'posterAnswers.phones.one': '{count} téléphone',
  'posterAnswers.phones.other': '{count} téléphones',
  'posterAnswers.burst': 'Afflux : {count} avis en 10 minutes',
  'posterAnswers.setAside': 'Mis de côté',
  'posterAnswers.setAsideAction': 'Mettre ses avis de côté',
  'posterAnswers.takeBackAction': 'Compter à nouveau ses avis',
  'posterAnswers.phonesOf': 'Ses {phones}',
  'posterAnswers.phone': 'Téléphone {phone} : {answers}',
  'posterAnswers.setAsidePhone': 'Mettre de côté les avis de ce téléphone',
  'posterAnswers.takeBackPhone': 'Compter à nouveau les avis de ce téléphone',
} as const;

export type PosterAnswersMessageKey = keyof typeof posterAnswersFr;

export const posterAnswersEn: Record<PosterAnswersMessageKey, string> = {
  'posterAnswers.title': 'Answers per poster',
  'posterAnswers.none': 'No answer has come from a poster yet.',
  'posterAnswers.hint': 'A photographed poster can be used to send answers in bulk: set its answers aside. They are kept, marked, and left out of the figures and the exports.',
  'posterAnswers.line': '{town} · poster {poster}: {answers}, {phones}',
  'posterAnswers.answers.one': '{count} answer',
  'posterAnswers.answers.other': '{count} answers',
  'posterAnswers.phones.one': '{count} phone',
  'posterAnswers.phones.other': '{count} phones',
  'posterAnswers.burst': 'Burst: {count} answers within 10 minutes',
  'posterAnswers.setAside': 'Set aside',
  'posterAnswers.setAsideAction': 'Set its answers aside',
  'posterAnswers.takeBackAction': 'Count its answers again',
  'posterAnswers.phonesOf': 'Its {phones}',
  'posterAnswers.phone': 'Phone {phone}: {answers}',
  'posterAnswers.setAsidePhone': 'Set this phone’s answers aside',
  'posterAnswers.takeBackPhone': 'Count this phone’s answers again',
};

registerMessages({ fr: posterAnswersFr, en: posterAnswersEn });
