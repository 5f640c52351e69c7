import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import type { Role } from '../shared/protocol.ts';
import type { MessageKey } from '../ui/i18n.ts';
import { ProgrammePage } from '../features/schedule/ProgrammePage.tsx';
import { NotBuiltPage } from '../ui/NotBuiltPage.tsx';

/** A page of the app. Pages whose feature is not built yet stay out of the navigation. */
export interface AppRoute {
  path: string;
  label?: MessageKey;
  /** Shown in the navigation only to devices enrolled with one of these roles. */
  roles?: readonly Role[];
  component: ComponentType;
}

const SettingsPage = lazy(() => import('../features/devices/SettingsPage.tsx').then((m) => m.SettingsPage));
const CheckinPage = lazy(() => import('../features/checkin/CheckinPage.tsx').then((m) => m.CheckinPage));
const EnrollPage = lazy(() => import('../features/devices/EnrollPage.tsx').then((m) => m.EnrollPage));
const KioskPage = lazy(() => import('../features/kiosk/pages.ts').then((m) => m.KioskPage));
const PosterFeedbackPage = lazy(() => import('../features/kiosk/pages.ts').then((m) => m.PosterFeedbackPage));
const FeedbackSetupPage = lazy(() => import('../features/kiosk/pages.ts').then((m) => m.FeedbackSetupPage));
const DevicesPage = lazy(() => import('../features/devices/DevicesPage.tsx').then((m) => m.DevicesPage));

/** Every route, in navigation order. */
export const ROUTES: AppRoute[] = [
  { path: '/programme', label: 'nav.programme', component: ProgrammePage },
  { path: '/scan', label: 'nav.checkin', roles: ['animator', 'organizer'], component: CheckinPage },
  { path: '/kiosk', component: KioskPage },
  { path: '/feedback/:stageId', component: PosterFeedbackPage },
  { path: '/dashboard', component: NotBuiltPage },
  { path: '/participants', component: NotBuiltPage },
  { path: '/feedback-setup', label: 'nav.feedback', roles: ['organizer'], component: FeedbackSetupPage },
  { path: '/devices', label: 'nav.devices', roles: ['organizer'], component: DevicesPage },
  { path: '/enroll', component: EnrollPage },
  { path: '/settings', label: 'nav.settings', component: SettingsPage },
];

/** The page shown at "/". */
export const HOME_ROUTE = ProgrammePage;
