/**
 * The feedback pages, loaded as ONE lazy chunk (kiosk, poster form, organizer's setup): each lazy
 * route adds its chunks to the main bundle's preload map, and the public programme must stay
 * within its 50 KB budget.
 */
export { KioskPage } from './KioskPage.tsx';
export { PosterFeedbackPage } from './PosterFeedbackPage.tsx';
export { FeedbackSetupPage } from './FeedbackSetupPage.tsx';
