/**
 * The keys of device state in the meta table. Each is read and written only through the modules
 * that own it (device.ts; outbox.ts for seq and clock, with clock.ts and the sync
 * engine's push and pull for the clock; sync-state.ts; kiosk-settings.ts; stars.ts, programme-seen.ts,
 * report.ts), inside their transactions.
 */
export const META = {
  device: 'device',
  hlc: 'hlc',
  /** The latest clock received from the server (pulled field clocks, own edits it applied): where a clock once far ahead restarts. */
  hlcSeen: 'hlc-seen',
  cursor: 'pull-cursor',
  /** The server's mark of the change at the pull cursor, sent back with the next pull (a restored log no longer has it). */
  cursorMark: 'pull-cursor-mark',
  /** The furthest point of the log seen (pull or push) and its mark, kept across a re-enrolment; sent back with the next pull. */
  logMark: 'log-mark',
  status: 'sync-status',
  rejections: 'sync-rejections',
  kiosk: 'kiosk-settings',
  /** The last seq exported to a file, per author device (ops-file.ts): what "forget" and re-enrolment may leave behind. */
  exported: 'exported-ops',
  nextSeq: (deviceId: string) => `next-seq:${deviceId}`,
  stars: (slug: string) => `stars:${slug}`,
  programmeSeen: (slug: string) => `programme-seen:${slug}`,
  reportComments: (slug: string) => `report-comments:${slug}`,
} as const;
