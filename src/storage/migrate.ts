/**
 * Numbered schema migrations: src/storage/migrations/<engine>/NNNN_name.sql, applied in number order, each in
 * its own transaction, the number recorded in that same transaction (SQLite: PRAGMA user_version; PostgreSQL:
 * the schema_migrations table). Both engines have the same numbered files, one dialect each, and
 * tests/storage/dialects.test.ts checks that they build the same tables. A database at version N
 * receives exactly the files numbered above N, so an old file upgrades in place without losing rows.
 *
 * Numbers only grow: a file numbered below a database's user_version is never applied to it, so every module
 * takes the next number in one shared sequence (a test keeps it without gaps).
 * A file must not contain BEGIN/COMMIT of its own: the runner wraps it.
 */
import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Db, Dialect } from './db.ts';
import { PostgresDb } from './postgres.ts';
import { SqliteDb } from './sqlite.ts';

/** The folder of one engine's migration files. */
export function migrationsDir(dialect: Dialect): string {
  return fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url));
}

/** SQLite's migrations (the embedded default engine). */
export const MIGRATIONS_DIR = migrationsDir('sqlite');

const FILE_NAME = /^(\d{4})_([a-z0-9_-]+)\.sql$/i;

export interface Migration {
  version: number;
  name: string;
  file: string;
}

/** The migration files of `dir`, sorted by number. Two files with one number are an error. */
export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const entry of readdirSync(dir)) {
    const match = FILE_NAME.exec(entry);
    if (!match) continue;
    const version = Number(match[1]);
    if (version === 0) throw new Error(`migration ${entry}: numbers start at 0001`);
    migrations.push({ version, name: match[2]!, file: join(dir, entry) });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`two migrations numbered ${String(migrations[i]!.version).padStart(4, '0')} in ${dir}`);
    }
  }
  return migrations;
}

export function sqliteSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  dir?: string | undefined;
  /** Stop after this version (default: the highest file). */
  targetVersion?: number | undefined;
}

/** The database was written by a newer bot: this code does not know its schema and must not write to it. */
export class SchemaTooNewError extends Error {}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Applies pending migrations. Foreign-key enforcement is switched off while they run (the documented way to
 * rebuild a table in SQLite) and `PRAGMA foreign_key_check` must come back empty before each one commits.
 * Each migration runs in BEGIN IMMEDIATE and re-reads user_version inside it, so two processes opening the
 * same file at once apply every migration exactly once.
 */
export function migrateSqlite(db: Database.Database, options: MigrateOptions = {}): MigrateResult {
  const target = options.targetVersion ?? Number.POSITIVE_INFINITY;
  const all = listMigrations(options.dir ?? MIGRATIONS_DIR);
  const pending = all.filter((m) => m.version <= target);
  const from = sqliteSchemaVersion(db);
  const newest = all.at(-1)?.version ?? 0;
  if (from > newest) {
    throw new SchemaTooNewError(
      `database ${db.name} is at schema version ${from}, newer than this bot's ${newest}: it was written by a newer version of the bot. Run that version, or point DATABASE_PATH at a backup.`,
    );
  }
  const applied: string[] = [];
  if (!pending.some((m) => m.version > from)) return { from, to: from, applied };

  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      const sql = readFileSync(migration.file, 'utf8');
      db.exec('BEGIN IMMEDIATE');
      try {
        if (sqliteSchemaVersion(db) >= migration.version) {
          db.exec('COMMIT');
          continue;
        }
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`foreign_key_check found ${broken.length} broken references`);
        db.pragma(`user_version = ${migration.version}`);
        db.exec('COMMIT');
        applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`migration ${String(migration.version).padStart(4, '0')}_${migration.name} failed: ${reason}`, {
          cause: error,
        });
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { from, to: sqliteSchemaVersion(db), applied };
}

const MIGRATION_LOCK = 330_304; // pg_advisory_xact_lock key: one migrating process at a time

/** The highest migration applied to a PostgreSQL database (0 for an empty one). */
export async function postgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  if (!table.rows[0]?.name) return 0;
  const row = await client.query<{ version: string | null }>('SELECT max(version)::text AS version FROM schema_migrations');
  return Number(row.rows[0]?.version ?? 0);
}

/**
 * The PostgreSQL side of `migrateSqlite`: each file in its own transaction (PostgreSQL's DDL is transactional),
 * under an advisory lock, re-reading the version after taking it, so instances starting together apply each
 * migration once. READ COMMITTED on purpose: the version read after the lock must see the other's commit.
 */
export async function migratePostgres(client: pg.ClientBase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const target = options.targetVersion ?? Number.POSITIVE_INFINITY;
  const all = listMigrations(options.dir ?? migrationsDir('postgres'));
  const from = await postgresSchemaVersion(client);
  const newest = all.at(-1)?.version ?? 0;
  if (from > newest) {
    throw new SchemaTooNewError(
      `database is at schema version ${from}, newer than this bot's ${newest}: it was written by a newer version of the bot. Run that version, or point DATABASE_URL at a backup.`,
    );
  }
  const applied: string[] = [];
  for (const migration of all.filter((m) => m.version <= target && m.version > from)) {
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      if ((await postgresSchemaVersion(client)) >= migration.version) {
        await client.query('COMMIT');
        continue;
      }
      await client.query(readFileSync(migration.file, 'utf8'));
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      await client.query('COMMIT');
      applied.push(label);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${label} failed: ${reason}`, { cause: error });
    }
  }
  return { from, to: await postgresSchemaVersion(client), applied };
}

/** The schema version of an open database, whichever engine. */
export async function schemaVersion(db: Db): Promise<number> {
  if (db instanceof SqliteDb) return sqliteSchemaVersion(db.connection);
  if (db instanceof PostgresDb) return db.withClient(postgresSchemaVersion);
  throw new Error(`unknown engine ${db.dialect}`);
}
