// Checkpoints a SQLite database's WAL on a thread of its own (see checkpointer.ts): copying the
// WAL's pages into the database file and syncing it then never holds up a push, whose commit
// only appends to the WAL and syncs it. Plain JavaScript: a worker does not go through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/**
 * At most one checkpoint in this time: the commits in between are copied together, a page that
 * several of them changed (an index's) once, and the database file is synced once for all.
 */
const INTERVAL_MS = 500;

const connection = new SQLite(workerData.file);
connection.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
// A checkpoint syncs the database file before the WAL may be reused (what FULL means for it).
connection.pragma('synchronous = FULL');

let timer;
let lastRun = 0;

function checkpoint() {
  timer = undefined;
  lastRun = Date.now();
  if (!connection.open) return;
  try {
    // PASSIVE: copies what no reader still needs, waits for no one, and lets writers go on.
    connection.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing this time: the next commit asks again, and the writer's own automatic checkpoint stays as a backstop.
  }
}

parentPort.on('message', (message) => {
  if (message === 'close') {
    clearTimeout(timer);
    connection.close();
    parentPort.close();
    return;
  }
  // A commit: checkpoint soon, unless one is already due.
  if (timer === undefined) timer = setTimeout(checkpoint, Math.max(0, lastRun + INTERVAL_MS - Date.now()));
});
