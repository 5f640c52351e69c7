/** Entry point of the app (part of the main bundle: keep it small). */
import { render } from 'preact';
import '../ui/styles.css';
import { askForPersistenceIfNeeded } from '../features/devices/ask-persistence.ts';
import { loadLocale, storedLocale } from '../ui/i18n.ts';
import { nextTask } from '../ui/next-task.ts';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-bridge.ts';

await loadLocale(storedLocale());
// Three tasks, not one (the static shell of index.html is on screen meanwhile): the modules'
// evaluation, the first render, then what the first screen does not need.
await nextTask();
document.getElementById('shell')?.remove();
render(<App />, document.getElementById('app')!);
await nextTask();
registerServiceWorker();
void askForPersistenceIfNeeded();
