/**
 * Opening the database: a SQLite file (the default) or, for a URL, PostgreSQL. Either way the schema is brought
 * up to date by that engine's numbered migrations before the handle is returned.
 */
import Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { migratePostgres, migrateSqlite } from './migrate.ts';
import { DatabasePathError, prepareDatabaseFile } from './path.ts';
import { PostgresDb, type PostgresOptions } from './postgres.ts';
import { SqliteDb } from './sqlite.ts';

export type { Database };

export interface OpenOptions extends PostgresOptions {
  /** Folder of NNNN_name.sql files; defaults to src/storage/migrations. Tests use their own. */
  migrationsDir?: string;
  /** Apply migrations up to this number only (tests build "older" databases with it). */
  targetVersion?: number;
  /** How long a writer waits for another process's lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
  /** Page cache of this connection, MiB (default 64). */
  cacheMiB?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
export const DEFAULT_CACHE_MIB = 64;
/** Pages of WAL after which a commit checkpoints (about 40 MB), unless src/storage/checkpointer.ts runs. */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Opens (creating if needed, parent folder included) the database at `path` and brings its schema up to date.
 *
 * - journal_mode = WAL: readers never block the writer and vice versa (the CLI can back up while the bot writes).
 * - synchronous = NORMAL: in WAL mode a commit is appended to the WAL before the transaction function returns;
 *   only the checkpoint fsyncs. A *process* crash (kill -9, OOM, exception) therefore loses nothing that was
 *   acknowledged: the WAL is in the OS page cache and is replayed at the next open. Only a power loss or kernel
 *   crash can drop the last few commits, and even then the file stays consistent (no corruption).
 * - foreign_keys = ON: SQLite leaves them off by default, per connection.
 * - busy_timeout: two bot processes started on the same file by mistake (or the CLI next to the bot) wait for
 *   each other's write lock instead of failing at once.
 */
export function openSqlite(path: string, options: OpenOptions = {}): SqliteDb {
  const onDisk = path !== ':memory:' && !path.startsWith('file:');
  if (onDisk) prepareDatabaseFile(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    // Writable for us but not for SQLite (a lock, a special file system): still one plain sentence.
    if (onDisk && (error as { code?: string }).code?.startsWith('SQLITE_')) throw new DatabasePathError(path, `SQLite cannot open it (${(error as Error).message})`);
    throw error;
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Page cache per connection: the pages every answer touches (member rows, the answers' tail and the
    // one-answer-per-post index) of a 100,000-member server stay in memory.
    db.pragma(`cache_size = ${-Math.max(2, Math.floor(options.cacheMiB ?? DEFAULT_CACHE_MIB)) * 1024}`);
    // Checkpoint the WAL every ~40 MB instead of every 4 MB: pages rewritten by many small transactions are
    // copied (and fsynced) once per checkpoint instead of many times; the WAL file is cut back afterwards.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    db.pragma('temp_store = MEMORY');
    migrateSqlite(db, { dir: options.migrationsDir, targetVersion: options.targetVersion });
    db.pragma('foreign_keys = ON');
    return new SqliteDb(db);
  } catch (error) {
    db.close();
    // The file opened but its -wal/-shm neighbours cannot be made (a read-only folder or file).
    const code = (error as { code?: string }).code ?? '';
    if (onDisk && /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR)/.test(code)) throw new DatabasePathError(path, `SQLite cannot write there (${(error as Error).message})`);
    throw error;
  }
}

/** A postgres:// or postgresql:// URL (DATABASE_URL) rather than a file path. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(target);
}

/** Connects to PostgreSQL at `url`, applies pending migrations, and returns the pooled handle. */
export async function openPostgres(url: string, options: OpenOptions = {}): Promise<PostgresDb> {
  const db = new PostgresDb(url, options);
  try {
    await db.withClient((client) => migratePostgres(client, { dir: options.migrationsDir, targetVersion: options.targetVersion }));
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The database at `target`: PostgreSQL for a postgres:// URL, else the SQLite file at that path. */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Db> {
  return isPostgresUrl(target) ? openPostgres(target, options) : openSqlite(target, options);
}
