/** Real databases (the test engine) with the real migrations, and daily posts written the way src/schedule stores them. */
import { afterAll } from 'vitest';
import type { Db, SqlParam } from '../../src/storage/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

/** A fresh database on the test engine, closed and removed after the test file. */
export async function freshTemp(name: string): Promise<TempDb> {
  const temp = await tempDatabase(name);
  afterAll(() => temp.cleanup());
  return temp;
}

export async function freshDb(name: string): Promise<Db> {
  return (await freshTemp(name)).db;
}

/** The first column of the first row (counts, single values). */
export async function scalar<T = number>(db: Db, sql: string, params: readonly SqlParam[] = []): Promise<T> {
  const row = await db.get<Record<string, unknown>>(sql, params);
  return (row ? Object.values(row)[0] : undefined) as T;
}

/** The first column of every row. */
export async function column<T = unknown>(db: Db, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
  return (await db.all<Record<string, unknown>>(sql, params)).map((row) => Object.values(row)[0] as T);
}

export interface PostSpec {
  guildId?: string;
  seq: number;
  localDate: string;
  status?: 'claimed' | 'sent' | 'failed' | 'revealed';
  claimedAt?: number;
  windowClosesAt?: number | null;
  topicId?: string;
  questionId?: string;
}

const ADD_POST_SQL = `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce,
   claimed_at, window_closes_at)
 VALUES (?, ?, ?, ?, ?, 'c1', ?, ?, ?, ?, ?)
 RETURNING id`;

export async function addPost(db: Db, spec: PostSpec): Promise<number> {
  const status = spec.status ?? 'sent';
  const row = await db.get<{ id: number }>(ADD_POST_SQL, [
    spec.guildId ?? 'g1',
    spec.localDate,
    spec.seq,
    spec.questionId ?? `q${spec.seq}`,
    spec.topicId ?? '330.1',
    status === 'sent' || status === 'revealed' ? `m${spec.seq}` : null,
    status,
    `n-${spec.guildId ?? 'g1'}-${spec.seq}`,
    spec.claimedAt ?? 0,
    spec.windowClosesAt === undefined ? null : spec.windowClosesAt,
  ]);
  return row!.id;
}

/** What the quiz module does at reveal time: status 'revealed' (closing the window) + settle, in one transaction. */
export async function reveal(db: Db, postId: number, at: number, settle: (db: Db, guildId: string, seq: number, at: number) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    const row = (await tx.get<{ guild_id: string; seq: number }>(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ? RETURNING guild_id, seq`, [at, postId]))!;
    await settle(db, row.guild_id, row.seq, at);
  });
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Day n of a run of daily posts from T0 (noon UTC, 2024-03-01): its local date. */
export const T0 = Date.UTC(2024, 2, 1, 12);
export const dateOf = (n: number): string => new Date(T0 + n * DAY).toISOString().slice(0, 10);

/** The daily post of day n: claimed at T0 + n days, its window open 8 hours. */
export function dayPost(db: Db, n: number, questionId?: string): Promise<number> {
  return addPost(db, { seq: n, localDate: dateOf(n), claimedAt: T0 + n * DAY, windowClosesAt: T0 + n * DAY + 8 * HOUR, ...(questionId ? { questionId } : {}) });
}
