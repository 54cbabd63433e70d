import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import {
  DEFAULT_LEASE_MS,
  claimDuePost,
  deferPostSend,
  findDueGuilds,
  getPost,
  markPostFailed,
  markPostSent,
  markRevealed,
  pauseForProblem,
  pendingSends,
  postsToReveal,
  resumeSchedule,
  revealSummary,
  scheduleStatus,
  setupSchedule,
  type ClaimOutcome,
  type QuizPost,
} from '../../src/schedule/index.ts';
import { recordDailyAnswer } from '../../src/progress/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { tempDatabase, testEngine, type TempDb } from '../support/temp-db.ts';

const run = promisify(execFile);
const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toMillis();
const MIN = 60_000;

let temp: TempDb;
let db: Db;
beforeEach(async () => {
  temp = await tempDatabase();
  db = temp.db;
});
afterEach(() => temp.cleanup());

let picks = 0;
const pick = () => ({ questionId: `q-${++picks}`, topicId: '330.2' });

function claimed(outcome: ClaimOutcome): QuizPost {
  if (!outcome.claimed) throw new Error(`expected a claim, got ${outcome.reason}`);
  return outcome.post;
}

async function setupDaily(guildId = 'g', time = '09:00', nowIso = '2024-06-01T08:00') {
  await setupSchedule(db, { guildId, channelId: `chan-${guildId}`, time, timezone: NY }, at(nowIso));
}

const countPosts = async (guildId: string) => (await db.get<{ n: number }>('SELECT count(*) AS n FROM quiz_posts WHERE guild_id = ?', [guildId]))!.n;

