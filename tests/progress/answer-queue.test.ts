import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DailyAnswerQueue, getLeaderboard, getStreak, UnknownPostError, type DailyAnswerInput } from '../../src/progress/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { addPost, freshDb, HOUR } from './fixture.ts';

const AT = Date.UTC(2024, 2, 1, 12);

function input(postId: number, userId: string, correct = true): DailyAnswerInput {
  return { guildId: 'g1', userId, postId, questionId: 'q1', topicId: '330.1', answer: ['a'], correct, answeredAt: AT + HOUR };
}

describe('DailyAnswerQueue (group commit)', () => {
  it('records answers arriving together in one transaction, each committed before its promise settles', async () => {
    const db = freshDb('queue');
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const members = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const pending = members.map((userId, i) => queue.record(input(post, userId, i % 2 === 0)));
    const twice = queue.record(input(post, 'u0', false)); // a double click in the same burst
    const results = await Promise.all(pending);

    expect(results.map((r) => r.status)).toEqual(members.map(() => 'recorded'));
    expect(await twice).toMatchObject({ status: 'already-answered', correct: true });
    expect(queue.stats).toMatchObject({ batches: 1, answers: 41, largestBatch: 41, retriedAlone: 0 });
    // Already on disk: another connection sees every answer.
    const reader = openDatabase(db.name);
    expect(reader.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(40);
    reader.close();
    expect(getStreak(db, 'g1', 'u3', AT + 2 * HOUR).current).toBe(1);
  });

  it('a bad answer fails alone: the rest of its group is still recorded', async () => {
    const db = freshDb('queue-bad');
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const good = queue.record(input(post, 'a'));
    const bad = queue.record(input(post + 100, 'b'));
    const alsoGood = queue.record(input(post, 'c'));
    await expect(bad).rejects.toBeInstanceOf(UnknownPostError);
    expect((await good).status).toBe('recorded');
    expect((await alsoGood).status).toBe('recorded');
    expect(db.prepare('SELECT user_id FROM answers ORDER BY user_id').pluck().all()).toEqual(['a', 'c']);
    expect(queue.stats.retriedAlone).toBe(3);
  });

  it('a member row the cache missed fails no one: the cache is dropped and the group retried answer by answer', async () => {
    const db = freshDb('queue-mismatch');
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT }); // the server's rows are now cached
    // A row written on this connection behind the cache's back (PRAGMA data_version does not move for it).
    db.prepare(`INSERT INTO member_progress (guild_id, user_id, updated_at) VALUES ('g1', 'x', 0)`).run();
    const queue = new DailyAnswerQueue(db);
    const results = await Promise.all(['a', 'x', 'b'].map((u) => queue.record(input(post, u))));
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(queue.stats.retriedAlone).toBe(3);
    expect(db.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(3);
    const board = getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT + 2 * HOUR });
    expect(board.entries.map((entry) => entry.userId).sort()).toEqual(['a', 'b', 'x']);
  });

  it('a burst larger than maxBatch is committed one group per turn of the event loop', async () => {
    const db = freshDb('queue-turns');
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db, 2);
    const pending = Array.from({ length: 6 }, (_, i) => queue.record(input(post, `u${i}`)));
    const count = () => db.prepare('SELECT count(*) FROM answers').pluck().get() as number;
    // Scheduled after the queue's first turn: other work runs between groups.
    const seen = await new Promise<number>((resolve) => setImmediate(() => resolve(count())));
    expect(seen).toBe(2);
    await Promise.all(pending);
    expect(count()).toBe(6);
    expect(queue.stats).toMatchObject({ batches: 3, largestBatch: 2 });
  });

  it('a database failure (busy past the timeout) fails the whole group at once, without a retry per answer', async () => {
    const path = join(tempDir('queue-'), 'busy.sqlite');
    const db = openDatabase(path, { busyTimeoutMs: 50 });
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const other = openDatabase(path);
    other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const queue = new DailyAnswerQueue(db);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((u) => queue.record(input(post, u))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : null))).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY', 'SQLITE_BUSY']);
    expect(queue.stats.retriedAlone).toBe(0);
    other.exec('ROLLBACK');
    other.close();
    expect((await queue.record(input(post, 'a'))).status).toBe('recorded');
  });

  it('flush() records what is waiting at once (shutdown)', async () => {
    const db = freshDb('queue-flush');
    const post = addPost(db, { seq: 1, localDate: '2024-03-01', claimedAt: AT, windowClosesAt: AT + 8 * HOUR });
    const queue = new DailyAnswerQueue(db);
    const waiting = queue.record(input(post, 'late'));
    queue.flush();
    expect(db.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(1);
    expect((await waiting).status).toBe('recorded');
  });
});
