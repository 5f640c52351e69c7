import { getMeta, putMeta, read, write, type DatabaseRef } from './database.ts';
import { META } from './meta.ts';

/** A PIN as stored: PBKDF2-SHA-256 of the digits with a random salt (never the digits). */
export interface StoredPin {
  salt: string;
  hash: string;
  iterations: number;
}

/** A kiosk's own settings: the organizer's PIN, and the stage chosen behind it (when enrolment set none). */
export interface KioskSettings {
  pin: StoredPin | null;
  stageId: string | null;
  /** Wrong PINs in a row, and until when (epoch ms) the PIN is refused after too many: kept across reloads. */
  pinMisses: number;
  pinLockedUntil: number;
}

const EMPTY: KioskSettings = { pin: null, stageId: null, pinMisses: 0, pinLockedUntil: 0 };

/** This kiosk's settings (no PIN and no stage until set). Wiped with the device ("forget this device"). */
export async function readKioskSettings(ref: DatabaseRef): Promise<KioskSettings> {
  const value = (await read(ref, ['meta'], (tx) => getMeta(tx, META.kiosk), () => undefined)) as Partial<KioskSettings> | undefined;
  return { ...EMPTY, ...value };
}

/** Changes some of this kiosk's settings, in one transaction. */
export async function updateKioskSettings(ref: DatabaseRef, changes: Partial<KioskSettings>): Promise<KioskSettings> {
  return write(ref, ['meta'], async (tx) => {
    const next = { ...EMPTY, ...((await getMeta(tx, META.kiosk)) as Partial<KioskSettings> | undefined), ...changes };
    await putMeta(tx, META.kiosk, next);
    return next;
  });
}
