import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { listMigrations, openDatabase, schemaVersion, SchemaTooNewError } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

const run = promisify(execFile);
const dir = tempDir('migrate-');

function migrationsFolder(name: string, files: Record<string, string>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, sql] of Object.entries(files)) writeFileSync(join(folder, file), sql);
  return folder;
}

describe('numbered migrations', () => {
  it('applies files in number order (gaps allowed), ignores other files, records user_version', () => {
    const folder = migrationsFolder('order', {
      '0010_third.sql': `INSERT INTO log (step) VALUES ('third');`,
      '0001_first.sql': `CREATE TABLE log (n INTEGER PRIMARY KEY, step TEXT NOT NULL); INSERT INTO log (step) VALUES ('first');`,
      '0002_second.sql': `INSERT INTO log (step) VALUES ('second');`,
      'README.md': 'not a migration',
      '0003_draft.sql.bak': 'garbage that would fail',
    });
    const db = openDatabase(join(dir, 'order.sqlite'), { migrationsDir: folder });
    expect(db.prepare('SELECT step FROM log ORDER BY n').pluck().all()).toEqual(['first', 'second', 'third']);
    expect(schemaVersion(db)).toBe(10);
    db.close();
    // Reopening applies nothing again.
    const again = openDatabase(join(dir, 'order.sqlite'), { migrationsDir: folder });
    expect(again.prepare('SELECT count(*) FROM log').pluck().get()).toBe(3);
    again.close();
  });

  it('rolls a failing migration back entirely and keeps the ones before it', () => {
    const folder = migrationsFolder('failing', {
      '0001_ok.sql': `CREATE TABLE kept (x INTEGER);`,
      '0002_broken.sql': `CREATE TABLE half (x INTEGER); INSERT INTO kept VALUES (1); SELECT * FROM no_such_table;`,
    });
    const path = join(dir, 'failing.sqlite');
    expect(() => openDatabase(path, { migrationsDir: folder })).toThrow(/0002_broken/);
    const db = openDatabase(path, { migrationsDir: folder, targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(['kept']);
    expect(db.prepare('SELECT count(*) FROM kept').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer bot, and leaves it as it was', () => {
    const folder = migrationsFolder('older-code', { '0001_first.sql': 'CREATE TABLE t (x INTEGER);' });
    const path = join(dir, 'newer.sqlite');
    const newer = new Database(path);
    newer.exec('CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (7);');
    newer.pragma('user_version = 5');
    newer.close();
    expect(() => openDatabase(path, { migrationsDir: folder })).toThrow(SchemaTooNewError);
    expect(() => openDatabase(path, { migrationsDir: folder })).toThrow(/schema version 5, newer than this bot's 1/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(5);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['kept']);
    check.close();
  });

  it('refuses two files with one number', () => {
    const folder = migrationsFolder('duplicate', { '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    expect(() => listMigrations(folder)).toThrow(/two migrations numbered 0001/);
  });

  it('a migration leaving a broken foreign key does not commit', () => {
    const folder = migrationsFolder('fk', {
      '0001_tables.sql': `CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id));`,
      '0002_orphan.sql': `INSERT INTO child VALUES (42);`,
    });
    expect(() => openDatabase(join(dir, 'fk.sqlite'), { migrationsDir: folder })).toThrow(/foreign_key_check/);
  });

  it('processes opening one new file at the same time apply each migration once', async () => {
    const folder = migrationsFolder('concurrent', {
      '0001_t.sql': `CREATE TABLE applied (n INTEGER);`,
      '0002_a.sql': `INSERT INTO applied VALUES (2);`,
      '0003_b.sql': `INSERT INTO applied VALUES (3);`,
    });
    const path = join(dir, 'concurrent.sqlite');
    const worker = join(import.meta.dirname, 'open-worker.ts');
    const outputs = await Promise.all(
      [1, 2, 3, 4].map(() => run(process.execPath, ['--import', 'tsx', worker, path, folder])),
    );
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['3', '3', '3', '3']);
    const db = openDatabase(path, { migrationsDir: folder });
    expect(db.prepare('SELECT n FROM applied ORDER BY n').pluck().all()).toEqual([2, 3]);
    db.close();
  }, 90_000);
});

describe('upgrading the real schema', () => {
  const all = listMigrations();
  const newest = all.at(-1)!.version;

  it('the shipped migrations are numbered 1, 2, 3, … without gaps (a number below user_version never runs)', () => {
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
  });

  it('a database one version behind keeps every row when opened by the current code', () => {
    const previous = all.at(-2)!.version;
    const path = join(dir, 'previous.sqlite');
    const old = openDatabase(path, { targetVersion: previous });
    expect(schemaVersion(old)).toBe(previous);
    const hasAnswers = old.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'answers'`).pluck().get() === 1;
    old.prepare(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c1', '09:00', 'Europe/Lisbon', 1)`).run();
    const post = old
      .prepare(
        `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
         VALUES ('g1', '2024-03-31', 1, 'q1', '330.1', 'c1', 'sent', 'n1', 1)`,
      )
      .run().lastInsertRowid;
    if (hasAnswers) {
      old
        .prepare(
          `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
           VALUES ('g1', 'u1', 0, ?, 'q1', '330.1', '["a"]', 1, 10, '2024-03-31', 2)`,
        )
        .run(post);
    }
    old.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(newest);
    expect(db.prepare('SELECT guild_id, timezone FROM quiz_schedules').all()).toEqual([{ guild_id: 'g1', timezone: 'Europe/Lisbon' }]);
    expect(db.prepare('SELECT local_date, seq FROM quiz_posts').all()).toEqual([{ local_date: '2024-03-31', seq: 1 }]);
    expect(db.prepare('SELECT user_id, answer FROM answers').all()).toEqual(hasAnswers ? [{ user_id: 'u1', answer: '["a"]' }] : []);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('0004 carries the old rollups into member_progress: all-time totals and the latest week and month', () => {
    const path = join(dir, 'rollups.sqlite');
    const old = openDatabase(path, { targetVersion: 3 });
    const member = old.prepare(
      `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, daily_answered, daily_correct, topics, updated_at)
       VALUES ('g1', ?, ?, 4, 3, 2, '{"330.1":[3,2]}', 1)`,
    );
    member.run('u1', 2);
    member.run('u2', 0);
    const period = old.prepare(
      `INSERT INTO member_period_stats (guild_id, period, user_id, points, answered, correct, acc_pm, listed) VALUES ('g1', ?, ?, ?, ?, ?, NULL, 1)`,
    );
    for (const [key, user, points, answered, correct] of [
      ['all', 'u1', 34, 5, 4],
      ['2024-W13', 'u1', 10, 2, 1],
      ['2024-W14', 'u1', 20, 2, 2],
      ['2024-03', 'u1', 12, 3, 2],
      ['2024-04', 'u1', 22, 2, 2],
      ['all', 'u2', 2, 1, 1],
      ['2024-W02', 'u2', 2, 1, 1],
      ['2024-01', 'u2', 2, 1, 1],
    ] as const) {
      period.run(key, user, points, answered, correct);
    }
    old.close();

    const db = openDatabase(path);
    const rows = db
      .prepare(
        `SELECT user_id, current_streak, best_streak, topics, points, answered, correct, week_key, week_points, week_answered,
           week_correct, month_key, month_points, month_answered, month_correct FROM member_progress ORDER BY user_id`,
      )
      .all();
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
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('member_period_stats', 'leaderboard_counts')`).all();
    expect(tables).toEqual([]);
    db.close();
  });

  it('a database from the first version upgrades to the newest without losing its rows', () => {
    const path = join(dir, 'first.sqlite');
    const old = openDatabase(path, { targetVersion: 1 });
    const insert = old.prepare(
      `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
       VALUES ('g1', ?, ?, 'q', '330.2', 'c1', 'revealed', ?, 1)`,
    );
    for (let i = 1; i <= 50; i++) insert.run(`2024-01-${String(((i - 1) % 28) + 1).padStart(2, '0')}-${i}`, i, `n${i}`);
    old.close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(newest);
    expect(db.prepare('SELECT count(*) FROM quiz_posts').pluck().get()).toBe(50);
    db.close();
  });
});
