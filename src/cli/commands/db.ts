/**
 * `cli db <backup|migrate|version|check>` on DATABASE_PATH (default var/study-tutor.sqlite), or --db <path>.
 *   backup <file>  online copy (safe while the bot runs and writes), then quick_check of the copy
 *   migrate        apply pending migrations
 *   version        schema version of the file and of the code
 *   check          PRAGMA integrity_check
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { flagString, writeJson, type CliArgs } from '../args.ts';
import { backupDatabase, DEFAULT_BUSY_TIMEOUT_MS, listMigrations, openDatabase, schemaVersion } from '../../storage/index.ts';

const DEFAULT_PATH = 'var/study-tutor.sqlite';
const USAGE = 'usage: cli db <backup <file> | migrate | version | check> [--db <path>] [--json]';

/** The live file, opened as is: no migration (the running bot owns its schema), waiting for its locks. */
function openExisting(path: string): Database.Database {
  if (!existsSync(path)) throw new Error(`no database at ${path} (set DATABASE_PATH or --db)`);
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
  return db;
}

function report(args: CliArgs, value: Record<string, unknown>, human: string): void {
  if (args.flags.has('json')) writeJson(value);
  else process.stdout.write(`${human}\n`);
}

export default async function db(args: CliArgs): Promise<number> {
  // Same source of settings as the bot: .env fills in what the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [action, target] = args.positional;
  const path = resolve(flagString(args, 'db') ?? process.env.DATABASE_PATH ?? DEFAULT_PATH);
  switch (action) {
    case 'backup': {
      if (!target) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      const file = resolve(target);
      if (file === path) throw new Error('the backup file must differ from the database');
      const source = openExisting(path);
      const started = Date.now();
      let result;
      try {
        result = await backupDatabase(source, file);
      } finally {
        source.close();
      }
      const copy = new Database(file, { readonly: true });
      const check = copy.pragma('quick_check', { simple: true }) as string;
      const version = schemaVersion(copy);
      copy.close();
      const bytes = statSync(file).size;
      report(
        args,
        { source: path, file, pages: result.totalPages, bytes, schemaVersion: version, quickCheck: check, ms: Date.now() - started },
        `backed up ${path} to ${file} (${bytes} bytes, schema ${version}, quick_check ${check})`,
      );
      return check === 'ok' ? 0 : 1;
    }
    case 'migrate': {
      let before = 0;
      if (existsSync(path)) {
        const existing = openExisting(path);
        before = schemaVersion(existing);
        existing.close();
      }
      const handle = openDatabase(path);
      const after = schemaVersion(handle);
      handle.close();
      report(args, { file: path, from: before, to: after }, `${path}: schema ${before} -> ${after}`);
      return 0;
    }
    case 'version': {
      const handle = openExisting(path);
      const version = schemaVersion(handle);
      handle.close();
      const latest = listMigrations().at(-1)?.version ?? 0;
      report(args, { file: path, schemaVersion: version, codeVersion: latest }, `${path}: schema ${version}, code ${latest}`);
      return 0;
    }
    case 'check': {
      const handle = openExisting(path);
      const rows = handle.pragma('integrity_check') as { integrity_check: string }[];
      handle.close();
      const problems = rows.map((r) => r.integrity_check);
      const ok = problems.length === 1 && problems[0] === 'ok';
      report(args, { file: path, ok, problems: ok ? [] : problems }, ok ? `${path}: ok` : problems.join('\n'));
      return ok ? 0 : 1;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}
