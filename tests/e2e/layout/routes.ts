import type { Page } from 'playwright-core';
import { isPhone, type Viewport } from './checks.ts';

/** Who opens the route: a visitor's phone, or a device enrolled with a role (a poster phone comes through a stage poster). */
export type LayoutDevice = 'visitor' | 'organizer' | 'animator' | 'kiosk' | 'poster';

/** Ids the routes need from the seeded event. */
export interface LayoutIds {
  floracStageId: string;
  longNameParticipantId: string;
  posterPath: string;
}

export interface LayoutRoute {
  /** Also the screenshot's file name. */
  name: string;
  device: LayoutDevice;
  path(ids: LayoutIds): string;
  /** A selector that appears once the screen shows its data. */
  ready: string;
  /** Touch screens at every size (kiosk, scan, poster form); the others are held to 44 px on phones only. */
  touchEverywhere?: boolean;
  /** What must be wholly in view without scrolling, at this size. */
  inView?(viewport: Viewport): string[];
  /** A participant's own phone: no sync jargon either. */
  participantPhone?: boolean;
  /** Steps after the page loads (tap a face, start the camera), once for all sizes. */
  prepare?(page: Page): Promise<void>;
}

const faces = ['.kiosk-faces .kiosk-question', '.kiosk-face'];
/** The poster phone's answer to the form's short-text question (the dashboard lists it). */
export const TEXT_ANSWER = 'Un atelier vélo le samedi';

/** Every screen, in the order of the pages a person meets them. Add a route here and it is checked at every size. */
export const LAYOUT_ROUTES: LayoutRoute[] = [
  { name: 'home', device: 'visitor', path: () => '/', ready: '.stage' },
  { name: 'programme', device: 'visitor', path: () => '/programme', ready: '.stage' },
  { name: 'event-programme', device: 'visitor', path: () => '/e/tiers-lieux-lozere', ready: '.stage' },
  { name: 'my-programme', device: 'visitor', path: () => '/my-programme', ready: 'main h1' },
  { name: 'stage', device: 'visitor', path: (ids) => `/stages/${ids.floracStageId}`, ready: '.route-map' },
  { name: 'settings-visitor', device: 'visitor', path: () => '/settings', ready: 'main h1' },
  { name: 'enroll', device: 'visitor', path: () => '/enroll', ready: 'main h1' },
  { name: 'poster-faces', device: 'poster', path: (ids) => ids.posterPath, ready: '.kiosk-face', touchEverywhere: true, participantPhone: true, inView: (viewport) => (isPhone(viewport) ? faces : []) },
  {
    name: 'poster-questions',
    device: 'poster',
    path: (ids) => ids.posterPath.replace(/#.*/, ''),
    ready: '.kiosk-face',
    touchEverywhere: true,
    participantPhone: true,
    prepare: (page) => page.locator('.kiosk-face').nth(3).click(),
  },
  {
    name: 'poster-thanks',
    device: 'poster',
    path: (ids) => ids.posterPath.replace(/#.*/, ''),
    ready: '.kiosk-face',
    touchEverywhere: true,
    participantPhone: true,
    prepare: async (page) => {
      await page.locator('.kiosk-face').nth(4).click();
      await page.getByLabel('Une idée pour la suite, en quelques mots').fill(TEXT_ANSWER);
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByRole('button', { name: 'Donner un autre avis' }).waitFor();
    },
  },
  { name: 'kiosk-faces', device: 'kiosk', path: () => '/kiosk', ready: '.kiosk-face', touchEverywhere: true, inView: () => faces },
  {
    name: 'kiosk-questions',
    device: 'kiosk',
    path: () => '/kiosk',
    ready: '.kiosk-face',
    touchEverywhere: true,
    prepare: (page) => page.locator('.kiosk-face').nth(4).click(),
  },
  {
    // The last of the kiosk's screens: revoked, it stays so.
    name: 'kiosk-revoked',
    device: 'kiosk',
    path: () => '/kiosk',
    ready: '.kiosk-face',
    touchEverywhere: true,
    inView: () => ['.kiosk-revoked', '.kiosk__staff'],
    prepare: async (page) => {
      // The identity as the sync engine leaves it when the server says an organizer revoked the
      // device (src/db/revocation.ts; tests/e2e/kiosk.test.ts goes through the server): this test is about the screen.
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('etape');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('meta', 'readwrite');
              const meta = tx.objectStore('meta');
              const read = meta.get('device');
              read.onsuccess = () => meta.put({ key: 'device', value: { ...read.result.value, token: '', revokedAt: '2026-11-26T15:00:00.000Z' } });
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      await page.reload();
      await page.locator('.kiosk-revoked').waitFor();
    },
  },
  { name: 'scan', device: 'animator', path: () => '/scan', ready: '[data-testid="recent"] li', touchEverywhere: true },
  {
    name: 'scan-camera',
    device: 'animator',
    path: () => '/scan',
    ready: '[data-testid="presence"]',
    touchEverywhere: true,
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Scanner avec la caméra' }).click();
      await page.locator('.camera__frame video').waitFor();
    },
    inView: (viewport) => (viewport.width === 390 && viewport.height === 844 ? ['.camera__frame'] : []),
  },
  {
    name: 'scan-search',
    device: 'animator',
    path: () => '/scan',
    ready: '[data-testid="presence"]',
    touchEverywhere: true,
    // A name most of the 300 share: 8 results, then the line asking for more of the name; the box at the top, as a phone's keyboard puts it.
    prepare: async (page) => {
      await page.getByLabel('Rechercher un nom ou une structure').fill('a');
      await page.locator('.people li').nth(7).waitFor();
      await page.getByLabel('Rechercher un nom ou une structure').evaluate((box) => box.scrollIntoView({ block: 'start' }));
    },
    inView: (viewport) => (viewport.width === 390 && viewport.height === 844 ? ['#checkin-search', '.people li:first-child'] : []),
  },
  { name: 'dashboard', device: 'organizer', path: () => '/dashboard', ready: '[data-figure="registered"] dd' },
  { name: 'report', device: 'organizer', path: () => '/report', ready: '[data-testid="report-headline"]' },
  { name: 'participants', device: 'organizer', path: () => '/participants', ready: '[data-testid="participants-count"]' },
  { name: 'participant', device: 'organizer', path: (ids) => `/participants/${ids.longNameParticipantId}`, ready: 'img.badge__qr' },
  { name: 'badges', device: 'organizer', path: () => '/participants/badges', ready: 'img.badge__qr' },
  { name: 'feedback-setup', device: 'organizer', path: () => '/feedback-setup', ready: 'main form' },
  { name: 'event', device: 'organizer', path: () => '/event', ready: 'main form' },
  { name: 'devices', device: 'organizer', path: () => '/devices', ready: 'main table' },
  { name: 'settings', device: 'organizer', path: () => '/settings', ready: 'main h1' },
  { name: 'stage-edit', device: 'organizer', path: (ids) => `/stages/${ids.floracStageId}/edit`, ready: 'main form' },
  { name: 'stage-new', device: 'organizer', path: () => '/stages/new', ready: 'main form' },
];
