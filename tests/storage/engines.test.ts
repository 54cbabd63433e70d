import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation, openSqlite, type Db, type Queries } from '../../src/storage/index.ts';
import { numberPlaceholders } from '../../src/storage/placeholders.ts';
import { tempDatabase, tempDir, testEngine, type TempDb } from '../support/temp-db.ts';

const dir = tempDir('engines-');

async function withScratch(name: string, use: (temp: TempDb) => Promise<void>): Promise<void> {
  const temp = await tempDatabase(name);
  try {
    await temp.db.run('CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    await use(temp);
  } finally {
    await temp.cleanup();
  }
}

async function notes(db: Queries): Promise<string[]> {
  return (await db.all<{ note: string }>('SELECT note FROM scratch ORDER BY id')).map((r) => r.note);
}

/** Whether `promise` settled within a few event-loop turns and a short wait. */
async function settled(promise: Promise<unknown>, ms = 50): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await sleep(ms);
  return done;
}

describe(`transactions (${testEngine})`, () => {
  it('commit keeps every statement, a thrown error rolls every statement back', async () => {
    await withScratch('commit', async ({ db }) => {
      const value = await db.transaction(async (tx) => {
        await tx.run(`INSERT INTO scratch (id, note) VALUES (1, 'a')`);
        await tx.run(`INSERT INTO scratch (id, note) VALUES (2, 'b')`);
        return 'done';
      });
      expect(value).toBe('done');
      await expect(
        db.transaction(async (tx) => {
          await tx.run(`INSERT INTO scratch (id, note) VALUES (3, 'c')`);
          await tx.run(`UPDATE scratch SET note = 'changed' WHERE id = 1`);
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      expect(await notes(db)).toEqual(['a', 'b']);
    });
  });

  it('a statement from another caller does not join an open transaction (it survives its rollback)', async () => {
    await withScratch('isolated', async ({ db }) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let inside!: () => void;
      const started = new Promise<void>((resolve) => (inside = resolve));
      const failing = db.transaction(async (tx) => {
        await tx.run(`INSERT INTO scratch (id, note) VALUES (1, 'rolled back')`);
        inside();
        await gate;
        throw new Error('abandon');
      });
      await started;
      const outside = db.run(`INSERT INTO scratch (id, note) VALUES (2, 'outside')`);
      await sleep(20);
      release();
      await expect(failing).rejects.toThrow('abandon');
      await outside;
      expect(await notes(db)).toEqual(['outside']);
    });
  });

  it('a nested transaction is a savepoint: its failure undoes only its own statements', async () => {
    await withScratch('nested', async ({ db }) => {
      await db.transaction(async (tx) => {
        await tx.run(`INSERT INTO scratch (id, note) VALUES (1, 'outer before')`);
        await expect(
          db.transaction(async (inner) => {
            await inner.run(`INSERT INTO scratch (id, note) VALUES (2, 'inner failed')`);
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await db.transaction(async (inner) => {
          await inner.run(`INSERT INTO scratch (id, note) VALUES (3, 'inner kept')`);
        });
        await tx.run(`INSERT INTO scratch (id, note) VALUES (4, 'outer after')`);
      });
      expect(await notes(db)).toEqual(['outer before', 'inner kept', 'outer after']);
      // The savepoint belongs to the outer transaction: rolling that back takes the kept inner rows too.
      await expect(
        db.transaction(async () => {
          await db.transaction(async (inner) => inner.run(`INSERT INTO scratch (id, note) VALUES (5, 'gone')`));
          throw new Error('outer');
        }),
      ).rejects.toThrow('outer');
      expect(await notes(db)).toHaveLength(3);
    });
  });

  it('a transaction on another database inside one on this database: both commit, neither waits for itself', async () => {
    await withScratch('two-dbs', async ({ db }) => {
      const other = openSqlite(join(dir, 'other.sqlite'));
      await other.run('CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
      await db.transaction(async (tx) => {
        await tx.run(`INSERT INTO scratch (id, note) VALUES (1, 'outer')`);
        await other.transaction(async (otx) => {
          await otx.run(`INSERT INTO scratch (id, note) VALUES (1, 'other')`);
          await db.run(`INSERT INTO scratch (id, note) VALUES (2, 'outer again')`);
        });
      });
      expect(await notes(db)).toEqual(['outer', 'outer again']);
      expect(await notes(other)).toEqual(['other']);
      await other.close();
    });
  });

  it('two concurrent read-then-write transactions on one counter both commit, final value right', async () => {
    await withScratch('counter', async (temp) => {
      await temp.db.run(`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`);
      await temp.db.run(`INSERT INTO counter (id, n) VALUES (1, 0)`);
      // PostgreSQL: two processes (two pools). SQLite: one Db, which serializes its callers' transactions.
      const handles: Db[] = testEngine === 'postgres' ? [temp.db, await temp.open()] : [temp.db, temp.db];
      let attempts = 0;
      let reads = 0;
      const increment = (db: Db) =>
        db.transaction(async (tx) => {
          attempts += 1;
          const row = await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          reads += 1;
          // Both read before either writes (as far as the engine lets them): the lost-update race.
          for (let i = 0; i < 20 && reads < 2; i++) await sleep(10);
          await tx.run('UPDATE counter SET n = ? WHERE id = 1', [row!.n + 1]);
        });
      await Promise.all(handles.map(increment));
      expect(await temp.db.get('SELECT n FROM counter WHERE id = 1')).toEqual({ n: 2 });
      // PostgreSQL let both read, aborted one at its write and ran it again; SQLite never let the second start.
      if (testEngine === 'postgres') expect(attempts).toBeGreaterThan(2);
      else expect(attempts).toBe(2);

      // Many at once, each its own connection pool: no increment is lost.
      const many = testEngine === 'postgres' ? await Promise.all(Array.from({ length: 8 }, () => temp.open({ poolSize: 2 }))) : Array(8).fill(temp.db);
      await Promise.all(
        many.map((db: Db) =>
          db.transaction(async (tx) => {
            const row = await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1');
            await sleep(Math.random() * 5);
            await tx.run('UPDATE counter SET n = ? WHERE id = 1', [row!.n + 1]);
          }),
        ),
      );
      expect(await temp.db.get('SELECT n FROM counter WHERE id = 1')).toEqual({ n: 10 });
    });
  }, 60_000);
});

describe('SQLite: one connection, callers take turns', () => {
  it('a statement from another caller waits until the open transaction ends', async () => {
    const db = openSqlite(join(dir, 'turns.sqlite'));
    await db.run('CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const tx = db.transaction(async (q) => {
      await q.run(`INSERT INTO scratch (id, note) VALUES (1, 'tx')`);
      inside();
      await gate;
    });
    await started;
    const read = db.all('SELECT note FROM scratch');
    const write = db.run(`INSERT INTO scratch (id, note) VALUES (2, 'outside')`);
    expect(await settled(read)).toBe(false);
    expect(await settled(write)).toBe(false);
    expect(db.connection.inTransaction).toBe(true);
    release();
    await tx;
    // It ran after the commit, in no transaction of its own making: it saw the committed row.
    expect(await read).toEqual([{ note: 'tx' }]);
    await write;
    expect(await notes(db)).toEqual(['tx', 'outside']);
    await db.close();
  });
});

describe(`notify / listen (${testEngine})`, () => {
  async function next(db: Db, channel: string): Promise<{ message: Promise<string>; stop: () => Promise<void> }> {
    let received!: (payload: string) => void;
    const message = new Promise<string>((resolve) => (received = resolve));
    const stop = await db.listen(channel, (payload) => received(payload));
    return { message, stop };
  }

  it('a listener hears a notification on its channel, and nothing after it stops', async () => {
    const temp = await tempDatabase('notify');
    const heard: string[] = [];
    const stop = await temp.db.listen('cache_reset', (payload) => heard.push(payload));
    const { message, stop: stopOther } = await next(temp.db, 'other_channel');
    await temp.db.notify('cache_reset', 'guild 42 ü');
    for (let i = 0; i < 100 && heard.length === 0; i++) await sleep(10);
    expect(heard).toEqual(['guild 42 ü']);
    expect(await settled(message)).toBe(false);
    await stop();
    await temp.db.notify('cache_reset', 'after stop');
    await sleep(100);
    expect(heard).toEqual(['guild 42 ü']);
    await stopOther();
    await expect(temp.db.notify('Bad Name', 'x')).rejects.toThrow(/bad channel name/);
    await temp.cleanup();
  });

  it(testEngine === 'postgres' ? 'another process hears it (LISTEN/NOTIFY)' : 'another connection does not hear it (in-process only)', async () => {
    const temp = await tempDatabase('notify2');
    const other = await temp.open();
    const { message, stop } = await next(other, 'cache_reset');
    await temp.db.notify('cache_reset', 'from the first');
    if (testEngine === 'postgres') expect(await message).toBe('from the first');
    else expect(await settled(message, 100)).toBe(false);
    await stop();
    await temp.cleanup();
  });
});

describe('isUniqueViolation', () => {
  async function violations(db: Queries): Promise<[boolean, boolean, boolean]> {
    await db.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c1', '09:00', 'UTC', 1)`);
    const duplicateKey = await db
      .run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c2', '10:00', 'UTC', 2)`)
      .catch((error: unknown) => error);
    await db.run(
      `INSERT INTO quiz_posts (id, guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
       VALUES (1, 'g1', '2024-01-01', 1, 'q', '330.1', 'c1', 'sent', 'n1', 1)`,
    );
    const duplicateUnique = await db
      .run(
        `INSERT INTO quiz_posts (id, guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce, claimed_at)
         VALUES (2, 'g1', '2024-01-01', 2, 'q', '330.1', 'c1', 'sent', 'n2', 1)`,
      )
      .catch((error: unknown) => error);
    const foreignKey = await db
      .run(`INSERT INTO forgotten_answers (post_id, user_id) VALUES (999, 'u')`)
      .catch((error: unknown) => error);
    expect(duplicateKey).toBeInstanceOf(Error);
    expect(duplicateUnique).toBeInstanceOf(Error);
    expect(foreignKey).toBeInstanceOf(Error);
    return [isUniqueViolation(duplicateKey), isUniqueViolation(duplicateUnique), isUniqueViolation(foreignKey)];
  }

  it(`on the test engine (${testEngine}): primary key and unique yes, foreign key no`, async () => {
    const temp = await tempDatabase('unique');
    expect(await violations(temp.db)).toEqual([true, true, false]);
    await temp.cleanup();
  });

  it('on SQLite: primary key and unique yes, foreign key no', async () => {
    const db = openSqlite(join(dir, 'unique.sqlite'));
    expect(await violations(db)).toEqual([true, true, false]);
    await db.close();
  });
});

describe('numberPlaceholders', () => {
  it('numbers the ? placeholders in order', () => {
    expect(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?)')).toBe('SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)');
  });

  it('leaves ? inside quotes, quoted identifiers and comments alone', () => {
    expect(numberPlaceholders(`SELECT '?', 'it''s ?', "we?ird" FROM t -- why? because\nWHERE x = ?`)).toBe(
      `SELECT '?', 'it''s ?', "we?ird" FROM t -- why? because\nWHERE x = $1`,
    );
    expect(numberPlaceholders(`SELECT ? -- trailing ? comment`)).toBe(`SELECT $1 -- trailing ? comment`);
    expect(numberPlaceholders(`INSERT INTO t VALUES (?, 'a-b', ?)`)).toBe(`INSERT INTO t VALUES ($1, 'a-b', $2)`);
  });

  it('leaves ? inside block comments alone', () => {
    expect(numberPlaceholders(`SELECT /* is it? */ ?`)).toBe(`SELECT /* is it? */ $1`);
    expect(numberPlaceholders(`SELECT ? /* outer /* nested? */ still? */, ?`)).toBe(`SELECT $1 /* outer /* nested? */ still? */, $2`);
    expect(numberPlaceholders(`SELECT ? / 2, 3 * ?`)).toBe(`SELECT $1 / 2, 3 * $2`);
  });
});
