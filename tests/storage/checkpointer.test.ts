import { execFile } from 'node:child_process';
import { renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openSqlite, startCheckpointer } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

describe('background checkpointer', () => {
  it('copies committed WAL pages into the database file from its own thread, then stops cleanly', async () => {
    const path = join(tempDir('checkpoint-'), 'bot.sqlite');
    const handle = openSqlite(path);
    const db = handle.connection;
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)');
    const errors: string[] = [];
    const checkpointer = startCheckpointer(handle, { intervalMs: 20, onError: (message) => errors.push(message) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000); // only a safety net now
    const before = statSync(path).size;
    const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(16_384, i)); // ~3 MB, 200 commits, all into the WAL
    // WAL mode writes the database file only when a checkpoint runs: its growth is the worker's doing.
    expect(await waitFor(() => statSync(path).size >= before + 3_000_000, 5_000)).toBe(true);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    expect(errors).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(200);
    db.close();
  });

  it('stop() can be the last thing a process awaits (the worker keeps it alive until it has exited)', async () => {
    const path = join(tempDir('checkpoint-'), 'child.sqlite');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'checkpointer-child.ts'), path], {
      cwd: join(import.meta.dirname, '../..'),
    });
    expect(stdout).toBe('stopped\n');
  });

  it('a worker that dies says why, and the bot connection checkpoints by itself again', async () => {
    const path = join(tempDir('checkpoint-'), 'moved.sqlite');
    const handle = openSqlite(path);
    const db = handle.connection;
    renameSync(path, `${path}.moved`); // the worker's open (fileMustExist) fails
    const errors: string[] = [];
    const checkpointer = startCheckpointer(handle, { intervalMs: 10, onError: (message) => errors.push(message) });
    expect(await waitFor(() => errors.length >= 2, 5_000)).toBe(true);
    expect(errors[0]).toMatch(/SQLITE_CANTOPEN|unable to open/);
    expect(errors[1]).toMatch(/worker exited/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    await checkpointer.stop(); // still safe to call
    db.close();
  });

  it('without it, the same writes stay in the WAL (the control for the test above)', () => {
    const path = join(tempDir('checkpoint-'), 'control.sqlite');
    const db = openSqlite(path).connection;
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)');
    const before = statSync(path).size;
    const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(16_384, i));
    expect(statSync(path).size).toBeLessThan(before + 1_000_000);
    db.close();
  });
});
