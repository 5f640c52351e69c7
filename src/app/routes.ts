import type { ComponentType } from 'preact';
import type { Role } from '../shared/protocol.ts';
import type { MessageKey } from '../ui/i18n.ts';
import { lazy } from '../ui/router.tsx';

/** A page of the app. Pages whose feature is not built yet stay out of the navigation. */
export interface AppRoute {
  path: string;
  label?: MessageKey;
  /** Shown in the navigation only to devices enrolled with one of these roles. */
  roles?: readonly Role[];
  component: ComponentType;
}

// Every page loads on demand (all are precached): the kiosk does not load the programme's code.
const ProgrammePage = lazy(() => import('../features/schedule/ProgrammePage.tsx').then((m) => m.ProgrammePage));
const SettingsPage = lazy(() => import('../features/devices/SettingsPage.tsx').then((m) => m.SettingsPage));
const CheckinPage = lazy(() => import('../features/checkin/CheckinPage.tsx').then((m) => m.CheckinPage));
const EnrollPage = lazy(() => import('../features/devices/EnrollPage.tsx').then((m) => m.EnrollPage));
const StagePage = lazy(() => import('../features/schedule/StagePage.tsx').then((m) => m.StagePage));
const StageEditPage = lazy(() => import('../features/schedule/StageEditPage.tsx').then((m) => m.StageEditPage));
const ParticipantsPage = lazy(() => import('../features/participants/ParticipantsPage.tsx').then((m) => m.ParticipantsPage));
const ParticipantPage = lazy(() => import('../features/participants/ParticipantPage.tsx').then((m) => m.ParticipantPage));
const BadgeSheetPage = lazy(() => import('../features/participants/BadgeSheetPage.tsx').then((m) => m.BadgeSheetPage));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage.tsx').then((m) => m.DashboardPage));
const ReportPage = lazy(() => import('../features/dashboard/ReportPage.tsx').then((m) => m.ReportPage));
const KioskPage = lazy(() => import('../features/kiosk/KioskPage.tsx').then((m) => m.KioskPage));
const PosterFeedbackPage = lazy(() => import('../features/kiosk/pages.ts').then((m) => m.PosterFeedbackPage));
const FeedbackSetupPage = lazy(() => import('../features/kiosk/pages.ts').then((m) => m.FeedbackSetupPage));
const EventPage = lazy(() => import('../features/event/EventPage.tsx').then((m) => m.EventPage));
const HomePage = lazy(() => import('../features/schedule/HomePage.tsx').then((m) => m.HomePage));
const DevicesPage = lazy(() => import('../features/devices/DevicesPage.tsx').then((m) => m.DevicesPage));

/** Every route, in navigation order. */
export const ROUTES: AppRoute[] = [
  { path: '/programme', label: 'nav.programme', component: ProgrammePage },
  { path: '/my-programme', component: ProgrammePage },
  { path: '/stages/new', roles: ['organizer'], component: StageEditPage },
  { path: '/stages/:id', component: StagePage },
  { path: '/stages/:id/edit', roles: ['organizer'], component: StageEditPage },
  // Public addresses of each event (the demo week keeps /programme and /stages/ID).
  { path: '/e/:slug', component: ProgrammePage },
  { path: '/e/:slug/my-programme', component: ProgrammePage },
  { path: '/e/:slug/stages/:id', component: StagePage },
  { path: '/e/:slug/feedback/:stageId', component: PosterFeedbackPage },
  { path: '/scan', label: 'nav.checkin', roles: ['animator', 'organizer'], component: CheckinPage },
  { path: '/kiosk', component: KioskPage },
  { path: '/feedback/:stageId', component: PosterFeedbackPage },
  { path: '/dashboard', label: 'nav.dashboard', roles: ['organizer'], component: DashboardPage },
  { path: '/report', roles: ['organizer'], component: ReportPage },
  { path: '/participants', label: 'nav.participants', roles: ['organizer'], component: ParticipantsPage },
  { path: '/participants/badges', component: BadgeSheetPage },
  { path: '/participants/:id', component: ParticipantPage },
  { path: '/feedback-setup', label: 'nav.feedback', roles: ['organizer'], component: FeedbackSetupPage },
  { path: '/event', label: 'nav.event', roles: ['organizer'], component: EventPage },
  { path: '/devices', label: 'nav.devices', roles: ['organizer'], component: DevicesPage },
  { path: '/enroll', component: EnrollPage },
  { path: '/settings', label: 'nav.settings', component: SettingsPage },
];

/** The page shown at "/": the followed event's programme, or the server's events on a first visit. */
export const HOME_ROUTE = HomePage;