describe('claims', () => {
  it('claims once per local day, before sending, and moves the schedule to the next day', async () => {
    await setupDaily();
    expect(await claimDuePost(db, 'g', at('2024-06-01T08:59'), pick)).toEqual({ claimed: false, reason: 'not_due' });
    const post = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    expect(post).toMatchObject({ localDate: '2024-06-01', seq: 1, status: 'claimed', channelId: 'chan-g', messageId: null });
    expect(post.nonce).toMatch(/^[0-9a-f]{20}$/);
    expect(post.windowClosesAt).toBe(at('2024-06-02T09:00'));
    expect((await scheduleStatus(db, 'g'))!.nextPostLocal).toBe('2024-06-02T09:00-04:00');
    // Restart inside the posting minute: the tick runs again and must not claim a second post.
    const other = await temp.open();
    expect(await claimDuePost(other, 'g', at('2024-06-01T09:00') + 30_000, pick)).toEqual({ claimed: false, reason: 'not_due' });
    expect(await countPosts('g')).toBe(1);
    const next = claimed(await claimDuePost(db, 'g', at('2024-06-02T09:00'), pick));
    expect(next.seq).toBe(2);
    expect(next.nonce).not.toBe(post.nonce);
  });

  it('a second connection sees the day as taken even if the schedule still looks due', async () => {
    await setupDaily();
    const a = await temp.open();
    const b = await temp.open();
    claimed(await claimDuePost(a, 'g', at('2024-06-01T09:00'), pick));
    // Someone points next_due_at back (e.g. a setup changing the time later the same day): still one post per day.
    await setupSchedule(b, { guildId: 'g', channelId: 'c', time: '10:00', timezone: NY }, at('2024-06-01T09:30'));
    expect(await claimDuePost(b, 'g', at('2024-06-01T10:00'), pick)).toEqual({ claimed: false, reason: 'already_posted' });
    expect(await countPosts('g')).toBe(1);
    expect((await scheduleStatus(b, 'g'))!.nextPostLocal).toBe('2024-06-02T10:00-04:00');
  });

  it('nothing is recorded when picking the question throws', async () => {
    await setupDaily();
    await expect(
      claimDuePost(db, 'g', at('2024-06-01T09:00'), () => {
        throw new Error('empty bank');
      }),
    ).rejects.toThrowError('empty bank');
    expect(await countPosts('g')).toBe(0);
    expect((await scheduleStatus(db, 'g'))!.nextPostLocal).toBe('2024-06-01T09:00-04:00');
  });

  it('bot down at post time: posts on start the same day, skips a day that is over', async () => {
    await setupDaily();
    // Down from 08:30 to 15:00: the window (until tomorrow 09:00) is open, post now.
    expect(await findDueGuilds(db, at('2024-06-01T15:00'))).toEqual(['g']);
    expect(claimed(await claimDuePost(db, 'g', at('2024-06-01T15:00'), pick)).localDate).toBe('2024-06-01');
    // Down from June 1 evening until June 3 08:00: June 2 is over, June 3's post has not come yet.
    expect(await claimDuePost(db, 'g', at('2024-06-03T08:00'), pick)).toEqual({ claimed: false, reason: 'missed' });
    expect((await scheduleStatus(db, 'g'))!.nextPostLocal).toBe('2024-06-03T09:00-04:00');
    expect(claimed(await claimDuePost(db, 'g', at('2024-06-03T09:00'), pick))).toMatchObject({ localDate: '2024-06-03', seq: 2 });
  });

  it('posts at the same local time through a DST switch, and at 03:00 when 02:30 does not exist', async () => {
    await setupDaily('nine', '09:00', '2024-03-08T12:00');
    await setupDaily('gap', '02:30', '2024-03-08T12:00');
    const ticks = ['2024-03-09T02:30', '2024-03-09T09:00', '2024-03-10T03:00', '2024-03-10T09:00', '2024-03-11T02:30', '2024-03-11T09:00'];
    const posted: string[] = [];
    for (const iso of ticks) {
      for (const guildId of await findDueGuilds(db, at(iso))) {
        const post = claimed(await claimDuePost(db, guildId, at(iso), pick));
        posted.push(`${guildId} ${post.localDate} ${DateTime.fromMillis(post.claimedAt, { zone: NY }).toFormat('HH:mm ZZ')}`);
      }
    }
    expect(posted).toEqual([
      'gap 2024-03-09 02:30 -05:00',
      'nine 2024-03-09 09:00 -05:00',
      'gap 2024-03-10 03:00 -04:00',
      'nine 2024-03-10 09:00 -04:00',
      'gap 2024-03-11 02:30 -04:00',
      'nine 2024-03-11 09:00 -04:00',
    ]);
  });

  it('a late-evening post missed by a few minutes still goes out after midnight (grace)', async () => {
    await setupDaily('g', '23:55', '2024-06-01T20:00');
    expect(claimed(await claimDuePost(db, 'g', at('2024-06-02T00:10'), pick)).localDate).toBe('2024-06-01');
  });
  it('stores the option order the picker drew with the claim; every later read of the post returns it', async () => {
    await setupDaily();
    const t0 = at('2024-06-01T09:00');
    const post = claimed(await claimDuePost(db, 'g', t0, () => ({ questionId: 'q-order', topicId: '330.2', optionOrder: '2031' })));
    expect(post.optionOrder).toBe('2031');
    await db.close(); // a restart between claim and send
    const restarted = await temp.open();
    expect((await getPost(restarted, post.id))?.optionOrder).toBe('2031');
    expect((await pendingSends(restarted, t0 + 2 * MIN)).map((p) => p.optionOrder)).toEqual(['2031']);
    await markPostSent(restarted, post.id, 'm-1', t0 + 2 * MIN);
    expect((await markRevealed(restarted, post.id, at('2024-06-02T09:00')))?.optionOrder).toBe('2031');
    // A picker that draws no order (fill-in, older callers) leaves it NULL: shown in file order.
    await setupSchedule(restarted, { guildId: 'h', channelId: 'chan-h', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    expect(claimed(await claimDuePost(restarted, 'h', t0, pick)).optionOrder).toBeNull();
  });
});

describe('sending exactly once', () => {
  it('claim, crash before marking, restart: the retry reuses the same claim and nonce after the lease', async () => {
    await setupDaily();
    const t0 = at('2024-06-01T09:00');
    const post = claimed(await claimDuePost(db, 'g', t0, pick));
    db.close(); // the process dies between claim and send (or before recording the send)

    const restarted = await temp.open();
    expect(await claimDuePost(restarted, 'g', t0 + 20_000, pick)).toMatchObject({ claimed: false });
    expect(await pendingSends(restarted, t0 + 20_000)).toEqual([]); // still leased to the dead process
    const [retry, ...rest] = await pendingSends(restarted, t0 + 61_000);
    expect(rest).toEqual([]);
    expect(retry).toMatchObject({ id: post.id, nonce: post.nonce, attempts: 2, status: 'claimed' });
    expect(await markPostSent(restarted, post.id, 'm-1', t0 + 62_000)).toBe(true);
    expect(await getPost(restarted, post.id)).toMatchObject({ status: 'sent', messageId: 'm-1' });
    expect(await pendingSends(restarted, t0 + 10 * MIN)).toEqual([]);
    expect(await restarted.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: 1 });
  });

  it('two live processes never hold the same claim at once', async () => {
    await setupDaily();
    const a = await temp.open();
    const b = await temp.open();
    const t0 = at('2024-06-01T09:00');
    const post = claimed(await claimDuePost(a, 'g', t0, pick));
    expect(await pendingSends(b, t0 + 1000)).toEqual([]); // A is sending it
    const later = t0 + 2 * MIN;
    const first = await pendingSends(a, later);
    const second = await pendingSends(b, later);
    expect(first.map((p) => p.id)).toEqual([post.id]);
    expect(second).toEqual([]);
    // The first sender records its message; a late duplicate mark (same nonce → same message) changes nothing.
    expect(await markPostSent(a, post.id, 'm-1', later + 500)).toBe(true);
    expect(await markPostSent(b, post.id, 'm-1', later + 600)).toBe(false);
  });

  it('transient failures keep the nonce and retry; permanent ones pause only that server', async () => {
    await setupDaily('g');
    await setupDaily('h');
    const t0 = at('2024-06-01T09:00');
    const g = claimed(await claimDuePost(db, 'g', t0, pick));
    const h = claimed(await claimDuePost(db, 'h', t0, pick));

    expect(await deferPostSend(db, g.id, t0 + 1000, 'rate_limited', 10_000)).toBe(true);
    expect(await pendingSends(db, t0 + 5000)).toEqual([]);
    expect((await pendingSends(db, t0 + 11_000, { leaseMs: 60_000 })).map((p) => [p.id, p.nonce, p.lastError])).toEqual([
      [g.id, g.nonce, 'rate_limited'],
    ]);
    await markPostSent(db, g.id, 'm-g', t0 + 12_000);

    // h's channel was deleted.
    expect(await markPostFailed(db, h.id, 'channel_missing')).toBe(true);
    await pauseForProblem(db, 'h', 'channel_missing', t0 + 1000);
    expect(await scheduleStatus(db, 'h')).toMatchObject({ paused: true, pausedReason: 'channel_missing' });
    expect(await scheduleStatus(db, 'g')).toMatchObject({ paused: false });
    expect(await pendingSends(db, t0 + 5 * MIN)).toEqual([]);

    // The admin fixes the channel and resumes the same day: the failed day stays failed (a skipped day for
    // streaks), nothing is posted twice, and the next post is tomorrow's.
    const resumed = await resumeSchedule(db, 'h', at('2024-06-01T12:00'));
    expect(resumed.nextPostLocal).toBe('2024-06-02T09:00-04:00');
    expect(await pendingSends(db, at('2024-06-01T12:00'))).toEqual([]);
    expect(await getPost(db, h.id)).toMatchObject({ status: 'failed', lastError: 'channel_missing' });
    expect(claimed(await claimDuePost(db, 'h', at('2024-06-02T09:00'), pick)).seq).toBe(2);
  });

  it('a queued claim holds no lease: pendingSends leases it when the send starts, however long it waited, and only once', async () => {
    await setupDaily('g');
    await setupDaily('h');
    const t0 = at('2024-06-01T09:00');
    const g = claimed(await claimDuePost(db, 'g', t0, pick, { queued: true }));
    const h = claimed(await claimDuePost(db, 'h', t0, pick, { queued: true }));
    expect(g).toMatchObject({ leaseUntil: t0, attempts: 0 });
    // Half an hour behind a rate-limited queue (far past DEFAULT_LEASE_MS): still the first and only attempt.
    const later = t0 + 30 * MIN;
    const [first, ...rest] = await pendingSends(db, later, { limit: 1 });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ id: g.id, nonce: g.nonce, attempts: 1, leaseUntil: later + DEFAULT_LEASE_MS });
    const other = await temp.open(); // another process asking at the same moment gets the other claim, not this one
    expect((await pendingSends(other, later)).map((p) => [p.id, p.attempts])).toEqual([[h.id, 1]]);
    expect(await pendingSends(db, later + 1000)).toEqual([]);
  });

  it('processes asking for sends at the same moment never get the same claim', async () => {
    const t0 = at('2024-06-01T09:00');
    const ids: number[] = [];
    for (const guildId of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) {
      await setupDaily(guildId);
      ids.push(claimed(await claimDuePost(db, guildId, t0, pick, { queued: true })).id);
    }
    // PostgreSQL: one pooled handle each, as separate processes. SQLite: one handle shared by concurrent calls
    // (two handles in one process would block its event loop on each other's file lock).
    const senders = testEngine === 'postgres' ? await Promise.all(Array.from({ length: 4 }, () => temp.open())) : [db, db, db, db];
    const batches = await Promise.all(senders.map((sender) => pendingSends(sender, t0 + MIN, { limit: 3 })));
    const leased = batches.flat().map((post) => post.id);
    expect(new Set(leased).size).toBe(leased.length);
    expect([...leased].sort((x, y) => x - y)).toEqual(ids);
  });

  it('claims whose window closed while queued are failed and skipped, and the limit is still filled from those behind', async () => {
    await setupDaily('old', '09:00');
    const t0 = at('2024-06-01T09:00');
    const stale = claimed(await claimDuePost(db, 'old', t0, pick, { queued: true }));
    const nextDay = at('2024-06-02T09:00');
    await setupDaily('new', '09:00', '2024-06-02T08:00');
    const fresh = claimed(await claimDuePost(db, 'new', nextDay, pick, { queued: true }));
    expect((await pendingSends(db, nextDay, { limit: 1 })).map((p) => p.id)).toEqual([fresh.id]);
    expect(await getPost(db, stale.id)).toMatchObject({ status: 'failed', lastError: 'window_closed' });
  });

  it('a claim never sent before its window closes fails instead of posting a stale question', async () => {
    await setupDaily();
    const post = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    expect(await pendingSends(db, at('2024-06-02T09:00'))).toEqual([]);
    expect(await getPost(db, post.id)).toMatchObject({ status: 'failed', lastError: 'window_closed' });
  });

  it('two processes on one database claiming at the same time: one post per server', async () => {
    const now = at('2024-06-01T09:00');
    const guilds = Array.from({ length: 300 }, (_, i) => `guild-${i}`);
    await db.transaction(async () => {
      for (const guildId of guilds) await setupSchedule(db, { guildId, channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    });
    const startAt = Date.now() + 3000; // both children are loaded by then
    const worker = new URL('./claim-worker.ts', import.meta.url).pathname;
    const [one, two] = await Promise.all(
      ['0', '1'].map((reverse) =>
        run(process.execPath, ['--import', 'tsx', worker, temp.target, String(now), String(startAt), reverse]),
      ),
    );
    const a = JSON.parse(one!.stdout) as string[];
    const b = JSON.parse(two!.stdout) as string[];
    expect(new Set([...a, ...b]).size).toBe(guilds.length);
    expect(a.length + b.length).toBe(guilds.length); // nobody claimed twice
    const perGuild = await db.all('SELECT guild_id, count(*) AS n FROM quiz_posts GROUP BY guild_id HAVING count(*) > 1');
    expect(perGuild).toEqual([]);
    expect(await db.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: guilds.length });
  });
});

