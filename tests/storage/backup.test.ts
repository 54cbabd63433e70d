import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase, openSqlite, sqliteSchemaVersion } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

const run = promisify(execFile);
const dir = tempDir('backup-');
const root = join(import.meta.dirname, '../..');

function rowsOf(file: string): { count: number; max: number } {
  const copy = new Database(file, { readonly: true });
  const row = copy.prepare('SELECT count(*) AS count, coalesce(max(id), 0) AS max FROM writes').get() as { count: number; max: number };
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
  copy.close();
  return row;
}

describe('backupDatabase', () => {
  it('copies schema and rows of a live connection into a new file (folders created)', async () => {
    const db = openSqlite(join(dir, 'live.sqlite')).connection;
    db.exec(`CREATE TABLE writes (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`);
    const insert = db.prepare('INSERT INTO writes (payload) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`row ${i}`);
    })();
    const file = join(dir, 'nested', 'copy.sqlite');
    const result = await backupDatabase(db, file);
    expect(result.totalPages).toBeGreaterThan(1);
    expect(rowsOf(file)).toEqual({ count: 500, max: 500 });
    const copy = new Database(file, { readonly: true });
    expect(sqliteSchemaVersion(copy)).toBe(sqliteSchemaVersion(db));
    copy.close();
    // Backing up again over an existing copy replaces it.
    insert.run('one more');
    await backupDatabase(db, file, { pagesPerStep: 1 });
    expect(rowsOf(file)).toEqual({ count: 501, max: 501 });
    db.close();
  });

  it('`cli db backup` takes a consistent copy while another process keeps writing', async () => {
    const live = join(dir, 'busy.sqlite');
    const writer = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'writer.ts'), live], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(writer.stdout, 'data')) as [Buffer];
      expect(chunk.toString()).toContain('ready');
      const file = join(dir, 'busy-copy.sqlite');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', 'backup', file, '--json'], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: live },
      });
      const report = JSON.parse(stdout) as { quickCheck: string; file: string };
      expect(report.quickCheck).toBe('ok');
      expect(report.file).toBe(file);
      const copied = rowsOf(file);
      // A snapshot: every committed row up to some point, no holes, and the writer was still going.
      expect(copied.count).toBe(copied.max);
      expect(copied.count).toBeGreaterThanOrEqual(2000);
      expect(writer.exitCode).toBeNull();
    } finally {
      writer.kill('SIGKILL');
      await once(writer, 'exit').catch(() => undefined);
    }
    const after = rowsOf(live);
    expect(after.count).toBe(after.max);
  }, 90_000);

  it('`cli db backup` without a file prints usage and fails', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', 'backup'], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: join(dir, 'none.sqlite') },
      }),
    ).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
