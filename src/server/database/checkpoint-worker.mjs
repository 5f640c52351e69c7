// Checkpoints a SQLite database's WAL on a thread of its own (see checkpointer.ts): copying the
// WAL's pages into the database file and syncing it then never holds up a push, whose commit
// only appends to the WAL and syncs it. Plain JavaScript: a worker does not go through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const connection = new SQLite(workerData.file);
connection.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
// A checkpoint syncs the database file before the WAL may be reused (what FULL means for it).
connection.pragma('synchronous = FULL');

let queued = false;
parentPort.on('message', (message) => {
  if (message === 'close') {
    connection.close();
    parentPort.close();
    return;
  }
  // Commits in a row ask once: the checkpoint after them copies all they wrote.
  if (queued) return;
  queued = true;
  setImmediate(() => {
    queued = false;
    if (!connection.open) return;
    try {
      // PASSIVE: copies what no reader still needs, waits for no one, and lets writers go on.
      connection.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing this time: the next commit asks again, and the writer's own automatic checkpoint stays as a backstop.
    }
  });
});
