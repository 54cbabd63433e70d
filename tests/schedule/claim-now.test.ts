import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  claimDuePost,
  claimPostNow,
  getPost,
  pauseSchedule,
  postsToReveal,
  markPostSent,
  scheduleStatus,
  setupSchedule,
  type ClaimNowOutcome,
} from '../../src/schedule/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { tempDatabase, testEngine, type TempDb } from '../support/temp-db.ts';

const NY = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toMillis();

let temp: TempDb;
let db: Db;
beforeEach(async () => {
  temp = await tempDatabase();
  db = temp.db;
});
afterEach(() => temp.cleanup());

let picks = 0;
const pick = () => ({ questionId: `q-${++picks}`, topicId: '330.2' });

function claimed(outcome: ClaimNowOutcome) {
  if (!outcome.claimed) throw new Error(`expected a claim, got ${outcome.reason}`);
  return outcome.post;
}

describe('claimPostNow', () => {
  it('before today\'s time: posts now, takes the place of today\'s post, window open until tomorrow', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const post = claimed(await claimPostNow(db, 'g', at('2024-06-01T07:30'), pick));
    expect(post).toMatchObject({ localDate: '2024-06-01', seq: 1, status: 'claimed', channelId: 'c', windowClosesAt: at('2024-06-02T09:00') });
    expect((await scheduleStatus(db, 'g'))!.nextPostAt).toBe(at('2024-06-02T09:00'));
    // 09:00 comes: nothing more to claim today.
    expect(await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick)).toMatchObject({ claimed: false });
  });

  it('a second call (or the scheduled tick before it) gets today\'s post back', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const scheduled = await claimDuePost(db, 'g', at('2024-06-01T09:00'), pick);
    if (!scheduled.claimed) throw new Error('expected the scheduled claim');
    await markPostSent(db, scheduled.post.id, 'm1', at('2024-06-01T09:00'));
    const again = await claimPostNow(db, 'g', at('2024-06-01T10:00'), pick);
    expect(again).toMatchObject({ claimed: false, reason: 'already_posted', post: { id: scheduled.post.id, messageId: 'm1' } });
  });

  it('closes the previous open window and lets it be revealed', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const first = claimed(await claimPostNow(db, 'g', at('2024-06-01T08:00'), pick));
    await markPostSent(db, first.id, 'm1', at('2024-06-01T08:00'));
    const second = claimed(await claimPostNow(db, 'g', at('2024-06-02T06:00'), pick));
    expect((await getPost(db, first.id))!.windowClosesAt).toBe(at('2024-06-02T06:00'));
    expect((await postsToReveal(db, at('2024-06-02T06:00'))).map((p) => p.id)).toEqual([first.id]);
    expect(second.seq).toBe(2);
  });

  it('on a day outside the schedule: posts, window until the next scheduled day', async () => {
    // 2024-06-01 is a Saturday; weekdays only.
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: [1, 2, 3, 4, 5] }, at('2024-06-01T07:00'));
    const post = claimed(await claimPostNow(db, 'g', at('2024-06-01T12:00'), pick));
    expect(post.windowClosesAt).toBe(at('2024-06-03T09:00'));
    expect((await scheduleStatus(db, 'g'))!.nextPostAt).toBe(at('2024-06-03T09:00'));
  });

  it('refuses without a schedule or while paused, writing nothing', async () => {
    expect(await claimPostNow(db, 'g', at('2024-06-01T07:00'), pick)).toEqual({ claimed: false, reason: 'no_schedule' });
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    await pauseSchedule(db, 'g', at('2024-06-01T07:00'));
    expect(await claimPostNow(db, 'g', at('2024-06-01T07:30'), pick)).toEqual({ claimed: false, reason: 'paused' });
    expect(await db.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: 0 });
  });

  it('a picker that throws leaves nothing behind (schedule unchanged)', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    await expect(
      claimPostNow(db, 'g', at('2024-06-01T07:30'), () => {
        throw new Error('empty bank');
      }),
    ).rejects.toThrow('empty bank');
    expect((await scheduleStatus(db, 'g'))!.nextPostAt).toBe(at('2024-06-01T09:00'));
    expect(await db.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: 0 });
  });

  it('a second connection (another process) gets today\'s post back, not a second claim', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const other = await temp.open();
    const a = await claimPostNow(db, 'g', at('2024-06-01T07:30'), pick);
    const b = await claimPostNow(other, 'g', at('2024-06-01T07:30'), pick);
    expect([a.claimed, b.claimed]).toEqual([true, false]);
    expect(b).toMatchObject({ reason: 'already_posted' });
  });

  it('connections racing at the same instant: one claim, the others get that post back', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    // PostgreSQL: four pooled handles, as four processes would have. SQLite: one handle shared by concurrent calls
    // (two better-sqlite3 handles in one process would block its event loop waiting for each other's file lock;
    // processes racing on one file are the child-process test in posts.test.ts).
    const connections = testEngine === 'postgres' ? await Promise.all(Array.from({ length: 4 }, () => temp.open())) : [db, db, db, db];
    const outcomes = await Promise.all(connections.map((other) => claimPostNow(other, 'g', at('2024-06-01T07:30'), pick)));
    const winners = outcomes.filter((outcome) => outcome.claimed);
    expect(winners).toHaveLength(1);
    const id = claimed(winners[0]!).id;
    for (const outcome of outcomes.filter((o) => !o.claimed)) expect(outcome).toMatchObject({ reason: 'already_posted', post: { id } });
    expect(await db.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: 1 });
  });
});
