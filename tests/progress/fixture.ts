/** Real SQLite files with the real migrations, and daily posts written the way src/schedule stores them. */
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

export function freshDb(name: string): Db {
  return openDatabase(join(tempDir('progress-'), `${name}.sqlite`));
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

export function addPost(db: Db, spec: PostSpec): number {
  const status = spec.status ?? 'sent';
  return Number(
    db
      .prepare(
        `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce,
           claimed_at, window_closes_at)
         VALUES (?, ?, ?, ?, ?, 'c1', ?, ?, ?, ?, ?)`,
      )
      .run(
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
      ).lastInsertRowid,
  );
}

/** What the quiz module does at reveal time: status 'revealed' (closing the window) + settle, in one transaction. */
export function reveal(db: Db, postId: number, at: number, settle: (db: Db, guildId: string, seq: number, at: number) => unknown): void {
  db.transaction(() => {
    const row = db
      .prepare(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ? RETURNING guild_id, seq`)
      .get(at, postId) as { guild_id: string; seq: number };
    settle(db, row.guild_id, row.seq, at);
  })();
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Day n of a run of daily posts from T0 (noon UTC, 2024-03-01): its local date. */
export const T0 = Date.UTC(2024, 2, 1, 12);
export const dateOf = (n: number): string => new Date(T0 + n * DAY).toISOString().slice(0, 10);

/** The daily post of day n: claimed at T0 + n days, its window open 8 hours. */
export function dayPost(db: Db, n: number, questionId?: string): number {
  return addPost(db, { seq: n, localDate: dateOf(n), claimedAt: T0 + n * DAY, windowClosesAt: T0 + n * DAY + 8 * HOUR, ...(questionId ? { questionId } : {}) });
}
