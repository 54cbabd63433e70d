/**
 * `cli db <backup|migrate|version|check|copy>` on the bot's database: --db <path or postgres:// URL>, else
 * DATABASE_URL, else DATABASE_PATH (default var/study-tutor.sqlite), like the bot.
 *   backup <file>  online copy (safe while the bot runs and writes), then quick_check of the copy (SQLite only)
 *   migrate        apply pending migrations
 *   version        schema version of the database and of the code
 *   check          PRAGMA integrity_check (SQLite only)
 *   copy           --to <target> (source: the database above) or --from <source> (target: the database above):
 *                  every table into an EMPTY database of either engine, then a per-table count and checksum check
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fitCardWatermarkToAnswers } from '../../progress/index.ts';
import { flagString, writeJson, type CliArgs } from '../args.ts';
import {
  backupDatabase,
  copyDatabase,
  CopyRefusedError,
  DEFAULT_BUSY_TIMEOUT_MS,
  firstNonEmptyTable,
  isPostgresUrl,
  listMigrations,
  migrationsDir,
  openDatabase,
  redactPassword,
  schemaVersion,
  SchemaTooNewError,
  sqliteSchemaVersion,
  type Db,
} from '../../storage/index.ts';

const DEFAULT_PATH = 'var/study-tutor.sqlite';
const USAGE =
  'usage: cli db <backup <file> | migrate | version | check | copy (--to <path|url> | --from <path|url>)> [--db <path|url>] [--json]';
const SQLITE_ONLY = (what: string, instead: string) => `${what} is SQLite only: on PostgreSQL use ${instead}`;

/** A path resolved against the working folder; a URL as given. */
function normalizeTarget(target: string): string {
  return isPostgresUrl(target) ? target : resolve(target);
}

/** The live SQLite file, opened as is: no migration (the running bot owns its schema), waiting for its locks. */
function openExistingFile(path: string): Database.Database {
  if (!existsSync(path)) throw new Error(`no database at ${path} (set DATABASE_PATH or --db)`);
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
  return db;
}

/** An existing database of either engine, without migrating it (targetVersion 0 applies nothing). */
async function openExisting(target: string): Promise<Db> {
  if (!isPostgresUrl(target) && !existsSync(target)) throw new Error(`no database at ${target} (set DATABASE_URL, DATABASE_PATH or --db)`);
  return openDatabase(target, { targetVersion: 0 });
}

function report(args: CliArgs, value: Record<string, unknown>, human: string): void {
  if (args.flags.has('json')) writeJson(value);
  else process.stdout.write(`${human}\n`);
}