describe('reveal', () => {
  it('reveals when the next post is claimed, exactly once', async () => {
    await setupDaily();
    const first = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    await markPostSent(db, first.id, 'm-1', at('2024-06-01T09:00') + 1000);
    expect(await postsToReveal(db, at('2024-06-02T08:59'))).toEqual([]);
    const second = claimed(await claimDuePost(db, 'g', at('2024-06-02T09:00'), pick));
    const due = await postsToReveal(db, at('2024-06-02T09:00'));
    expect(due.map((p) => p.id)).toEqual([first.id]);
    const other = await temp.open();
    const revealed = await markRevealed(db, first.id, at('2024-06-02T09:00'));
    expect(revealed).toMatchObject({ id: first.id, status: 'revealed', seq: 1 });
    expect(await markRevealed(other, first.id, at('2024-06-02T09:00'))).toBeNull();
    expect(await postsToReveal(db, at('2024-06-03T09:00'))).toEqual([]); // second is still only claimed
    expect((await getPost(db, second.id))!.status).toBe('claimed');
  });

  it('runs the reveal hook inside the reveal transaction, once: a failing reveal leaves neither the flip nor the hook\'s writes', async () => {
    await setupDaily();
    const first = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    await markPostSent(db, first.id, 'm-1', at('2024-06-01T09:00'));
    claimed(await claimDuePost(db, 'g', at('2024-06-02T09:00'), pick));
    await db.run('CREATE TABLE hook_writes (post_id INTEGER)');
    const write = (post: { id: number }) => db.run('INSERT INTO hook_writes VALUES (?)', [post.id]);
    const hookRows = async () => (await db.all<{ post_id: number }>('SELECT post_id FROM hook_writes')).map((row) => row.post_id);
    await expect(
      markRevealed(db, first.id, at('2024-06-02T09:00'), async (post) => {
        await write(post);
        throw new Error('crash inside the reveal');
      }),
    ).rejects.toThrow('crash inside the reveal');
    expect((await getPost(db, first.id))!.status).toBe('sent');
    expect(await hookRows()).toEqual([]);
    let calls = 0;
    expect(await markRevealed(db, first.id, at('2024-06-02T09:00'), async (post) => (calls++, await write(post)))).not.toBeNull();
    expect(await markRevealed(db, first.id, at('2024-06-02T09:00'), () => calls++)).toBeNull();
    expect(calls).toBe(1);
    expect(await hookRows()).toEqual([first.id]);
  });

  it('counts the answers for the reveal and settles streaks in the reveal transaction', async () => {
    await setupDaily();
    const first = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    await markPostSent(db, first.id, 'm-1', at('2024-06-01T09:00'));
    expect(await revealSummary(db, first.id)).toEqual({ postId: first.id, questionId: first.questionId, answered: 0, correct: 0, shareCorrect: 0 });
    const answer = (userId: string, correct: boolean) =>
      recordDailyAnswer(db, {
        guildId: 'g',
        userId,
        postId: first.id,
        questionId: first.questionId,
        topicId: first.topicId,
        answer: ['a'],
        correct,
        answeredAt: at('2024-06-01T10:00'),
      });
    expect((await answer('u1', true)).status).toBe('recorded');
    expect((await answer('u2', false)).status).toBe('recorded');
    expect((await answer('u3', true)).status).toBe('recorded');
    expect((await answer('u1', false)).status).toBe('already-answered');
    claimed(await claimDuePost(db, 'g', at('2024-06-02T09:00'), pick));
    const [due] = await postsToReveal(db, at('2024-06-02T09:00'));
    expect(await markRevealed(db, due!.id, at('2024-06-02T09:00'))).not.toBeNull();
    expect(await revealSummary(db, first.id)).toEqual({ postId: first.id, questionId: first.questionId, answered: 3, correct: 2, shareCorrect: 2 / 3 });
    // closeDailyWindow ran inside markRevealed: the server's settled prefix includes the revealed post.
    expect(await db.get('SELECT closed_seq FROM guild_progress WHERE guild_id = ?', ['g'])).toEqual({ closed_seq: 1 });
    expect(await revealSummary(db, 9999)).toBeNull();
  });

  it('a schedule change closes the open window at the new next post', async () => {
    await setupDaily();
    const first = claimed(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick));
    await markPostSent(db, first.id, 'm-1', at('2024-06-01T09:01'));
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '07:00', timezone: NY }, at('2024-06-01T12:00'));
    expect((await getPost(db, first.id))!.windowClosesAt).toBe(at('2024-06-02T07:00'));
    expect((await postsToReveal(db, at('2024-06-02T07:00'))).map((p) => p.id)).toEqual([first.id]);
  });
});
