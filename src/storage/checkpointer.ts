/**
 * WAL checkpoints on a worker thread. By default SQLite checkpoints inside the commit that crosses
 * wal_autocheckpoint, so one unlucky answer pays for copying ~40 MB back into the database file. SQLite's
 * WAL documentation suggests the alternative used here: a second connection, on its own thread, runs
 * PASSIVE checkpoints (which never wait for readers or writers) every so often, and the bot's connection
 * keeps only a far larger automatic threshold as a safety net in case that thread is gone.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';
import { WAL_AUTOCHECKPOINT_PAGES } from './open.ts';
import { SqliteDb } from './sqlite.ts';

export interface CheckpointerOptions {
  /** How often the worker checkpoints, ms (default 1,000). */
  intervalMs?: number;
  /** wal_autocheckpoint kept on the main connection as a safety net, in pages (default 100,000, ~400 MB). */
  safetyNetPages?: number;
  /** Told about a checkpoint that failed (the next one retries). */
  onError?: (message: string) => void;
}

export interface Checkpointer {
  /** Stops the worker (waits for it to close its connection) and gives the main connection its default back. */
  stop(): Promise<void>;
}

// Plain CommonJS run by the worker: no TypeScript loader needed, and the same driver file as the main thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing a SQLite file (a WAL database on disk) from a worker thread; nothing for PostgreSQL. */
export function startCheckpointer(handle: Db, options: CheckpointerOptions = {}): Checkpointer {
  // PostgreSQL checkpoints on its own; an in-memory SQLite database has nothing on disk to checkpoint.
  if (!(handle instanceof SqliteDb) || handle.connection.memory) return { stop: async () => {} };
  const db = handle.connection;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path: db.name, intervalMs: Math.max(10, options.intervalMs ?? 1_000) },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  // A failed open in the worker arrives as a bare { code } object, without a message.
  worker.on('error', (error: Error & { code?: string }) => options.onError?.(error.message || error.code || String(error)));
  worker.unref(); // never the reason the process stays up
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(options.safetyNetPages ?? 100_000))}`);
  let stopped: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // The worker died on its own: the main connection checkpoints for itself again, at SQLite's usual size.
      if (!stopped && db.open) {
        db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
        options.onError?.('checkpoint worker exited; the bot connection checkpoints by itself again');
      }
      resolve();
    }),
  );
  return {
    stop() {
      stopped ??= (async () => {
        worker.ref(); // awaiting its exit must keep the process alive, or Node ends with the await pending
        worker.postMessage('stop');
        await exited;
        if (db.open) db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      })();
      return stopped;
    },
  };
}
