/**
 * Copying every table of one database into an empty other one, either engine to either engine (SQLite file ↔
 * PostgreSQL), then checking the copy: per table, the row count and an order-independent checksum of the rows
 * must match on both sides.
 *
 * The source is read with plain statements, not one long transaction: stop the bot while copying. A row that
 * changes during the copy is not silently lost, it makes the verification fail.
 */
import { createHash } from 'node:crypto';
import type { Db, Queries, SqlParam } from './db.ts';
import { schemaVersion } from './migrate.ts';
import { openSqlite } from './open.ts';

export interface TableInfo {
  name: string;
  /** Column names in table order. */
  columns: string[];
  /** Primary-key columns in key order. */
  primaryKey: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
}

export interface CopyOptions {
  /** Rows per read and per multi-row INSERT (default 500). */
  batchSize?: number;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
  /** Order-independent checksums of the rows on each side. */
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface CopyResult {
  schemaVersion: number;
  tables: TableCount[];
  ok: boolean;
}

/** A refusal before anything was written (versions differ, target not empty, schemas differ). */
export class CopyRefusedError extends Error {}

const INTERNAL = new Set(['schema_migrations']);

/** The tables of `db` with their columns, primary keys and references, sorted by name. */
export async function describeTables(db: Queries): Promise<TableInfo[]> {
  if (db.dialect === 'sqlite') {
    const tables = await db.all<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
    );
    const infos: TableInfo[] = [];
    for (const { name } of tables) {
      if (INTERNAL.has(name)) continue;
      const columns = await db.all<{ name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid', [name]);
      const references = await db.all<{ table: string }>('SELECT DISTINCT "table" AS "table" FROM pragma_foreign_key_list(?)', [name]);
      infos.push({
        name,
        columns: columns.map((c) => c.name),
        primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        references: references.map((r) => r.table).filter((t) => t !== name),
      });
    }
    return infos;
  }
  const tables = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const infos: TableInfo[] = [];
  for (const { name } of tables) {
    if (INTERNAL.has(name)) continue;
    const columns = await db.all<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      [name],
    );
    const primaryKey = await db.all<{ name: string }>(
      `SELECT a.attname AS name
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = CAST(CAST(? AS TEXT) AS regclass) AND i.indisprimary
       ORDER BY array_position(i.indkey, a.attnum)`,
      [name],
    );
    const references = await db.all<{ name: string }>(
      `SELECT DISTINCT p.relname AS name
       FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
       WHERE c.contype = 'f' AND c.conrelid = CAST(CAST(? AS TEXT) AS regclass)`,
      [name],
    );
    infos.push({
      name,
      columns: columns.map((c) => c.name),
      primaryKey: primaryKey.map((c) => c.name),
      references: references.map((r) => r.name).filter((t) => t !== name),
    });
  }
  return infos;
}

