/**
 * Property: over random schedules (days skipped, posts that fail), answer histories (late clicks, double
 * clicks), windows closed with or without the settlement hook (bot down), time zones with DST changes, the
 * SQLite implementation agrees with a plain reference model after every single event:
 *   - getStreak (current, best, freezes, todayPending),
 *   - each recordDailyAnswer status and returned streak,
 *   - the streak leaderboard (which settles closed windows itself),
 *   - this week's points, keyed by the server's local ISO week.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/index.ts';
import {
  closeDailyWindow,
  getLeaderboard,
  getStreak,
  boardMismatches,
  recordDailyAnswer,
} from '../../src/progress/index.ts';
import { addPost, freshDb, HOUR } from './fixture.ts';

/** How much of the interesting ground the random runs covered (asserted at the end). */
const coverage = { freezesSpent: 0, longStreaks: 0, unsettledCloses: 0, lateClicks: 0 };

// ---------- reference model: a plain function over the ordered posts and the member's answer set ----------

interface ModelPost {
  seq: number;
  localDate: string;
  opensAt: number;
  closesAt: number;
  failed: boolean;
}

/** `posts`: the posts made so far, in seq order. */
function modelStreak(posts: ModelPost[], answered: Set<number>, now: number) {
  let current = 0;
  let best = 0;
  let freezes = 0;
  for (const post of posts) {
    if (answered.has(post.seq)) {
      current += 1;
      best = Math.max(best, current);
      if (current % 7 === 0 && freezes < 2) freezes += 1;
      if (current === 15) coverage.longStreaks++;
      continue;
    }
    const closed = post.failed || post.closesAt <= now;
    if (!closed) break;
    if (post.failed || current === 0) continue;
    if (freezes > 0) {
      freezes -= 1;
      coverage.freezesSpent++;
    } else current = 0;
  }
  const latest = posts.at(-1);
  const todayPending = latest !== undefined && !latest.failed && latest.closesAt > now && !answered.has(latest.seq);
  return { current, best, freezes, todayPending };
}

// ---------- random worlds ----------

