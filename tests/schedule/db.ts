/**
 * Temp-file SQLite databases for the schedule/questions tests, with this module's migrations applied.
 * TODO: switch to src/storage's openDatabase once the migration runner lands.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MIGRATIONS = join(import.meta.dirname, '../../src/storage/migrations');

export interface TempDb {
  path: string;
  open(): Database.Database;
  cleanup(): void;
}

export function tempDatabase(extraSql = ''): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'quiz-test-'));
  const path = join(dir, 'test.sqlite');
  const opened: Database.Database[] = [];
  const open = () => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    opened.push(db);
    return db;
  };
  const first = open();
  for (const file of readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort()) {
    first.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
  }
  if (extraSql) first.exec(extraSql);
  return {
    path,
    open,
    cleanup() {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
