import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations, openDatabase, schemaVersion } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

const dir = tempDir();

describe('openDatabase', () => {
  it('creates missing parent folders and the file', () => {
    const path = join(dir, 'a', 'b', 'c', 'bot.sqlite');
    const db = openDatabase(path);
    db.close();
    expect(existsSync(path)).toBe(true);
  });

  it('sets WAL, foreign keys, synchronous NORMAL and a busy timeout', () => {
    const db = openDatabase(join(dir, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    db.close();
  });

  it('brings a new file to the newest migration', () => {
    const db = openDatabase(join(dir, 'fresh.sqlite'));
    const newest = listMigrations().at(-1)!.version;
    expect(schemaVersion(db)).toBe(newest);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['quiz_posts', 'quiz_schedules', 'answers', 'member_progress']));
    db.close();
  });

  it('enforces foreign keys (an answer needs its post)', () => {
    const db = openDatabase(join(dir, 'fk.sqlite'));
    const insert = () =>
      db
        .prepare(
          `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
           VALUES ('g', 'u', 0, 999, 'q', '330.1', '[]', 1, 10, '2024-01-01', 0)`,
        )
        .run();
    expect(insert).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('reopening applies nothing twice', () => {
    const path = join(dir, 'twice.sqlite');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(listMigrations().at(-1)!.version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
