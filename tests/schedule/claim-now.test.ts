import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type Database from 'better-sqlite3';
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
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

const NY = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toMillis();

let temp: TempDb;
let db: Database.Database;
beforeEach(() => {
  temp = tempDatabase();
  db = temp.open();
});
afterEach(() => temp.cleanup());

let picks = 0;
const pick = () => ({ questionId: `q-${++picks}`, topicId: '330.2' });

function claimed(outcome: ClaimNowOutcome) {
  if (!outcome.claimed) throw new Error(`expected a claim, got ${outcome.reason}`);
  return outcome.post;
}

describe('claimPostNow', () => {
  it('before today\'s time: posts now, takes the place of today\'s post, window open until tomorrow', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const post = claimed(claimPostNow(db, 'g', at('2024-06-01T07:30'), pick));
    expect(post).toMatchObject({ localDate: '2024-06-01', seq: 1, status: 'claimed', channelId: 'c', windowClosesAt: at('2024-06-02T09:00') });
    expect(scheduleStatus(db, 'g')!.nextPostAt).toBe(at('2024-06-02T09:00'));
    // 09:00 comes: nothing more to claim today.
    expect(claimDuePost(db, 'g', at('2024-06-01T09:00'), pick)).toMatchObject({ claimed: false });
  });

  it('a second call (or the scheduled tick before it) gets today\'s post back', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const scheduled = claimDuePost(db, 'g', at('2024-06-01T09:00'), pick);
    if (!scheduled.claimed) throw new Error('expected the scheduled claim');
    markPostSent(db, scheduled.post.id, 'm1', at('2024-06-01T09:00'));
    const again = claimPostNow(db, 'g', at('2024-06-01T10:00'), pick);
    expect(again).toMatchObject({ claimed: false, reason: 'already_posted', post: { id: scheduled.post.id, messageId: 'm1' } });
  });

  it('closes the previous open window and lets it be revealed', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const first = claimed(claimPostNow(db, 'g', at('2024-06-01T08:00'), pick));
    markPostSent(db, first.id, 'm1', at('2024-06-01T08:00'));
    const second = claimed(claimPostNow(db, 'g', at('2024-06-02T06:00'), pick));
    expect(getPost(db, first.id)!.windowClosesAt).toBe(at('2024-06-02T06:00'));
    expect(postsToReveal(db, at('2024-06-02T06:00')).map((p) => p.id)).toEqual([first.id]);
    expect(second.seq).toBe(2);
  });

  it('on a day outside the schedule: posts, window until the next scheduled day', () => {
    // 2024-06-01 is a Saturday; weekdays only.
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: [1, 2, 3, 4, 5] }, at('2024-06-01T07:00'));
    const post = claimed(claimPostNow(db, 'g', at('2024-06-01T12:00'), pick));
    expect(post.windowClosesAt).toBe(at('2024-06-03T09:00'));
    expect(scheduleStatus(db, 'g')!.nextPostAt).toBe(at('2024-06-03T09:00'));
  });

  it('refuses without a schedule or while paused, writing nothing', () => {
    expect(claimPostNow(db, 'g', at('2024-06-01T07:00'), pick)).toEqual({ claimed: false, reason: 'no_schedule' });
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    pauseSchedule(db, 'g', at('2024-06-01T07:00'));
    expect(claimPostNow(db, 'g', at('2024-06-01T07:30'), pick)).toEqual({ claimed: false, reason: 'paused' });
    expect(db.prepare('SELECT count(*) AS n FROM quiz_posts').get()).toEqual({ n: 0 });
  });

  it('a picker that throws leaves nothing behind (schedule unchanged)', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    expect(() =>
      claimPostNow(db, 'g', at('2024-06-01T07:30'), () => {
        throw new Error('empty bank');
      }),
    ).toThrow('empty bank');
    expect(scheduleStatus(db, 'g')!.nextPostAt).toBe(at('2024-06-01T09:00'));
    expect(db.prepare('SELECT count(*) AS n FROM quiz_posts').get()).toEqual({ n: 0 });
  });

  it('a second connection (another process) gets today\'s post back, not a second claim', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T07:00'));
    const other = temp.open();
    const a = claimPostNow(db, 'g', at('2024-06-01T07:30'), pick);
    const b = claimPostNow(other, 'g', at('2024-06-01T07:30'), pick);
    expect([a.claimed, b.claimed]).toEqual([true, false]);
    expect(b).toMatchObject({ reason: 'already_posted' });
  });
});