/** Tables ordered so that every table comes after the tables it references. */
export function foreignKeyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: TableInfo[] = [];
  const visit = (table: TableInfo) => {
    if (done.has(table.name)) return;
    if (visiting.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    visiting.add(table.name);
    for (const parent of table.references) {
      const info = byName.get(parent);
      if (info) visit(info);
    }
    visiting.delete(table.name);
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every row of `table` in primary-key order, `batchSize` rows per statement (keyset pagination). */
async function* rowsOf(db: Queries, table: TableInfo, batchSize: number): AsyncGenerator<Record<string, unknown>[]> {
  const columns = table.columns.map(quote).join(', ');
  const key = table.primaryKey.map(quote);
  const order = key.join(', ');
  const first = `SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${order} LIMIT ${batchSize}`;
  const next = `SELECT ${columns} FROM ${quote(table.name)} WHERE (${order}) > (${key.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ${batchSize}`;
  let after: SqlParam[] | undefined;
  for (;;) {
    const rows = after ? await db.all<Record<string, unknown>>(next, after) : await db.all<Record<string, unknown>>(first);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = table.primaryKey.map((column) => last[column] as SqlParam);
  }
}

/** One row as text both engines agree on: values in column order, JSON. */
function normalized(row: Record<string, unknown>, columns: readonly string[]): string {
  return JSON.stringify(
    columns.map((column) => {
      const value = row[column];
      if (Buffer.isBuffer(value)) return { hex: value.toString('hex') };
      if (typeof value === 'bigint') return Number(value);
      return value ?? null;
    }),
  );
}

const MOD = 1n << 256n;

/** Row count and the sum (mod 2^256) of the rows' SHA-256: the same whatever order the rows come in. */
export async function tableChecksum(db: Queries, table: TableInfo, batchSize = 1_000): Promise<{ rows: number; checksum: string }> {
  let rows = 0;
  let sum = 0n;
  for await (const batch of rowsOf(db, table, batchSize)) {
    for (const row of batch) {
      rows += 1;
      sum = (sum + BigInt(`0x${createHash('sha256').update(normalized(row, table.columns)).digest('hex')}`)) % MOD;
    }
  }
  return { rows, checksum: sum.toString(16).padStart(64, '0') };
}

async function isEmpty(db: Queries, table: TableInfo): Promise<boolean> {
  return (await db.get(`SELECT 1 AS one FROM ${quote(table.name)} LIMIT 1`)) === undefined;
}

let seeded: Promise<Map<string, string>> | undefined;

/**
 * The rows the migrations themselves insert (card_outbox's single row), as table → checksum: a freshly migrated
 * in-memory SQLite database shows them. A target holding exactly these still counts as empty.
 */
function seededTables(): Promise<Map<string, string>> {
  seeded ??= (async () => {
    const fresh = openSqlite(':memory:');
    try {
      const found = new Map<string, string>();
      for (const table of await describeTables(fresh)) {
        const { rows, checksum } = await tableChecksum(fresh, table);
        if (rows > 0) found.set(table.name, checksum);
      }
      return found;
    } finally {
      await fresh.close();
    }
  })();
  return seeded;
}

/**
 * The first table of `db` holding a row, or undefined when the database is empty: no rows but those every
 * freshly migrated database has.
 */
export async function firstNonEmptyTable(db: Queries): Promise<string | undefined> {
  const fresh = await seededTables();
  for (const table of await describeTables(db)) {
    if (await isEmpty(db, table)) continue;
    if (fresh.has(table.name) && (await tableChecksum(db, table)).checksum === fresh.get(table.name)) continue;
    return table.name;
  }
  return undefined;
}

/**
 * Copies every table of `source` into `target`. Both must be at the same schema version and the target must
 * have no rows at all; the copy is one transaction on the target (all or nothing), tables in foreign-key order,
 * rows in primary-key order. PostgreSQL identity sequences are then moved past the copied ids. Finally every
 * table is verified; `ok` is false if any count or checksum differs.
 */
export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<CopyResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
  const [sourceVersion, targetVersion] = [await schemaVersion(source), await schemaVersion(target)];
  if (sourceVersion !== targetVersion) {
    const relation = sourceVersion < targetVersion ? 'older than' : 'newer than';
    throw new CopyRefusedError(
      `the source ${source.name} is at schema version ${sourceVersion}, ${relation} the target's ${targetVersion}: ` +
        (sourceVersion < targetVersion
          ? 'migrate the source first (cli db migrate --db <source>).'
          : 'copy with the newer bot version that wrote it.'),
    );
  }
  const sourceTables = await describeTables(source);
  const targetTables = new Map((await describeTables(target)).map((t) => [t.name, t]));
  for (const table of sourceTables) {
    const other = targetTables.get(table.name);
    if (!other) throw new CopyRefusedError(`the target has no table ${table.name}`);
    if (other.columns.join(',') !== table.columns.join(',')) {
      throw new CopyRefusedError(`table ${table.name} has columns (${table.columns.join(', ')}) in the source but (${other.columns.join(', ')}) in the target`);
    }
    if (table.primaryKey.length === 0) throw new CopyRefusedError(`table ${table.name} has no primary key to copy it in order`);
  }
  for (const name of targetTables.keys()) {
    if (!sourceTables.some((t) => t.name === name)) throw new CopyRefusedError(`the source has no table ${name}`);
  }
  const filled = await firstNonEmptyTable(target);
  if (filled) throw new CopyRefusedError(`the target is not empty (table ${filled} has rows): copy only into a new, empty database.`);

  const ordered = foreignKeyOrder(sourceTables);
  const fresh = await seededTables();
  await target.transaction(async (tx) => {
    // The migrations' own rows make way for the source's (children first).
    for (const table of [...ordered].reverse()) if (fresh.has(table.name)) await tx.run(`DELETE FROM ${quote(table.name)}`);
    for (const table of ordered) {
      const columns = table.columns.map(quote).join(', ');
      const row = `(${table.columns.map(() => '?').join(', ')})`;
      for await (const batch of rowsOf(source, table, batchSize)) {
        const params = batch.flatMap((r) => table.columns.map((column) => toParam(r[column])));
        await tx.run(`INSERT INTO ${quote(table.name)} (${columns}) VALUES ${batch.map(() => row).join(', ')}`, params);
      }
    }
    if (tx.dialect === 'postgres') {
      // Identity columns were given explicit ids: move each sequence past them, or the next insert collides.
      const identities = await tx.all<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
         ORDER BY table_name, column_name`,
      );
      for (const { table_name, column_name } of identities) {
        await tx.get(
          `SELECT setval(pg_get_serial_sequence(CAST(? AS TEXT), CAST(? AS TEXT)), max(${quote(column_name)})) AS value FROM ${quote(table_name)}`,
          [quote(table_name), column_name],
        );
      }
    }
  });

  const tables: TableCount[] = [];
  for (const table of sourceTables) {
    const [from, to] = [await tableChecksum(source, table), await tableChecksum(target, table)];
    tables.push({
      table: table.name,
      source: from.rows,
      target: to.rows,
      sourceChecksum: from.checksum,
      targetChecksum: to.checksum,
      ok: from.rows === to.rows && from.checksum === to.checksum,
    });
  }
  return { schemaVersion: sourceVersion, tables, ok: tables.every((t) => t.ok) };
}

function toParam(value: unknown): SqlParam {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) throw new Error('binary columns are not supported by the copy');
  return value as SqlParam;
}
