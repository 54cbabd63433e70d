/** Temp-file SQLite databases opened like the bot opens them (src/storage: pragmas + all migrations). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/index.ts';

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