export default async function db(args: CliArgs): Promise<number> {
  // Same source of settings as the bot: .env fills in what the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [action, file] = args.positional;
  const configured = normalizeTarget(
    flagString(args, 'db') ?? (process.env.DATABASE_URL?.trim() || undefined) ?? process.env.DATABASE_PATH ?? DEFAULT_PATH,
  );
  const shown = isPostgresUrl(configured) ? redactPassword(configured) : configured;
  switch (action) {
    case 'backup': {
      if (!file) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      if (isPostgresUrl(configured)) {
        process.stderr.write(`${SQLITE_ONLY('cli db backup', 'pg_dump')}\n`);
        return 2;
      }
      const copyFile = resolve(file);
      if (copyFile === configured) throw new Error('the backup file must differ from the database');
      const source = openExistingFile(configured);
      const started = Date.now();
      let result;
      try {
        result = await backupDatabase(source, copyFile);
      } finally {
        source.close();
      }
      const copy = new Database(copyFile, { readonly: true });
      const check = copy.pragma('quick_check', { simple: true }) as string;
      const version = sqliteSchemaVersion(copy);
      copy.close();
      const bytes = statSync(copyFile).size;
      report(
        args,
        { source: configured, file: copyFile, pages: result.totalPages, bytes, schemaVersion: version, quickCheck: check, ms: Date.now() - started },
        `backed up ${configured} to ${copyFile} (${bytes} bytes, schema ${version}, quick_check ${check})`,
      );
      return check === 'ok' ? 0 : 1;
    }
    case 'migrate': {
      let before = 0;
      if (isPostgresUrl(configured) || existsSync(configured)) {
        const existing = await openExisting(configured);
        before = await schemaVersion(existing);
        await existing.close();
      }
      const handle = await openDatabase(configured);
      const after = await schemaVersion(handle);
      await handle.close();
      report(args, { file: shown, from: before, to: after }, `${shown}: schema ${before} -> ${after}`);
      return 0;
    }
    case 'version': {
      const handle = await openExisting(configured);
      const version = await schemaVersion(handle);
      await handle.close();
      const latest = listMigrations(migrationsDir(isPostgresUrl(configured) ? 'postgres' : 'sqlite')).at(-1)?.version ?? 0;
      report(args, { file: shown, schemaVersion: version, codeVersion: latest }, `${shown}: schema ${version}, code ${latest}`);
      return 0;
    }
    case 'check': {
      if (isPostgresUrl(configured)) {
        process.stderr.write(`${SQLITE_ONLY('cli db check', 'amcheck (pg_amcheck)')}\n`);
        return 2;
      }
      const handle = openExistingFile(configured);
      const rows = handle.pragma('integrity_check') as { integrity_check: string }[];
      handle.close();
      const problems = rows.map((r) => r.integrity_check);
      const ok = problems.length === 1 && problems[0] === 'ok';
      report(args, { file: configured, ok, problems: ok ? [] : problems }, ok ? `${configured}: ok` : problems.join('\n'));
      return ok ? 0 : 1;
    }
    case 'copy':
      return copy(args, configured);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

async function copy(args: CliArgs, configured: string): Promise<number> {
  const to = flagString(args, 'to');
  const from = flagString(args, 'from');
  if (!to && !from) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const sourceTarget = normalizeTarget(from ?? configured);
  const targetTarget = normalizeTarget(to ?? configured);
  const [sourceName, targetName] = [sourceTarget, targetTarget].map((t) => (isPostgresUrl(t) ? redactPassword(t) : t));
  if (sourceTarget === targetTarget) {
    process.stderr.write(`cannot copy: the source and the target are the same database (${sourceName})\n`);
    return 2;
  }
  let source: Db | undefined;
  let target: Db | undefined;
  try {
    source = await openExisting(sourceTarget);
    // Refuse a target holding rows before migrating it: nothing is changed in a database we will not fill.
    if (isPostgresUrl(targetTarget) || existsSync(targetTarget)) {
      const existing = await openDatabase(targetTarget, { targetVersion: 0 });
      const filled = await firstNonEmptyTable(existing).finally(() => existing.close());
      if (filled) throw new CopyRefusedError(`the target is not empty (table ${filled} has rows): copy only into a new, empty database.`);
    }
    target = await openDatabase(targetTarget);
    const started = Date.now();
    const result = await copyDatabase(source, target);
    const rows = result.tables.reduce((sum, t) => sum + t.target, 0);
    // Verified as copied first; then the one value whose meaning differs between the engines.
    const cardWatermark = result.ok ? await fitCardWatermarkToAnswers(target) : undefined;
    if (args.flags.has('json')) {
      writeJson({ source: sourceName, target: targetName, ms: Date.now() - started, ...result, ...(cardWatermark === undefined ? {} : { cardWatermark }) });
    } else {
      const width = Math.max(...result.tables.map((t) => t.table.length));
      for (const t of result.tables) {
        process.stdout.write(`${t.table.padEnd(width)}  ${String(t.source).padStart(9)} -> ${String(t.target).padStart(9)}  ${t.ok ? 'ok' : 'MISMATCH'}\n`);
      }
      process.stdout.write(
        result.ok
          ? `copied ${rows} rows in ${result.tables.length} tables from ${sourceName} to ${targetName} (schema ${result.schemaVersion}), verified\n`
          : `copy from ${sourceName} to ${targetName} does NOT match: ${result.tables.filter((t) => !t.ok).map((t) => t.table).join(', ')}\n`,
      );
      if (cardWatermark !== undefined) process.stdout.write(`card_outbox.stepped_through lowered to the newest answer (${cardWatermark}): SQLite reuses the ids above it\n`);
    }
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof CopyRefusedError || error instanceof SchemaTooNewError) {
      process.stderr.write(`cannot copy: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await source?.close();
    await target?.close();
  }
}
