/**
 * The two engines' migration folders must build the same schema: same tables, same columns in the same order
 * with equivalent types, same NOT NULL flags and primary keys, same indexes with the same uniqueness. With a
 * PostgreSQL server (TEST_DATABASE_URL) both schemas are built and introspected; without one, the PostgreSQL
 * files are read as text and compared with the introspected SQLite schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrationsDir, openSqlite, type Queries } from '../../src/storage/index.ts';
import { TEST_DATABASE_URL, tempDatabase } from '../support/temp-db.ts';

interface Column {
  name: string;
  type: 'integer' | 'text' | 'real';
  notNull: boolean;
}

interface Index {
  /** The index's own name; for one made by a UNIQUE constraint, `unique(<columns>)` (engines name those differently). */
  name: string;
  unique: boolean;
  partial: boolean;
  columns: string[];
}

interface Table {
  columns: Column[];
  primaryKey: string[];
  indexes: Index[];
}

type Schema = Record<string, Table>;

const SQLITE_TYPES: Record<string, Column['type']> = { INTEGER: 'integer', TEXT: 'text', REAL: 'real' };
const POSTGRES_TYPES: Record<string, Column['type']> = { bigint: 'integer', text: 'text', 'double precision': 'real' };

function typeOf(map: Record<string, Column['type']>, type: string, where: string): Column['type'] {
  const found = map[type];
  if (!found) throw new Error(`${where}: type ${type} has no counterpart in the other engine`);
  return found;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function sqliteSchema(db: Queries): Promise<Schema> {
  const schema: Schema = {};
  const tables = await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`);
  for (const { name } of tables) {
    const info = await db.all<{ name: string; type: string; notnull: number; pk: number }>('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid', [name]);
    const indexes: Index[] = [];
    for (const index of await db.all<{ name: string; unique: number; origin: string; partial: number }>('SELECT name, "unique", origin, partial FROM pragma_index_list(?)', [name])) {
      if (index.origin === 'pk') continue;
      const columns = (await db.all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [index.name])).map((c) => c.name);
      indexes.push({ name: index.origin === 'u' ? `unique(${columns.join(',')})` : index.name, unique: index.unique === 1, partial: index.partial === 1, columns });
    }
    schema[name] = {
      // A primary-key column is NOT NULL on PostgreSQL always; SQLite only enforces it for INTEGER PRIMARY KEY (as the rowid).
      columns: info.map((c) => ({ name: c.name, type: typeOf(SQLITE_TYPES, c.type, `${name}.${c.name}`), notNull: c.notnull === 1 || c.pk > 0 })),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      indexes: indexes.sort(byName),
    };
  }
  return schema;
}

async function postgresSchema(db: Queries): Promise<Schema> {
  const schema: Schema = {};
  const tables = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
  );
  for (const { name } of tables) {
    const columns = await db.all<{ name: string; type: string; nullable: string }>(
      `SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      [name],
    );
    const indexes = await db.all<{ name: string; unique: number; primary: number; partial: number; constraint: number; columns: string }>(
      `SELECT c.relname AS name,
              CASE WHEN i.indisunique THEN 1 ELSE 0 END AS "unique",
              CASE WHEN i.indisprimary THEN 1 ELSE 0 END AS "primary",
              CASE WHEN i.indpred IS NULL THEN 0 ELSE 1 END AS partial,
              CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype = 'u') THEN 1 ELSE 0 END AS "constraint",
              (SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))
                 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = CAST(CAST(? AS TEXT) AS regclass)`,
      [name],
    );
    const primary = indexes.find((i) => i.primary === 1);
    schema[name] = {
      columns: columns.map((c) => ({ name: c.name, type: typeOf(POSTGRES_TYPES, c.type, `${name}.${c.name}`), notNull: c.nullable === 'NO' })),
      primaryKey: primary ? primary.columns.split(',') : [],
      indexes: indexes
        .filter((i) => i.primary === 0)
        .map((i) => ({
          name: i.constraint === 1 ? `unique(${i.columns})` : i.name,
          unique: i.unique === 1,
          partial: i.partial === 1,
          columns: i.columns.split(','),
        }))
        .sort(byName),
    };
  }
  return schema;
}

/** The tables and their columns (in order) that the PostgreSQL files create, read from the SQL text. */
function postgresFilesColumns(): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const migration of listMigrations(migrationsDir('postgres'))) {
    const sql = readFileSync(migration.file, 'utf8').replace(/--[^\n]*/g, '');
    for (const statement of sql.split(';')) {
      const create = /^\s*CREATE TABLE (\w+) \(([\s\S]*)\)\s*$/i.exec(statement);
      if (create) {
        tables[create[1]!] = create[2]!
          .split('\n')
          .map((line) => /^\s*(\w+)\s+(BIGINT|TEXT|DOUBLE PRECISION)\b/i.exec(line)?.[1])
          .filter((column): column is string => column !== undefined && !/^(PRIMARY|UNIQUE|CHECK|CONSTRAINT|FOREIGN)$/i.test(column));
        continue;
      }
      const add = /^\s*ALTER TABLE (\w+) ADD COLUMN (\w+)/i.exec(statement);
      if (add) tables[add[1]!]!.push(add[2]!);
      const drop = /^\s*DROP TABLE (\w+)/i.exec(statement);
      if (drop) delete tables[drop[1]!];
    }
  }
  return tables;
}

describe('the SQLite and PostgreSQL migrations build the same schema', () => {
  it('both folders hold the same numbered files (1, 2, 3, … without gaps), names included', () => {
    const sqlite = listMigrations(migrationsDir('sqlite')).map((m) => `${m.version}_${m.name}`);
    const postgres = listMigrations(migrationsDir('postgres')).map((m) => `${m.version}_${m.name}`);
    expect(postgres).toEqual(sqlite);
    expect(sqlite.map((name) => Number(name.split('_')[0]))).toEqual(sqlite.map((_, i) => i + 1));
  });

  it('every table and column the PostgreSQL files create exists in the SQLite schema, in the same order', async () => {
    const sqlite = openSqlite(':memory:');
    const schema = await sqliteSchema(sqlite);
    await sqlite.close();
    const fromFiles = postgresFilesColumns();
    expect(Object.keys(fromFiles).sort()).toEqual(Object.keys(schema).sort());
    for (const [table, columns] of Object.entries(fromFiles)) expect(columns, table).toEqual(schema[table]!.columns.map((c) => c.name));
  });

  it(
    TEST_DATABASE_URL
      ? 'introspected: same tables, columns, types, NOT NULL, primary keys and indexes'
      : 'introspected SQLite schema uses only types PostgreSQL has a counterpart for (no server: TEST_DATABASE_URL unset)',
    async () => {
      const sqlite = openSqlite(':memory:');
      const expected = await sqliteSchema(sqlite);
      await sqlite.close();
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      if (!TEST_DATABASE_URL) return; // sqliteSchema has already refused any type without a counterpart
      const temp = await tempDatabase('dialects');
      try {
        const actual = await postgresSchema(temp.db);
        expect(Object.keys(actual)).toEqual(Object.keys(expected));
        for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
      } finally {
        await temp.cleanup();
      }
    },
  );
});
