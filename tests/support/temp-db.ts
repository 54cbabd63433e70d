/**
 * Real databases for tests, opened the way the bot opens them (src/storage: engine setup + all migrations).
 *
 * The engine is SQLite unless TEST_DATABASE_URL names a PostgreSQL server (`.ci/run` starts a throwaway one and
 * runs the storage, schedule, progress and end-to-end suites a second time with it). On PostgreSQL every
 * temp database is a schema of its own on that server, reached through the URL's search_path, dropped at cleanup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openDatabase, type Db, type Dialect, type OpenOptions, type Queries } from '../../src/storage/index.ts';

/** The PostgreSQL server of the both-engine run, if this is that run. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const testEngine: Dialect = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A temp folder, removed after the test file. */
export function tempDir(prefix = 'storage-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TempDb {
  /** What DATABASE_URL / DATABASE_PATH would say: a postgres:// URL or a file path. */
  target: string;
  /** The first connection, opened (and migrated) by tempDatabase. */
  db: Db;
  /** Another connection to the same database (like a second process would have). */
  open(options?: OpenOptions): Promise<Db>;
  cleanup(): Promise<void>;
}

/** A fresh, empty, migrated database on the test engine; `cleanup` closes every connection and removes it. */
export async function tempDatabase(name = 'test'): Promise<TempDb> {
  const { target, remove } = await tempTarget(name);
  const opened: Db[] = [];
  const open = async (options?: OpenOptions) => {
    const db = await openDatabase(target, options);
    opened.push(db);
    return db;
  };
  const db = await open();
  return {
    target,
    db,
    open,
    async cleanup() {
      for (const handle of opened) await handle.close();
      await remove();
    },
  };
}

/**
 * Where a fresh database can be made, without opening it (for a child process or a bot to open): a path in a
 * new temp folder, or a URL with a new empty schema. `remove` deletes it.
 */
export async function tempTarget(name = 'test'): Promise<{ target: string; remove(): Promise<void> }> {
  if (!TEST_DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'quiz-test-'));
    return { target: join(dir, `${name}.sqlite`), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${name.replace(/[^a-z0-9]/gi, '').slice(0, 20).toLowerCase()}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { target: url.toString(), remove: () => admin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => {}) };
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The tables of the database, without PostgreSQL's migration bookkeeping. */
export async function tablesOf(db: Queries): Promise<string[]> {
  const rows = await db.all<{ name: string }>({
    sqlite: `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
    postgres: `SELECT table_name AS name FROM information_schema.tables
               WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY table_name`,
  });
  return rows.map((row) => row.name);
}
