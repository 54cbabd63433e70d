/**
 * The daily-quiz scheduler under Discord's rate limits, end to end: the real bot against a local Discord that
 * enforces a global limit per bot token and per-channel buckets (localdiscord/rate-limits.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getPost, setupSchedule } from '../../src/schedule/index.ts';
import { LOCAL_BOT_TOKEN } from '../../bot/local.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const utc = (iso: string) => Date.parse(iso);
const GLOBAL_PER_SECOND = 10;
const BUCKET = { method: 'POST', pattern: '/channels/:channel/messages', limit: 3, windowMs: 6000 };

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `count` servers known to the bot, each with a daily question at 09:00 UTC in its default channel. */
async function servers(h: BotHarness, count: number) {
  const guilds = Array.from({ length: count }, (_, i) => h.server.createGuild({ name: `Grupo ${i}`, preferredLocale: 'pt-BR' }));
  await h.server.waitFor(() => guilds.every((g) => h.bot.client.channels.cache.has(g.defaultChannelId)), 10_000, 'the bot to see the new guilds');
  for (const guild of guilds) await setupSchedule(h.services.db, { guildId: guild.id, channelId: guild.defaultChannelId, time: '09:00', timezone: 'UTC' }, h.clock.now);
  return guilds.map((g) => ({ guildId: g.id, channelId: g.defaultChannelId }));
}

/** The daily questions in a channel (embeds; the test's own `busy` messages have none). */
const dailyPosts = (h: BotHarness, channelId: string) =>
  h.server.messages(channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null && m.embeds.length > 0);
const sends = (h: BotHarness, channelId: string) =>
  h.server.requests().filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && (r.body as { nonce?: string }).nonce);

/** The bot itself using up a channel's bucket (its other work in that channel, say). */
async function exhaustBucket(h: BotHarness, channelId: string) {
  for (let i = 0; i < BUCKET.limit; i++) {
    const res = await fetch(`${h.server.restUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${LOCAL_BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: `busy ${i}` }),
    });
    expect(res.status).toBe(200);
  }
}

describe('daily posts under rate limits', () => {
  it('every due server gets its post once, the bot paces itself under the global limit, and a busy channel holds up no one else', async () => {
    h = await startBotHarness({
      now: utc('2024-06-03T08:00:00Z'),
      server: { rateLimits: { globalPerSecond: GLOBAL_PER_SECOND, routes: [BUCKET] } },
      config: { DISCORD_GLOBAL_RATE_LIMIT: GLOBAL_PER_SECOND },
    });
    const due = await servers(h, 24);
    const busy = due[0]!.channelId;
    await exhaustBucket(h, busy);
    // Those requests went around discord.js's global limiter: let the server's global window they used end.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = h.server.rateLimitStats();

    h.clock.set(utc('2024-06-03T09:00:00Z'));
    await h.bot.quiz.tick();

    for (const { channelId } of due) expect(dailyPosts(h, channelId), channelId).toHaveLength(1);
    // Each other channel: one accepted send; a retry after a global 429 (at most one, below) reuses its nonce.
    const globalRetries = due.slice(1).map(({ channelId }) => {
      const tries = sends(h!, channelId);
      expect(tries.filter((r) => r.status === 200), channelId).toHaveLength(1);
      expect(new Set(tries.map((r) => (r.body as { nonce: string }).nonce)).size, channelId).toBe(1);
      return tries.filter((r) => r.status === 429).length;
    });
    // discord.js could not know the busy channel's bucket was used up: its first send met a 429, it waited the
    // retry_after and sent again, with the same nonce.
    const busySends = sends(h, busy);
    expect(busySends.map((r) => r.status)).toEqual([429, 200]);
    expect(new Set(busySends.map((r) => (r.body as { nonce: string }).nonce)).size).toBe(1);
    const after = h.server.rateLimitStats();
    // The bot paced itself under the global limit (with 50/s expected, as discord.js's default, it met several
    // 429s here). At most one: a stall of this shared machine can shift the server's 1 s window against the bot's.
    expect(after.globalLimited - before.globalLimited).toBeLessThanOrEqual(1);
    expect(globalRetries.reduce((a, b) => a + b, 0)).toBe(after.globalLimited - before.globalLimited);
    expect(after.routeLimited - before.routeLimited).toBe(1);
    // The busy channel's post waited for its bucket to reset; the 23 others went out before it.
    const order = due.map(({ channelId }) => BigInt(dailyPosts(h!, channelId)[0]!.id));
    expect(order.slice(1).every((id) => id < order[0]!)).toBe(true);
    const statuses = await h.services.db.all(`SELECT status, count(*) AS n FROM quiz_posts GROUP BY status ORDER BY status`);
    expect(statuses).toEqual([{ status: 'sent', n: 24 }]);
  });

  it('a send whose answer was lost is retried by a later pass with the same nonce: one message, the one Discord kept', async () => {
    h = await startBotHarness({
      now: utc('2024-06-03T08:00:00Z'),
      server: { rateLimits: { globalPerSecond: GLOBAL_PER_SECOND, routes: [BUCKET] } },
      config: { DISCORD_GLOBAL_RATE_LIMIT: GLOBAL_PER_SECOND },
    });
    const [lost, fine] = await servers(h, 2);
    h.server.loseResponse(({ method, path }) => method === 'POST' && path === `/channels/${lost!.channelId}/messages`);

    h.clock.set(utc('2024-06-03T09:00:00Z'));
    await h.bot.quiz.tick();
    expect(dailyPosts(h, fine!.channelId)).toHaveLength(1);
    expect(dailyPosts(h, lost!.channelId)).toHaveLength(1); // Discord has it; the bot does not know
    const postId = (await h.services.db.get<{ id: number }>('SELECT id FROM quiz_posts WHERE guild_id = ?', [lost!.guildId]))!.id;
    expect(await getPost(h.services.db, postId)).toMatchObject({ status: 'claimed', messageId: null });

    h.clock.set(utc('2024-06-03T09:01:00Z'));
    await h.bot.quiz.tick();
    const [first, retry] = sends(h, lost!.channelId);
    expect(retry).toBeDefined();
    expect((retry!.body as { nonce: string }).nonce).toBe((first!.body as { nonce: string }).nonce);
    expect(dailyPosts(h, lost!.channelId)).toHaveLength(1);
    expect(await getPost(h.services.db, postId)).toMatchObject({ status: 'sent', messageId: dailyPosts(h, lost!.channelId)[0]!.id });
  });
});
