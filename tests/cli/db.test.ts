import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasPendingCardSteps } from '../../src/progress/index.ts';
import { describeTables, listMigrations, openSqlite, type Queries } from '../../src/storage/index.ts';
import { fillEveryTable } from '../storage/copy-fixture.ts';
import { tempDir, tempTarget, testEngine } from '../support/temp-db.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const dir = tempDir('cli-db-');
const newest = listMigrations().at(-1)!.version;

/** `cli db …` in a child process, without the developer's DATABASE_URL/DATABASE_PATH. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  env.DATABASE_PATH = join(dir, 'unused.sqlite');
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function dump(db: Queries): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await describeTables(db)) {
    out[table.name] = await db.all(`SELECT * FROM "${table.name}" ORDER BY ${table.primaryKey.map((c) => `"${c}"`).join(', ')}`);
  }
  return out;
}

describe(`cli db copy (SQLite -> ${testEngine} -> SQLite)`, () => {
  it('copies there with --to and back with --from, prints per-table counts, refuses a non-empty target', async () => {
    const sourcePath = join(dir, 'source.sqlite');
    const source = openSqlite(sourcePath);
    await fillEveryTable(source);
    const original = await dump(source);
    await source.close();
    const { target, remove } = await tempTarget('clicopy');

    const there = await cli(['copy', '--db', sourcePath, '--to', target, '--json']);
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    const report = JSON.parse(there.stdout) as { ok: boolean; schemaVersion: number; tables: { table: string; source: number; target: number; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.schemaVersion).toBe(newest);
    expect(Object.fromEntries(report.tables.map((t) => [t.table, [t.source, t.target, t.ok]]))).toEqual(
      Object.fromEntries(Object.entries(original).map(([name, rows]) => [name, [rows.length, rows.length, true]])),
    );

    // The target as DATABASE_URL/--db: its version reads the same on either engine.
    const version = await cli(['version', '--db', target, '--json']);
    expect(JSON.parse(version.stdout)).toMatchObject({ schemaVersion: newest, codeVersion: newest });

    const backPath = join(dir, 'back.sqlite');
    const back = await cli(['copy', '--from', target, '--db', backPath]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^answers\s+1234 ->\s+1234  ok$/m);
    expect(back.stdout).toMatch(/copied \d+ rows in \d+ tables .*verified/);
    const copy = openSqlite(backPath);
    expect(await dump(copy)).toEqual(original);
    await copy.close();

    const again = await cli(['copy', '--db', sourcePath, '--to', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^cannot copy: the target is not empty \(table \w+ has rows\)/);
    await remove();
  }, 120_000);

  it('lowers a card watermark past the newest answer when copying into SQLite, so the next answer is stepped', async () => {
    // PostgreSQL's state after /forget-me deleted the newest answers: its sequence never reuses their ids.
    const sourcePath = join(dir, 'watermark-source.sqlite');
    const source = openSqlite(sourcePath);
    await fillEveryTable(source);
    const newestAnswer = (await source.get<{ id: number }>('SELECT max(id) AS id FROM answers'))!.id;
    await source.run('UPDATE card_outbox SET stepped_through = ?', [newestAnswer + 50]);
    await source.close();
    const { target, remove } = await tempTarget('cliwatermark');
    const there = await cli(['copy', '--db', sourcePath, '--to', target]);
    expect(there.code).toBe(0);

    const backPath = join(dir, 'watermark-back.sqlite');
    const back = await cli(['copy', '--from', target, '--db', backPath]);
    expect(back.code).toBe(0);
    // Lowered by the first copy into SQLite: the first one when the middle database is SQLite too.
    const [intoSqlite, after] = testEngine === 'sqlite' ? [there, back] : [back, there];
    expect(intoSqlite.stdout).toContain(`card_outbox.stepped_through lowered to the newest answer (${newestAnswer})`);
    expect(after.stdout).not.toContain('lowered');
    const copy = openSqlite(backPath);
    expect(await copy.get('SELECT stepped_through FROM card_outbox')).toEqual({ stepped_through: newestAnswer });
    // SQLite gives the next answer max(id) + 1: above the watermark, so the stepper looks at it.
    await copy.run(
      `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
       VALUES ('g1', 'next', 1, NULL, 'q1', '330.1', '"a"', 1, 10, '2024-04-02', 1)`,
    );
    expect(await hasPendingCardSteps(copy)).toBe(true);
    await copy.close();
    await remove();
  }, 120_000);

  it('refuses an older source with a sentence saying what to do', async () => {
    const oldPath = join(dir, 'old.sqlite');
    await openSqlite(oldPath, { targetVersion: newest - 1 }).close();
    const result = await cli(['copy', '--db', oldPath, '--to', join(dir, 'new.sqlite')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot copy: the source .* is at schema version \d+, older than the target's \d+: migrate the source first/);
  }, 60_000);

  it('without --to or --from prints usage; backup and check say they are SQLite only for a URL', async () => {
    expect((await cli(['copy'])).code).toBe(2);
    const backup = await cli(['backup', join(dir, 'x.sqlite'), '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(backup).toMatchObject({ code: 2, stderr: expect.stringMatching(/SQLite only: on PostgreSQL use pg_dump/) });
    const check = await cli(['check', '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(check).toMatchObject({ code: 2, stderr: expect.stringMatching(/SQLite only: on PostgreSQL use amcheck/) });
  }, 60_000);

  it(`migrate and version on a new ${testEngine} database given as --db`, async () => {
    const { target, remove } = await tempTarget('climigrate');
    const migrate = await cli(['migrate', '--db', target, '--json']);
    expect(JSON.parse(migrate.stdout)).toMatchObject({ from: 0, to: newest });
    const version = await cli(['version', '--db', target, '--json']);
    expect(JSON.parse(version.stdout)).toMatchObject({ schemaVersion: newest, codeVersion: newest });
    await remove();
  }, 60_000);

  it('migrate, version and check on a SQLite file', async () => {
    const path = join(dir, 'migrated.sqlite');
    const migrate = await cli(['migrate', '--db', path, '--json']);
    expect(JSON.parse(migrate.stdout)).toEqual({ file: path, from: 0, to: newest });
    const version = await cli(['version', '--db', path]);
    expect(version.stdout).toBe(`${path}: schema ${newest}, code ${newest}\n`);
    const check = await cli(['check', '--db', path]);
    expect(check).toMatchObject({ code: 0, stdout: `${path}: ok\n` });
  }, 60_000);
});
