/** Entry point of the app (part of the main bundle: keep it small). */
import { render } from 'preact';
import '../ui/styles.css';
import { askForPersistenceIfNeeded } from '../features/devices/ask-persistence.ts';
import { loadLocale, storedLocale } from '../ui/i18n.ts';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-bridge.ts';

await loadLocale(storedLocale());
document.getElementById('shell')?.remove();
render(<App />, document.getElementById('app')!);
registerServiceWorker();
void askForPersistenceIfNeeded();
