/**
 * Real SQLite files for tests, opened the way the bot opens them (src/storage: pragmas + all migrations):
 * a temp folder removed after the test file, or a temp database with extra connections and its own cleanup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase, type Db } from '../../src/storage/index.ts';

/** A temp folder, removed after the test file. */
export function tempDir(prefix = 'storage-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TempDb {
  path: string;
  /** Another connection to the same file (like a second process would have). */
  open(): Db;
  cleanup(): void;
}

export function tempDatabase(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'quiz-test-'));
  const path = join(dir, 'test.sqlite');
  const opened: Db[] = [];
  const open = () => {
    const db = openDatabase(path);
    opened.push(db);
    return db;
  };
  open();
  return {
    path,
    open,
    cleanup() {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
