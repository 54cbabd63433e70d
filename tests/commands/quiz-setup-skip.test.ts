/** `/quiz setup` again after `/quiz skip` (issue 12): the skip stays, or the reply says it was cleared. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { scheduleStatus } from '../../src/schedule/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const NY = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toMillis();

describe('/quiz setup after /quiz skip', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ now: at('2024-06-03T07:00') }); // a Monday
  });
  afterAll(async () => {
    await h?.close();
  });

  const quiz = (subcommand: string, options: Record<string, string> = {}) =>
    h.server.runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand, options }).waitForReply();

  it('a new time keeps the skipped day and says so', async () => {
    await quiz('setup', { channel: h.channelId, time: '09:00', timezone: NY, days: 'seg-sex' });
    expect((await quiz('skip')).content).toContain('segunda-feira, 3 de junho de 2024');
    const reply = await quiz('setup', { channel: h.channelId, time: '10:00', timezone: NY, days: 'seg-sex' });
    expect(reply.content).toContain('O dia pulado continua valendo: **segunda-feira, 3 de junho de 2024**');
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ time: '10:00', skipDate: '2024-06-03', nextPostAt: at('2024-06-04T10:00') });
  });

  it('days that no longer include the skipped day clear it, and the reply says it was cleared', async () => {
    const reply = await quiz('setup', { channel: h.channelId, time: '10:00', timezone: NY, days: 'ter-sex' });
    expect(reply.content).toContain('O dia pulado (**segunda-feira, 3 de junho de 2024**) foi descartado');
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ skipDate: null, nextPostAt: at('2024-06-04T10:00') });
  });

  it('a skip of a day the new schedule would still post on holds across a change of zone', async () => {
    await quiz('setup', { channel: h.channelId, time: '09:00', timezone: NY, days: 'todos' });
    await quiz('skip'); // Monday 3 June, 09:00 New York is still ahead
    const reply = await quiz('setup', { channel: h.channelId, time: '09:00', timezone: 'America/Sao_Paulo', days: 'todos' });
    // 07:00 New York is 08:00 in São Paulo: Monday's 09:00 post is still ahead, and still skipped.
    expect(reply.content).toContain('continua valendo');
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ skipDate: '2024-06-03', nextPostAt: DateTime.fromISO('2024-06-04T09:00', { zone: 'America/Sao_Paulo' }).toMillis() });
  });
});
