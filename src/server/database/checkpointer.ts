import { Worker } from 'node:worker_threads';

/** What a SQLite database's checkpointer does: asked after each commit, closed with the database. */
export interface Checkpointer {
  /** A transaction committed: checkpoint the WAL soon, on the checkpointer's thread. */
  committed(): void;
  /** Stops the thread and closes its connection (the database file is let go of). */
  close(): Promise<void>;
}

/**
 * Checkpoints the WAL of the SQLite database at `file` on a worker thread with its own connection,
 * started at the first commit. Checkpoints move no durability: a commit is durable once its WAL
 * frames are synced (`synchronous = FULL`); a checkpoint copies them into the database file so
 * the WAL can be reused. Done by the writing connection at a commit (SQLite's automatic
 * checkpoint), it made that push wait for the copy and a sync of the database file.
 */
export function startCheckpointer(file: string, busyTimeoutMs: number): Checkpointer {
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let closed = false;
  return {
    committed() {
      if (closed) return;
      if (!worker) {
        worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file, busyTimeoutMs } });
        // It never keeps the process alive, and a failure of it leaves the writer's own checkpoints.
        worker.unref();
        worker.on('error', () => undefined);
        exited = new Promise((resolve) => worker!.once('exit', () => resolve()));
      }
      worker.postMessage('checkpoint');
    },
    async close() {
      closed = true;
      if (!worker) return;
      // Held again until it has exited: a process with nothing else to do (a CLI command) waits for it.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
