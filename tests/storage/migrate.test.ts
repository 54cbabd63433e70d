import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  listMigrations,
  migrationsDir,
  openDatabase,
  schemaVersion,
  SchemaTooNewError,
  SqliteDb,
  type Db,
  type Queries,
} from '../../src/storage/index.ts';
import { tablesOf, tempDir, tempTarget } from '../support/temp-db.ts';

const run = promisify(execFile);
const dir = tempDir('migrate-');

function migrationsFolder(name: string, files: Record<string, string>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, sql] of Object.entries(files)) writeFileSync(join(folder, file), sql);
  return folder;
}

/** One value of the first row. */
async function scalar(db: Queries, sql: string): Promise<unknown> {
  const row = await db.get<Record<string, unknown>>(sql);
  return row ? Object.values(row)[0] : undefined;
}

// The migration texts below are valid on both engines, so the runner is tested on the test engine.
describe('numbered migrations (test engine)', () => {
  it('applies files in number order (gaps allowed), ignores other files, records the version', async () => {
    const folder = migrationsFolder('order', {
      '0010_third.sql': `INSERT INTO log (n, step) VALUES (3, 'third');`,
      '0001_first.sql': `CREATE TABLE log (n INTEGER PRIMARY KEY, step TEXT NOT NULL); INSERT INTO log (n, step) VALUES (1, 'first');`,
      '0002_second.sql': `INSERT INTO log (n, step) VALUES (2, 'second');`,
      'README.md': 'not a migration',
      '0003_draft.sql.bak': 'garbage that would fail',
    });
    const { target, remove } = await tempTarget('order');
    const db = await openDatabase(target, { migrationsDir: folder });
    expect((await db.all<{ step: string }>('SELECT step FROM log ORDER BY n')).map((r) => r.step)).toEqual(['first', 'second', 'third']);
    expect(await schemaVersion(db)).toBe(10);
    await db.close();
    // Reopening applies nothing again.
    const again = await openDatabase(target, { migrationsDir: folder });
    expect(await scalar(again, 'SELECT count(*) AS n FROM log')).toBe(3);
    await again.close();
    await remove();
  });

  it('rolls a failing migration back entirely and keeps the ones before it', async () => {
    const folder = migrationsFolder('failing', {
      '0001_ok.sql': `CREATE TABLE kept (x INTEGER);`,
      '0002_broken.sql': `CREATE TABLE half (x INTEGER); INSERT INTO kept VALUES (1); SELECT * FROM no_such_table;`,
    });
    const { target, remove } = await tempTarget('failing');
    await expect(openDatabase(target, { migrationsDir: folder })).rejects.toThrow(/0002_broken/);
    const db = await openDatabase(target, { migrationsDir: folder, targetVersion: 1 });
    expect(await schemaVersion(db)).toBe(1);
    expect(await tablesOf(db)).toEqual(['kept']);
    expect(await scalar(db, 'SELECT count(*) AS n FROM kept')).toBe(0);
    await db.close();
    await remove();
  });

  it('refuses a database written by a newer bot, and leaves it as it was', async () => {
    const folder = migrationsFolder('older-code', { '0001_first.sql': 'CREATE TABLE t (x INTEGER);' });
    const newerFolder = migrationsFolder('newer-code', {
      '0001_first.sql': 'CREATE TABLE kept (x INTEGER);',
      '0005_fifth.sql': 'INSERT INTO kept VALUES (7);',
    });
    const { target, remove } = await tempTarget('newer');
    await (await openDatabase(target, { migrationsDir: newerFolder })).close();
    await expect(openDatabase(target, { migrationsDir: folder })).rejects.toThrow(SchemaTooNewError);
    await expect(openDatabase(target, { migrationsDir: folder })).rejects.toThrow(/schema version 5, newer than this bot's 1/);
    const check = await openDatabase(target, { migrationsDir: newerFolder });
    expect(await schemaVersion(check)).toBe(5);
    expect(await tablesOf(check)).toEqual(['kept']);
    expect(await scalar(check, 'SELECT x FROM kept')).toBe(7);
    await check.close();
    await remove();
  });

  it('refuses two files with one number', () => {
    const folder = migrationsFolder('duplicate', { '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    expect(() => listMigrations(folder)).toThrow(/two migrations numbered 0001/);
  });

  it('a migration leaving a broken foreign key does not commit', async () => {
    const folder = migrationsFolder('fk', {
      '0001_tables.sql': `CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id));`,
      '0002_orphan.sql': `INSERT INTO child VALUES (42);`,
    });
    const { target, remove } = await tempTarget('fk');
    // SQLite finds it with foreign_key_check before the commit; PostgreSQL refuses the row itself.
    await expect(openDatabase(target, { migrationsDir: folder })).rejects.toThrow(/foreign_key_check|foreign key/);
    const db = await openDatabase(target, { migrationsDir: folder, targetVersion: 1 });
    expect(await schemaVersion(db)).toBe(1);
    expect(await scalar(db, 'SELECT count(*) AS n FROM child')).toBe(0);
    await db.close();
    await remove();
  });

  it('processes opening one new database at the same time apply each migration once', async () => {
    const folder = migrationsFolder('concurrent', {
      '0001_t.sql': `CREATE TABLE applied (n INTEGER);`,
      '0002_a.sql': `INSERT INTO applied VALUES (2);`,
      '0003_b.sql': `INSERT INTO applied VALUES (3);`,
    });
    const { target, remove } = await tempTarget('concurrent');
    const worker = join(import.meta.dirname, 'open-worker.ts');
    const outputs = await Promise.all([1, 2, 3, 4].map(() => run(process.execPath, ['--import', 'tsx', worker, target, folder])));
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['3', '3', '3', '3']);
    const db = await openDatabase(target, { migrationsDir: folder });
    expect((await db.all<{ n: number }>('SELECT n FROM applied ORDER BY n')).map((r) => r.n)).toEqual([2, 3]);
    await db.close();
    await remove();
  }, 90_000);
});

describe('numbered migrations (SQLite file)', () => {
  it('a SQLite file whose user_version is ahead is refused untouched', async () => {
    const folder = migrationsFolder('older-code-sqlite', { '0001_first.sql': 'CREATE TABLE t (x INTEGER);' });
    const path = join(dir, 'newer.sqlite');
    const newer = new Database(path);
    newer.exec('CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (7);');
    newer.pragma('user_version = 5');
    newer.close();
    await expect(openDatabase(path, { migrationsDir: folder })).rejects.toThrow(SchemaTooNewError);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(5);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['kept']);
    check.close();
  });
});

describe('upgrading the real schema', () => {
  const sqlite = listMigrations(migrationsDir('sqlite'));
  const postgres = listMigrations(migrationsDir('postgres'));
  const newest = sqlite.at(-1)!.version;

  it('the shipped migrations are numbered 1, 2, 3, … without gaps (a number below the version never runs)', () => {
    expect(sqlite.map((m) => m.version)).toEqual(sqlite.map((_, i) => i + 1));
    expect(postgres.map((m) => m.version)).toEqual(postgres.map((_, i) => i + 1));
  });

  it('both engines have the same numbered files with the same names', () => {
    expect(postgres.map((m) => [m.version, m.name])).toEqual(sqlite.map((m) => [m.version, m.name]));
  });

  async function openAt(name: string, targetVersion?: number): Promise<{ target: string; db: Db; remove(): Promise<void> }> {
    const { target, remove } = await tempTarget(name);
    return { target, db: await openDatabase(target, { targetVersion }), remove };
  }

  it('a database one version behind keeps every row when opened by the current code', async () => {
    const previous = sqlite.at(-2)!.version;
    const { target, db: old, remove } = await openAt('previous', previous);
    expect(await schemaVersion(old)).toBe(previous);
    await old.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c1', '09:00', 'Europe/Lisbon', 1)`);
    const post = await old.get<{ id: number }>(
      `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
       VALUES ('g1', '2024-03-31', 1, 'q1', '330.1', 'c1', 'sent', 'n1', 1) RETURNING id`,
    );
    await old.run(
      `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
       VALUES ('g1', 'u1', 0, ?, 'q1', '330.1', '["a"]', 1, 10, '2024-03-31', 2)`,
      [post!.id],
    );
    await old.close();

    const db = await openDatabase(target);
    expect(await schemaVersion(db)).toBe(newest);
    expect(await db.all('SELECT guild_id, timezone FROM quiz_schedules')).toEqual([{ guild_id: 'g1', timezone: 'Europe/Lisbon' }]);
    expect(await db.all('SELECT local_date, seq FROM quiz_posts')).toEqual([{ local_date: '2024-03-31', seq: 1 }]);
    expect(await db.all('SELECT user_id, answer FROM answers')).toEqual([{ user_id: 'u1', answer: '["a"]' }]);
    if (db instanceof SqliteDb) expect(db.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    await db.close();
    await remove();
  });

  it('0004 carries the old rollups into member_progress: all-time totals and the latest week and month', async () => {
    const { target, db: old, remove } = await openAt('rollups', 3);
    const member = `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, daily_answered, daily_correct, topics, updated_at)
       VALUES ('g1', ?, ?, 4, 3, 2, '{"330.1":[3,2]}', 1)`;
    await old.run(member, ['u1', 2]);
    await old.run(member, ['u2', 0]);
    const period = `INSERT INTO member_period_stats (guild_id, period, user_id, points, answered, correct, acc_pm, listed) VALUES ('g1', ?, ?, ?, ?, ?, NULL, 1)`;
    for (const row of [
      ['all', 'u1', 34, 5, 4],
      ['2024-W13', 'u1', 10, 2, 1],
      ['2024-W14', 'u1', 20, 2, 2],
      ['2024-03', 'u1', 12, 3, 2],
      ['2024-04', 'u1', 22, 2, 2],
      ['all', 'u2', 2, 1, 1],
      ['2024-W02', 'u2', 2, 1, 1],
      ['2024-01', 'u2', 2, 1, 1],
    ] as const) {
      await old.run(period, row);
    }
    await old.close();

    const db = await openDatabase(target);
    const rows = await db.all(
      `SELECT user_id, current_streak, best_streak, topics, points, answered, correct, week_key, week_points, week_answered,
         week_correct, month_key, month_points, month_answered, month_correct FROM member_progress ORDER BY user_id`,
    );
    expect(rows).toEqual([
      {
        user_id: 'u1', current_streak: 2, best_streak: 4, topics: '{"330.1":[3,2]}', points: 34, answered: 5, correct: 4,
        week_key: '2024-W14', week_points: 20, week_answered: 2, week_correct: 2,
        month_key: '2024-04', month_points: 22, month_answered: 2, month_correct: 2,
      },
      {
        user_id: 'u2', current_streak: 0, best_streak: 4, topics: '{"330.1":[3,2]}', points: 2, answered: 1, correct: 1,
        week_key: '2024-W02', week_points: 2, week_answered: 1, week_correct: 1,
        month_key: '2024-01', month_points: 2, month_answered: 1, month_correct: 1,
      },
    ]);
    const tables = await tablesOf(db);
    expect(tables).not.toContain('member_period_stats');
    expect(tables).not.toContain('leaderboard_counts');
    await db.close();
    await remove();
  });

  it('a database from the first version upgrades to the newest without losing its rows', async () => {
    const { target, db: old, remove } = await openAt('first', 1);
    await old.transaction(async (tx) => {
      for (let i = 1; i <= 50; i++) {
        await tx.run(
          `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
           VALUES ('g1', ?, ?, 'q', '330.2', 'c1', 'revealed', ?, 1)`,
          [`2024-01-${String(((i - 1) % 28) + 1).padStart(2, '0')}-${i}`, i, `n${i}`],
        );
      }
    });
    await old.close();
    const db = await openDatabase(target);
    expect(await schemaVersion(db)).toBe(newest);
    expect(await scalar(db, 'SELECT count(*) AS n FROM quiz_posts')).toBe(50);
    await db.close();
    await remove();
  });
});
