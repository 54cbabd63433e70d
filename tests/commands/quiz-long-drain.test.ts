/**
 * The elected scheduler while the drain is busy for minutes (a large minute at Discord's global limit): each
 * minute renews the lease and claims its due servers at once, with the REAL runner against a local Discord
 * whose global limit makes the first minute's sends take seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { leaseHolder, LEADER_LEASE_MS, setupSchedule } from '../../src/schedule/index.ts';
import { SCHEDULER_LEASE } from '../../bot/quiz/elected.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const utc = (iso: string) => Date.parse(iso);
const GLOBAL_PER_SECOND = 2;

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const statusOf = async (h: BotHarness, guildId: string) =>
  (await h.services.db.get<{ status: string }>('SELECT status FROM quiz_posts WHERE guild_id = ?', [guildId]))?.status;

describe('elected scheduler during a long drain', () => {
  it('the next minutes still claim on time and renew the lease while the first minute is being sent', async () => {
    h = await startBotHarness({
      now: utc('2024-06-03T08:00:00Z'),
      server: { rateLimits: { globalPerSecond: GLOBAL_PER_SECOND, routes: [] } },
      config: { DISCORD_GLOBAL_RATE_LIMIT: GLOBAL_PER_SECOND, SCHEDULER: 'auto' },
    });
    const guilds = Array.from({ length: 7 }, (_, i) => h!.server.createGuild({ name: `Grupo ${i}`, preferredLocale: 'pt-BR' }));
    await h.server.waitFor(() => guilds.every((g) => h!.bot.client.channels.cache.has(g.defaultChannelId)), 10_000, 'the bot to see the guilds');
    const [late, ...first] = guilds;
    for (const g of first) await setupSchedule(h.services.db, { guildId: g.id, channelId: g.defaultChannelId, time: '09:00', timezone: 'UTC' }, h.clock.now);
    await setupSchedule(h.services.db, { guildId: late!.id, channelId: late!.defaultChannelId, time: '09:01', timezone: 'UTC' }, h.clock.now);

    h.clock.set(utc('2024-06-03T09:00:00Z'));
    expect(await h.bot.scheduler.minute()).toBe(true);
    // The minute returned with its claims committed while most of its sends still wait for the global limit.
    expect((await Promise.all(first.map((g) => statusOf(h!, g.id)))).filter((s) => s !== 'sent').length).toBeGreaterThan(0);

    h.clock.set(utc('2024-06-03T09:01:00Z'));
    expect(await h.bot.scheduler.minute()).toBe(true);
    expect(await statusOf(h, late!.id)).toBeDefined(); // claimed in its own minute, queued behind the first minute's sends
    expect(await leaseHolder(h.services.db, SCHEDULER_LEASE)).toMatchObject({ owner: h.bot.scheduler.owner, expiresAt: utc('2024-06-03T09:01:00Z') + LEADER_LEASE_MS });
    expect((await Promise.all(first.map((g) => statusOf(h!, g.id)))).filter((s) => s !== 'sent').length).toBeGreaterThan(0); // still draining

    await h.bot.quiz.tick(); // everything goes out in the end, once each
    for (const g of guilds) expect(await statusOf(h, g.id), g.id).toBe('sent');
  });
});
