/** Public API of the storage module: open (pragmas + migrations), migrations, online backup. */
export { openDatabase, DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_CACHE_MIB } from './open.ts';
export type { Db, OpenOptions } from './open.ts';
export { DatabasePathError } from './path.ts';
export { migrate, listMigrations, schemaVersion, MIGRATIONS_DIR, SchemaTooNewError } from './migrate.ts';
export type { Migration, MigrateOptions, MigrateResult } from './migrate.ts';
export { backupDatabase } from './backup.ts';
export { startCheckpointer } from './checkpointer.ts';
export type { Checkpointer, CheckpointerOptions } from './checkpointer.ts';
export type { BackupOptions, BackupResult } from './backup.ts';
