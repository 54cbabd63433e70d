/** Online backup (SQLite backup API through better-sqlite3) of a live database into a new file. */
import type Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BackupOptions {
  /**
   * Pages copied per step. The default copies everything in one step, under one read transaction: a
   * consistent snapshot even while another process writes (SQLite restarts a multi-step backup whenever
   * another connection changes the source, which with a busy bot could mean forever). Writes from *this*
   * connection never restart it, so a bot backing up its own file can use small steps to stay responsive.
   */
  pagesPerStep?: number;
}

export interface BackupResult {
  file: string;
  totalPages: number;
}

/** Copies `db` into `file` (replaced if it exists; its folder is created). Resolves once the copy is complete. */
export async function backupDatabase(db: Database.Database, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  mkdirSync(dirname(file), { recursive: true });
  // A stale WAL next to an old copy would be replayed over the fresh one.
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  const step = Math.max(1, Math.min(0x7fffffff, Math.floor(options.pagesPerStep ?? 0x7fffffff)));
  const result = await db.backup(file, { progress: () => step });
  return { file, totalPages: result.totalPages };
}