const ZONES = ['America/New_York', 'Europe/Lisbon', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
// Days around DST changes of those zones (2024) and a year end.
const STARTS = ['2024-03-05', '2024-03-26', '2024-03-31', '2024-09-25', '2024-10-01', '2024-10-22', '2024-10-31', '2024-12-20'];

const dayArb = (members: number) =>
  fc.record({
    scheduled: fc.integer({ min: 0, max: 99 }).map((n) => n < 80),
    failed: fc.integer({ min: 0, max: 99 }).map((n) => n < 6),
    windowHours: fc.integer({ min: 1, max: 30 }),
    settled: fc.integer({ min: 0, max: 99 }).map((n) => n < 75), // the reveal hook ran (bot up)
    clicks: fc.array(
      fc.record({
        roll: fc.integer({ min: 0, max: 99 }),
        at: fc.double({ min: 0, max: 1.06, noNaN: true }), // > 1: a late click
        correct: fc.boolean(),
        twice: fc.integer({ min: 0, max: 99 }).map((n) => n < 10),
      }),
      { minLength: members, maxLength: members },
    ),
  });

const worldArb = fc.integer({ min: 1, max: 3 }).chain((members) =>
  fc.record({
    members: fc.constant(members),
    rates: fc.array(fc.constantFrom(100, 100, 97, 90, 75, 50), { minLength: members, maxLength: members }),
    zone: fc.constantFrom(...ZONES),
    start: fc.constantFrom(...STARTS),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    days: fc.array(dayArb(members), { minLength: 5, maxLength: 40, size: 'max' }),
  }),
);

type Event =
  | { t: number; order: 0; kind: 'close'; post: number }
  | { t: number; order: 1; kind: 'post'; post: number }
  | { t: number; order: 2; kind: 'click'; post: number; member: number; correct: boolean };

let runs = 0;

describe('streak rules: stored implementation vs reference model', () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb('property');
  });

  it('agree after every event', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const guildId = `g${++runs}`;
        const users = Array.from({ length: world.members }, (_, i) => `m${i}`);
        // Schedule: each calendar day from `start`, at HH:MM local (luxon moves times in a DST gap forward).
        const posts: (ModelPost & { id: number; settled: boolean; clicks: (typeof world.days)[number]['clicks'] })[] = [];
        let date = DateTime.fromISO(world.start, { zone: world.zone });
        for (const day of world.days) {
          if (day.scheduled) {
            const opensAt = date.set({ hour: world.hour, minute: world.minute }).toMillis();
            posts.push({
              seq: posts.length + 1,
              localDate: date.toISODate()!,
              opensAt,
              closesAt: opensAt + day.windowHours * HOUR,
              failed: day.failed,
              id: 0,
              settled: day.settled,
              clicks: day.clicks,
            });
          }
          date = date.plus({ days: 1 });
        }
        // Posting the next day's question closes the previous window (as src/schedule does).
        for (let i = 0; i + 1 < posts.length; i++) posts[i]!.closesAt = Math.min(posts[i]!.closesAt, posts[i + 1]!.opensAt);

        const events: Event[] = [];
        posts.forEach((post, index) => {
          events.push({ t: post.opensAt, order: 1, kind: 'post', post: index });
          if (!post.failed) events.push({ t: post.closesAt, order: 0, kind: 'close', post: index });
          post.clicks.forEach((click, member) => {
            if (click.roll >= world.rates[member]!) return;
            const t = post.opensAt + Math.floor(click.at * (post.closesAt - post.opensAt));
            events.push({ t, order: 2, kind: 'click', post: index, member, correct: click.correct });
            if (click.twice) events.push({ t: t + 1000, order: 2, kind: 'click', post: index, member, correct: !click.correct });
          });
        });
        events.sort((a, b) => a.t - b.t || a.order - b.order);

        const answered = users.map(() => new Set<number>());
        const weekPoints = users.map(() => new Map<string, number>());
        const isoWeek = (d: DateTime) => `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;

        let made = 0;
        for (const event of events) {
          const post = posts[event.post]!;
          const now = event.t;
          if (event.kind === 'post') {
            made++;
            post.id = await addPost(db, {
              guildId,
              seq: post.seq,
              localDate: post.localDate,
              status: post.failed ? 'failed' : 'sent',
              claimedAt: post.opensAt,
              windowClosesAt: post.closesAt,
            });
          } else if (event.kind === 'close') {
            if (!post.settled) coverage.unsettledCloses++;
            if (post.settled) {
              await db.transaction(async (tx) => {
                await tx.run(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ?`, [now, post.id]);
                await closeDailyWindow(db, guildId, post.seq, now);
              });
            }
          } else {
            const userId = users[event.member]!;
            const result = await recordDailyAnswer(db, {
              guildId,
              userId,
              postId: post.id,
              questionId: `q${post.seq}`,
              topicId: '330.2',
              answer: ['a'],
              correct: event.correct,
              answeredAt: now,
            });
            const open = !post.failed && now < post.closesAt;
            const expected = answered[event.member]!.has(post.seq) ? 'already-answered' : open ? 'recorded' : 'window-closed';
            expect(result.status).toBe(expected);
            if (expected === 'window-closed') coverage.lateClicks++;
            if (result.status === 'recorded') {
              answered[event.member]!.add(post.seq);
              if (event.correct) {
                const week = isoWeek(DateTime.fromISO(post.localDate));
                weekPoints[event.member]!.set(week, (weekPoints[event.member]!.get(week) ?? 0) + 10);
              }
              const model = modelStreak(posts.slice(0, made), answered[event.member]!, now);
              expect(result.streak).toMatchObject({ current: model.current, best: model.best, freezes: model.freezes });
            }
          }

          for (const [member, userId] of users.entries()) {
            const model = modelStreak(posts.slice(0, made), answered[member]!, now);
            const view = await getStreak(db, guildId, userId, now);
            expect({ current: view.current, best: view.best, freezes: view.freezes, todayPending: view.todayPending }).toEqual(model);
          }
        }

        // At the end (after the last window), the ranked streak board and week points agree too.
        const end = (events.at(-1)?.t ?? 0) + 31 * HOUR;
        const board = await getLeaderboard(db, guildId, { metric: 'streak', period: 'all', now: end, limit: 10 });
        const expectedBoard = users
          .map((userId, member) => ({ userId, value: modelStreak(posts, answered[member]!, end).current }))
          .filter((e) => e.value > 0)
          .sort((a, b) => b.value - a.value || (a.userId < b.userId ? -1 : 1));
        expect(board.entries.map((e) => ({ userId: e.userId, value: e.value }))).toEqual(expectedBoard);
        // Week points as of the last post (boards keep the current week; earlier weeks live on in the answers).
        for (const post of posts.slice(-1)) {
          const at = post.opensAt + 1;
          const week = isoWeek(DateTime.fromMillis(at, { zone: world.zone }));
          for (const [member, userId] of users.entries()) {
            const lb = await getLeaderboard(db, guildId, { metric: 'points', period: 'week', userId, now: at, timezone: world.zone });
            expect(lb.periodKey).toBe(week);
            expect(lb.me?.value ?? 0).toBe(weekPoints[member]!.get(week) ?? 0);
          }
        }
        expect(await boardMismatches(db, guildId)).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
    if (process.env.PROPERTY_COVERAGE) console.log(coverage);
    expect(coverage.freezesSpent).toBeGreaterThan(0);
    expect(coverage.longStreaks).toBeGreaterThan(0);
    expect(coverage.unsettledCloses).toBeGreaterThan(0);
    expect(coverage.lateClicks).toBeGreaterThan(0);
  }, 180_000);
});
