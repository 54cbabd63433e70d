/** A missed daily question is due when the member's next local day starts, in the server's zone, DST included. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/progress/dates.ts';
import { addFlashcard, dueSummary, getCard, missedDaily, rateAnswer, ReviewError } from '../../src/review/index.ts';
import { DAY, freshDb, HOUR, storedFields } from './fixture.ts';

const miss = (localDate: string, timezone: string | undefined, userIds: string[] = ['u1']) => ({
  guildId: 'g1',
  userIds,
  questionId: '330.3-qemu-monitor-01',
  topicId: '330.3',
  localDate,
  at: Date.parse(`${localDate}T23:00:00Z`),
  ...(timezone === undefined ? {} : { timezone }),
});

describe('missedDaily', () => {
  it('makes a new card, due at the next local midnight, on both sides of Berlin’s and New York’s clock changes', async () => {
    const cases = [
      // Europe/Berlin springs forward on 2025-03-30 (02:00 → 03:00) and falls back on 2025-10-26.
      ['Europe/Berlin', '2025-03-29', '2025-03-29T23:00:00.000Z'], // midnight of the 30th is still UTC+1
      ['Europe/Berlin', '2025-03-30', '2025-03-30T22:00:00.000Z'], // midnight of the 31st is UTC+2
      ['Europe/Berlin', '2025-10-25', '2025-10-25T22:00:00.000Z'],
      ['Europe/Berlin', '2025-10-26', '2025-10-26T23:00:00.000Z'],
      // America/New_York: 2025-03-09 forward, 2025-11-02 back.
      ['America/New_York', '2025-03-08', '2025-03-09T05:00:00.000Z'],
      ['America/New_York', '2025-03-09', '2025-03-10T04:00:00.000Z'],
      ['America/New_York', '2025-11-01', '2025-11-02T04:00:00.000Z'],
      ['America/New_York', '2025-11-02', '2025-11-03T05:00:00.000Z'],
      // São Paulo's clocks jumped from 00:00 to 01:00 on 2018-11-04: that day starts at 01:00 local.
      ['America/Sao_Paulo', '2018-11-03', '2018-11-04T03:00:00.000Z'],
      ['America/Sao_Paulo', '2025-11-03', '2025-11-04T03:00:00.000Z'],
    ] as const;
    for (const [zone, localDate, dueIso] of cases) {
      const db = await freshDb(`missed-${zone.replace('/', '-')}-${localDate}`);
      const result = await missedDaily(db, miss(localDate, zone));
      expect({ zone, localDate, due: new Date(result.dueAt).toISOString() }).toEqual({ zone, localDate, due: dueIso });
      expect(result).toMatchObject({ created: 1, broughtForward: 0 });
      expect(await getCard(db, 'g1', 'u1', 'q:330.3-qemu-monitor-01')).toMatchObject({ due: result.dueAt, state: 'new', reps: 0, topicId: '330.3', kind: 'question', id: '330.3-qemu-monitor-01' });
      expect(await dueSummary(db, 'g1', 'u1', result.dueAt - 1)).toEqual({ due: 0, nextDueAt: result.dueAt });
      expect((await dueSummary(db, 'g1', 'u1', result.dueAt)).due).toBe(1);
    }
  });

  it('is always the first instant of the next local day', async () => {
    const db = await freshDb('missed-property');
    const zones = ['Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC', 'America/Santiago'];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), async (instant, zone) => {
        const localDate = DateTime.fromMillis(instant, { zone }).toISODate()!;
        const { dueAt } = await missedDaily(db, { ...miss(localDate, zone), userIds: [`u${instant}`] });
        const next = DateTime.fromISO(localDate, { zone }).plus({ days: 1 }).toISODate()!;
        expect(localDateOf(dueAt, zone)).toBe(next);
        expect(localDateOf(dueAt - 1, zone)).toBe(localDate);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the zone of the server’s quiz schedule when none is given', async () => {
    const db = await freshDb('missed-schedule-zone');
    await db.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c', '09:00', 'Asia/Tokyo', 0)`);
    expect(new Date((await missedDaily(db, miss('2025-05-05', undefined))).dueAt).toISOString()).toBe('2025-05-05T15:00:00.000Z');
  });

  it('keeps an existing card’s memory state: only a later due time moves to the next local day', async () => {
    const db = await freshDb('missed-existing');
    const T0 = Date.parse('2025-05-01T12:00:00Z');
    const key = 'q:330.3-qemu-monitor-01';
    // u1's card is due in days (answered right, Easy); u2's is due already (answered wrong a minute ago).
    await rateAnswer(db, { guildId: 'g1', userId: 'u1', cardKey: key, topicId: '330.3', correct: true, rating: 'easy', source: 'daily', at: T0 });
    await rateAnswer(db, { guildId: 'g1', userId: 'u2', cardKey: key, topicId: '330.3', correct: false, source: 'daily', at: T0 });
    const before1 = (await storedFields(db, 'g1', 'u1', key))!;
    const before2 = (await storedFields(db, 'g1', 'u2', key))!;
    expect(before1.due!).toBeGreaterThan(T0 + 2 * DAY);
    expect(before2.due!).toBeLessThan(T0 + HOUR);
    const result = await missedDaily(db, { ...miss('2025-05-01', 'UTC', ['u1', 'u2', 'u3']) });
    expect(result).toEqual({ dueAt: Date.parse('2025-05-02T00:00:00Z'), created: 1, broughtForward: 1 });
    expect(await storedFields(db, 'g1', 'u1', key)).toEqual({ ...before1, due: result.dueAt });
    expect(await storedFields(db, 'g1', 'u2', key)).toEqual(before2);
  });

  it('leaves a notes flashcard of the same member alone and refuses an unknown zone', async () => {
    const db = await freshDb('missed-misc');
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: '330.3-qemu-monitor-01', topicId: '330.3', at: 0 });
    await expect(missedDaily(db, miss('2025-05-05', 'Mars/Olympus'))).rejects.toThrow(ReviewError);
    expect((await db.all<{ card_key: string }>('SELECT card_key FROM review_cards ORDER BY card_key')).map((r) => r.card_key)).toEqual(['e:330.3-qemu-monitor-01']);
  });
});
