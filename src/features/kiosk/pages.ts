/**
 * The organizer's and participants' feedback pages other than the kiosk (poster form, form setup),
 * loaded as ONE lazy chunk: each lazy route adds its chunks to the main bundle's preload map, and
 * the public programme must stay within its 50 KB budget. The kiosk screen is its own chunk
 * (KioskPage.tsx), so that a kiosk tablet does not load these pages.
 */
export { PosterFeedbackPage } from './PosterFeedbackPage.tsx';
export { FeedbackSetupPage } from './FeedbackSetupPage.tsx';
