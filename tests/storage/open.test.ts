import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations, openSqlite, schemaVersion, sqliteSchemaVersion } from '../../src/storage/index.ts';
import { tablesOf, tempDatabase, tempDir } from '../support/temp-db.ts';

const dir = tempDir();

describe('openSqlite (the SQLite file)', () => {
  it('creates missing parent folders and the file', async () => {
    const path = join(dir, 'a', 'b', 'c', 'bot.sqlite');
    const db = openSqlite(path);
    await db.close();
    expect(existsSync(path)).toBe(true);
  });

  it('sets WAL, foreign keys, synchronous NORMAL and a busy timeout', async () => {
    const db = openSqlite(join(dir, 'pragmas.sqlite'));
    const raw = db.connection;
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    await db.close();
  });

  it('reopening applies nothing twice and leaves a sound file', async () => {
    const path = join(dir, 'twice.sqlite');
    await openSqlite(path).close();
    const db = openSqlite(path);
    expect(sqliteSchemaVersion(db.connection)).toBe(listMigrations().at(-1)!.version);
    expect(db.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    await db.close();
  });
});

describe('openDatabase (the test engine)', () => {
  it('brings a new database to the newest migration', async () => {
    const temp = await tempDatabase('fresh');
    const newest = listMigrations().at(-1)!.version;
    expect(await schemaVersion(temp.db)).toBe(newest);
    expect(await tablesOf(temp.db)).toEqual(expect.arrayContaining(['quiz_posts', 'quiz_schedules', 'answers', 'member_progress']));
    await temp.cleanup();
  });

  it('enforces foreign keys (an answer needs its post)', async () => {
    const temp = await tempDatabase('fk');
    const insert = temp.db.run(
      `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
       VALUES ('g', 'u', 0, 999, 'q', '330.1', '[]', 1, 10, '2024-01-01', 0)`,
    );
    await expect(insert).rejects.toThrow(/FOREIGN KEY|foreign key/);
    await temp.cleanup();
  });

  it('reopening applies nothing twice', async () => {
    const temp = await tempDatabase('twice');
    await temp.db.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c1', '09:00', 'UTC', 1)`);
    const again = await temp.open();
    expect(await schemaVersion(again)).toBe(listMigrations().at(-1)!.version);
    expect(await again.get('SELECT count(*) AS n FROM quiz_schedules')).toEqual({ n: 1 });
    await temp.cleanup();
  });
});
