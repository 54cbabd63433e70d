import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyDatabase,
  CopyRefusedError,
  describeTables,
  foreignKeyOrder,
  openSqlite,
  tableChecksum,
  type Queries,
  type TableInfo,
} from '../../src/storage/index.ts';
import { tempDatabase, tempDir, testEngine } from '../support/temp-db.ts';
import { ANSWERS, fillEveryTable } from './copy-fixture.ts';

const dir = tempDir('copy-');

/** Every row of every table, in primary-key order. */
async function dump(db: Queries): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await describeTables(db)) {
    out[table.name] = await db.all(`SELECT * FROM "${table.name}" ORDER BY ${table.primaryKey.map((c) => `"${c}"`).join(', ')}`);
  }
  return out;
}

/** The same rows as text, sorted: PostgreSQL may order text keys by another collation. */
function sortedRows(tables: Record<string, unknown[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.map((r) => JSON.stringify(r)).sort()]));
}

describe(`copyDatabase (SQLite -> ${testEngine} -> SQLite)`, () => {
  it('copies every row of every table there and back unchanged, verified per table', async () => {
    const source = openSqlite(join(dir, 'source.sqlite'));
    await fillEveryTable(source);
    const original = await dump(source);
    // The fixture must keep covering the whole schema: a new table without rows fails here.
    for (const [name, rows] of Object.entries(original)) expect(rows.length, name).toBeGreaterThan(0);
    expect(original.answers).toHaveLength(ANSWERS);

    const middle = await tempDatabase('copy');
    // Small batches: keyset paging over one- and three-column keys, many statements per table.
    const there = await copyDatabase(source, middle.db, { batchSize: 7 });
    expect(there.ok).toBe(true);
    expect(Object.fromEntries(there.tables.map((t) => [t.table, t.target]))).toEqual(
      Object.fromEntries(Object.entries(original).map(([name, rows]) => [name, rows.length])),
    );
    expect(sortedRows(await dump(middle.db))).toEqual(sortedRows(original));

    const back = openSqlite(join(dir, 'back.sqlite'));
    const result = await copyDatabase(middle.db, back);
    expect(result.ok).toBe(true);
    expect(await dump(back)).toEqual(original);
    const stability = await back.get<{ stability: number }>(`SELECT stability FROM review_cards WHERE card_key = 'q1'`);
    expect(stability!.stability).toBe(0.1 + 0.2);

    // A row added after the copy gets an id past the copied ones (PostgreSQL: the identity sequence was moved).
    const added = await middle.db.get<{ id: number }>(
      `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
       VALUES ('g3', '2024-04-01', 1, 'q', '330.1', 'c3', 'claimed', 'n-new', 1) RETURNING id`,
    );
    expect(added!.id).toBeGreaterThan(1000001);
    const log = await middle.db.get<{ id: number }>(
      `INSERT INTO review_log (guild_id, user_id, card_key, rating, state, local_date, reviewed_at) VALUES ('g1', 'u1', 'k', 1, 0, '2024-04-01', 1) RETURNING id`,
    );
    expect(log!.id).toBeGreaterThan(99999999);

    await source.close();
    await back.close();
    await middle.cleanup();
  }, 60_000);

  it('refuses a target that holds rows, and writes nothing into it', async () => {
    const source = openSqlite(join(dir, 'refuse-source.sqlite'));
    await fillEveryTable(source);
    const target = await tempDatabase('refuse');
    await target.db.run(`INSERT INTO guild_progress (guild_id, closed_seq) VALUES ('other', 1)`);
    await expect(copyDatabase(source, target.db)).rejects.toThrow(CopyRefusedError);
    await expect(copyDatabase(source, target.db)).rejects.toThrow(/not empty \(table guild_progress has rows\)/);
    expect(await target.db.all('SELECT guild_id FROM guild_progress')).toEqual([{ guild_id: 'other' }]);
    expect(await target.db.get('SELECT count(*) AS n FROM answers')).toEqual({ n: 0 });
    await source.close();
    await target.cleanup();
  });

  it('refuses databases at different schema versions, saying which is older', async () => {
    const old = openSqlite(join(dir, 'old.sqlite'), { targetVersion: 11 });
    const target = await tempDatabase('versions');
    await expect(copyDatabase(old, target.db)).rejects.toThrow(/source .* is at schema version 11, older than the target's 12: migrate the source first/);
    await expect(copyDatabase(target.db, old)).rejects.toThrow(/schema version 12, newer than the target's 11/);
    await old.close();
    await target.cleanup();
  });

  it('a fresh database (only the migrations\' own rows) counts as empty', async () => {
    const source = openSqlite(join(dir, 'fresh-source.sqlite'));
    const target = await tempDatabase('fresh');
    const result = await copyDatabase(source, target.db);
    expect(result.ok).toBe(true);
    expect(result.tables.find((t) => t.table === 'card_outbox')).toMatchObject({ source: 1, target: 1, ok: true });
    await source.close();
    await target.cleanup();
  });

  it('verification catches a row that differs', async () => {
    // Checksums see a changed value even when the counts agree.
    const a = openSqlite(join(dir, 'verify-a.sqlite'));
    const b = openSqlite(join(dir, 'verify-b.sqlite'));
    await fillEveryTable(a);
    const result = await copyDatabase(a, b);
    expect(result.ok).toBe(true);
    await b.run(`UPDATE review_cards SET stability = 0.3 WHERE card_key = 'q1'`);
    const table = (await describeTables(a)).find((t) => t.name === 'review_cards')!;
    const [x, y] = [await tableChecksum(a, table), await tableChecksum(b, table)];
    expect(x.rows).toBe(y.rows);
    expect(x.checksum).not.toBe(y.checksum);
    await a.close();
    await b.close();
  });
});

describe('foreignKeyOrder', () => {
  it('puts every table after the ones it references', async () => {
    const db = openSqlite(':memory:');
    const ordered = foreignKeyOrder(await describeTables(db));
    const position = (name: string) => ordered.findIndex((t: TableInfo) => t.name === name);
    for (const table of ordered) for (const parent of table.references) expect(position(parent)).toBeLessThan(position(table.name));
    expect(position('quiz_posts')).toBeLessThan(position('answers'));
    expect(position('exams')).toBeLessThan(position('exam_items'));
    await db.close();
  });
});
