import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DailyAnswerQueue, getLeaderboard, getStreak, UnknownPostError, type DailyAnswerInput } from '../../src/progress/index.ts';
import { openSqlite } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { addPost, column, freshDb, freshTemp, HOUR, scalar } from './fixture.ts';

const AT = Date.UTC(2024, 2, 1, 12);

function input(postId: number, userId: string, correct = true): DailyAnswerInput {
  return { guildId: 'g1', userId, postId, questionId: 'q1', topicId: '330.1', answer: ['a'], correct, answeredAt: AT + HOUR };
}

describe('DailyAnswerQueue (group commit)', () => {
  it('records answers arriving together in one transaction, each committed before its promise settles', async () => {
    const temp = await freshTemp('queue');
    const db = temp.db;
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const members = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const pending = members.map((userId, i) => queue.record(input(post, userId, i % 2 === 0)));
    const twice = queue.record(input(post, 'u0', false)); // a double click in the same burst
    const results = await Promise.all(pending);

    expect(results.map((r) => r.status)).toEqual(members.map(() => 'recorded'));
    expect(await twice).toMatchObject({ status: 'already-answered', correct: true });
    expect(queue.stats).toMatchObject({ batches: 1, answers: 41, largestBatch: 41, retriedAlone: 0 });
    // Already on disk: another connection sees every answer.
    const reader = await temp.open();
    expect(await scalar(reader, 'SELECT count(*) FROM answers')).toBe(40);
    expect((await getStreak(db, 'g1', 'u3', AT + 2 * HOUR)).current).toBe(1);
  });

  it('a bad answer fails alone: the rest of its group is still recorded', async () => {
    const db = await freshDb('queue-bad');
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const good = queue.record(input(post, 'a'));
    const bad = queue.record(input(post + 100, 'b'));
    const alsoGood = queue.record(input(post, 'c'));
    await expect(bad).rejects.toBeInstanceOf(UnknownPostError);
    expect((await good).status).toBe('recorded');
    expect((await alsoGood).status).toBe('recorded');
    expect(await column(db, 'SELECT user_id FROM answers ORDER BY user_id')).toEqual(['a', 'c']);
    expect(queue.stats.retriedAlone).toBe(3);
  });

  it('a member row the cache never saw fails no one: writers read member rows from the database, not the cache', async () => {
    const db = await freshDb('queue-mismatch');
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT }); // the server's rows are now cached
    // A row written on this connection behind the cache's back (no notification, PRAGMA data_version unmoved).
    await db.run(`INSERT INTO member_progress (guild_id, user_id, updated_at) VALUES ('g1', 'x', 0)`);
    const queue = new DailyAnswerQueue(db);
    const results = await Promise.all(['a', 'x', 'b'].map((u) => queue.record(input(post, u))));
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(queue.stats.retriedAlone).toBe(0);
    expect(await scalar(db, 'SELECT count(*) FROM answers')).toBe(3);
    const board = await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT + 2 * HOUR });
    expect(board.entries.map((entry) => entry.userId).sort()).toEqual(['a', 'b', 'x']);
  });

  it('a burst larger than maxBatch is committed in groups of maxBatch, one group after the other', async () => {
    const db = await freshDb('queue-turns');
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db, 2);
    const pending = Array.from({ length: 6 }, (_, i) => queue.record(input(post, `u${i}`)));
    const count = () => scalar(db, 'SELECT count(*) FROM answers');
    // The first group has committed, the next one has not started: it waits for a later turn.
    await pending[0];
    expect(await count()).toBe(2);
    await Promise.all(pending);
    expect(await count()).toBe(6);
    expect(queue.stats).toMatchObject({ batches: 3, largestBatch: 2 });
  });

  // SQLite's busy timeout: opened as SQLite in both passes.
  it('a database failure (busy past the timeout) fails the whole group at once, without a retry per answer', async () => {
    const path = join(tempDir('queue-'), 'busy.sqlite');
    const db = openSqlite(path, { busyTimeoutMs: 50 });
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const other = openSqlite(path);
    other.connection.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const queue = new DailyAnswerQueue(db);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((u) => queue.record(input(post, u))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : null))).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY', 'SQLITE_BUSY']);
    expect(queue.stats.retriedAlone).toBe(0);
    other.connection.exec('ROLLBACK');
    await other.close();
    expect((await queue.record(input(post, 'a'))).status).toBe('recorded');
    await db.close();
  });

  it('flush() records what is waiting at once (shutdown)', async () => {
    const db = await freshDb('queue-flush');
    const post = await addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const waiting = queue.record(input(post, 'late'));
    await queue.flush();
    expect(await scalar(db, 'SELECT count(*) FROM answers')).toBe(1);
    expect((await waiting).status).toBe('recorded');
  });
});
