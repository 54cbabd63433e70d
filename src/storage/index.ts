/** Public API of the storage module: open (pragmas + migrations), migrations, online backup. */
export { openDatabase, DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_CACHE_MIB } from './open.ts';
export type { Db, OpenOptions } from './open.ts';
export { migrate, listMigrations, schemaVersion, MIGRATIONS_DIR } from './migrate.ts';
export type { Migration, MigrateOptions, MigrateResult } from './migrate.ts';
export { backupDatabase } from './backup.ts';
export type { BackupOptions, BackupResult } from './backup.ts';
