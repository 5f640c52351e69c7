import { checkInIf } from '../../db/checkins.ts';
import type { DatabaseRef } from '../../db/database.ts';
import type { CheckinMethod, CheckinRow, ParticipantRow } from '../../db/schema.ts';
import { readBadge, type BadgeEvent, type BadgeReading, type BadgeRejection } from '../../shared/badge.ts';

/** Why a scan is refused: the badge's own fault, an erased participant, or a walk-in not synced here yet. */
export type ScanRefusal = BadgeRejection | 'erased' | 'walk-in-unknown';

/** What the device decided about a code, before anything is written. */
export type ScanDecision =
  | { accept: true; participantId: string; participant: ParticipantRow | undefined; earlier: CheckinRow | undefined }
  | { accept: false; reason: ScanRefusal };

/** What the screen answers for a scan, once its check-in (if any) has committed. */
export type ScanOutcome =
  | { kind: 'welcome'; participant: ParticipantRow | undefined; checkin: CheckinRow }
  | { kind: 'repeat'; participant: ParticipantRow | undefined; earlier: CheckinRow; checkin: CheckinRow }
  | { kind: 'refused'; reason: ScanRefusal }
  | { kind: 'ignored' };

/**
 * The badge rules (src/shared/badge.ts), pure: a signed badge of this event is accepted even when its
 * participant has not reached the device; a walk-in's device-made badge only when the device
 * holds that participant with that very code (it carries no signature); an erased participant
 * is refused; an earlier check-in at this stage makes the scan a repeat (kept, shown amber).
 */
export function decideScan(
  code: string,
  reading: BadgeReading,
  participant: ParticipantRow | undefined,
  earlier: CheckinRow | undefined,
): ScanDecision {
  if (!reading.ok) return { accept: false, reason: reading.reason };
  if (reading.kind === 'walk-in') {
    if (!participant) return { accept: false, reason: 'walk-in-unknown' };
    if (participant.badgeCode !== code.trim()) return { accept: false, reason: 'forged' };
  }
  if (participant?.erased) return { accept: false, reason: 'erased' };
  return { accept: true, participantId: reading.participantId, participant, earlier };
}

/** Ignores the same code read again within `windowMs` of its last answer (a camera sees a badge many times a second). */
export function repeatGuard(windowMs = 3_000): (code: string, nowMs: number) => boolean {
  const answered = new Map<string, number>();
  return (code, nowMs) => {
    const key = code.trim();
    const last = answered.get(key);
    if (last !== undefined && nowMs - last < windowMs) return true;
    answered.set(key, nowMs);
    for (const [other, at] of answered) if (nowMs - at >= windowMs) answered.delete(other);
    return false;
  };
}

/** Everything a scan needs to know besides the code. */
export interface ScanContext {
  event: BadgeEvent;
  stageId: string;
  method: Extract<CheckinMethod, 'camera' | 'scanner'>;
  /** Returns true when this code must be ignored (see repeatGuard). */
  ignore?: (code: string, nowMs: number) => boolean;
  now?: () => Date;
}

/**
 * A scan from decoded text to committed check-in: read the badge, look the participant and
 * their earlier check-in up, decide, and record, the last three in one transaction. Resolves
 * only after that transaction has committed, so a green answer is never shown for a lost write.
 */
export async function scanCode(db: DatabaseRef, code: string, context: ScanContext): Promise<ScanOutcome> {
  const now = context.now ?? (() => new Date());
  if (context.ignore?.(code, now().getTime())) return { kind: 'ignored' };
  const reading = await readBadge(code, context.event);
  if (!reading.ok) return { kind: 'refused', reason: reading.reason };
  const verdict: { decision?: ScanDecision } = {};
  const facts = await checkInIf(
    db,
    { participantId: reading.participantId, stageId: context.stageId, method: context.method },
    (participant, earlier) => (verdict.decision = decideScan(code, reading, participant, earlier)).accept,
    now,
  );
  const decision = verdict.decision!; // checkInIf always asks
  if (!decision.accept) return { kind: 'refused', reason: decision.reason };
  if (!facts.checkin) throw new Error('An accepted scan was not recorded');
  return facts.earlier
    ? { kind: 'repeat', participant: facts.participant, earlier: facts.earlier, checkin: facts.checkin }
    : { kind: 'welcome', participant: facts.participant, checkin: facts.checkin };
}
