/** Errors of the device database that a screen must tell apart and explain. */

/** The device ran out of storage space: the write did not happen. */
export class StorageFullError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('This device has no storage space left: the last action was not saved. Free some space, then try again.', options);
    this.name = 'StorageFullError';
  }
}

/** A write that needs an enrolled device (it becomes an op signed with the device id) on a device that is not. */
export class NotEnrolledError extends Error {
  constructor() {
    super('This device is not enrolled in an event yet: enrol it before recording anything.');
    this.name = 'NotEnrolledError';
  }
}

/** A value refused before it reached the database (an op payload outside the shared schema, an unknown record). */
export class InvalidWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWriteError';
  }
}

/** Whether an error, or one it wraps (its `cause`), has one of these names. */
export function hasErrorNamed(error: unknown, names: readonly string[], depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return (typeof name === 'string' && names.includes(name)) || hasErrorNamed(cause, names, depth + 1);
}

/**
 * Ops of this device wait, neither acknowledged by the server nor exported to a file, and the
 * action asked (forgetting the device, enrolling it elsewhere) would lose them: refused, nothing changed.
 */
export class PendingOpsError extends Error {
  constructor(readonly waiting: number) {
    super(
      `${waiting} op${waiting === 1 ? '' : 's'} of this device ${waiting === 1 ? 'is' : 'are'} not sent yet: sync the device, or export them to a file, first.`,
    );
    this.name = 'PendingOpsError';
  }
}

/** The device was enrolled again (another device id) while a sync of the old identity was running: that sync's result is dropped. */
export class IdentityChangedError extends Error {
  constructor() {
    super('This device was enrolled again during the sync: the answer meant for its former identity was not applied.');
    this.name = 'IdentityChangedError';
  }
}

/** An organizer revoked this device: it sends and records nothing more; its waiting ops can be exported to a file. */
export class DeviceRevokedError extends Error {
  constructor() {
    super('An organizer removed this device from the event: it records and sends nothing more. Export what is waiting to a file.');
    this.name = 'DeviceRevokedError';
  }
}
