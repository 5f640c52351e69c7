import { registerMessages } from '../i18n.ts';

/** Messages of the programme's change notice, registered when it loads (only when something changed). */
export const changesFr = {
  'changes.title': 'Ce qui a changé depuis votre dernière visite',
  'changes.seen': 'J’ai vu',
  'changes.dayTime': '{day} à {time}',
  'changes.stageAdded': 'Nouvelle étape : {town}, {when}',
  'changes.stageRemoved': '{town} : étape annulée',
  'changes.stageStarts': '{town} : commence à {to} au lieu de {from}',
  'changes.stageStartsDay': '{town} : commence le {to} au lieu du {from}',
  'changes.stageEnds': '{town} : finit à {to} au lieu de {from}',
  'changes.stageEndsDay': '{town} : finit le {to} au lieu du {from}',
  'changes.stageVenue': '{town} : nouveau lieu, {to} (au lieu de {from})',
  'changes.talkAdded': '{town} : nouvelle intervention « {title} », {when}',
  'changes.talkRemoved': '{town} : « {title} » est annulée',
  'changes.talkStarts': '{town} : « {title} » commence à {to} au lieu de {from}',
  'changes.talkStartsDay': '{town} : « {title} » commence le {to} au lieu du {from}',
  'changes.talkMoved': '« {title} » passe de {fromTown} à {town}',
  'changes.talkRenamed': '{town} : « {from} » devient « {to} »',
} as const;

export type ChangesMessageKey = keyof typeof changesFr;

export const changesEn: Record<ChangesMessageKey, string> = {
  'changes.title': 'What changed since your last visit',
  'changes.seen': 'Got it',
  'changes.dayTime': '{day} at {time}',
  'changes.stageAdded': 'New stage: {town}, {when}',
  'changes.stageRemoved': '{town}: stage cancelled',
  'changes.stageStarts': '{town}: starts at {to} instead of {from}',
  'changes.stageStartsDay': '{town}: starts on {to} instead of {from}',
  'changes.stageEnds': '{town}: ends at {to} instead of {from}',
  'changes.stageEndsDay': '{town}: ends on {to} instead of {from}',
  'changes.stageVenue': '{town}: new place, {to} (instead of {from})',
  'changes.talkAdded': '{town}: new talk “{title}”, {when}',
  'changes.talkRemoved': '{town}: “{title}” is cancelled',
  'changes.talkStarts': '{town}: “{title}” starts at {to} instead of {from}',
  'changes.talkStartsDay': '{town}: “{title}” starts on {to} instead of {from}',
  'changes.talkMoved': '“{title}” moves from {fromTown} to {town}',
  'changes.talkRenamed': '{town}: “{from}” becomes “{to}”',
};

registerMessages({ fr: changesFr, en: changesEn });
