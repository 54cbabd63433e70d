/**
 * Public API of the storage module: the Db interface and its two engines (SQLite by default, PostgreSQL for a
 * postgres:// URL), numbered migrations per engine, engine-neutral error tests, SQLite's online backup and WAL
 * checkpointer, and copying a database between engines.
 */
export type { Db, Dialect, Queries, RunResult, Sql, SqlParam } from './db.ts';
export { openDatabase, openSqlite, openPostgres, isPostgresUrl, DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_CACHE_MIB } from './open.ts';
export type { OpenOptions } from './open.ts';
export { SqliteDb } from './sqlite.ts';
export { PostgresDb, redactPassword } from './postgres.ts';
export { isDatabaseWide, isUniqueViolation } from './errors.ts';
export { DatabasePathError } from './path.ts';
export {
  listMigrations,
  migrationsDir,
  migrateSqlite,
  migratePostgres,
  schemaVersion,
  sqliteSchemaVersion,
  postgresSchemaVersion,
  MIGRATIONS_DIR,
  SchemaTooNewError,
} from './migrate.ts';
export type { Migration, MigrateOptions, MigrateResult } from './migrate.ts';
export { backupDatabase } from './backup.ts';
export { startCheckpointer } from './checkpointer.ts';
export type { Checkpointer, CheckpointerOptions } from './checkpointer.ts';
export type { BackupOptions, BackupResult } from './backup.ts';
export { copyDatabase, describeTables, firstNonEmptyTable, foreignKeyOrder, tableChecksum, CopyRefusedError } from './copy.ts';
export type { CopyOptions, CopyResult, TableCount, TableInfo } from './copy.ts';
