/**
 * The local Discord's rate limits (localdiscord/rate-limits.ts): per-route buckets per channel and the global
 * limit per bot token, with Discord's headers and 429 bodies; and a real discord.js client pacing itself by them.
 */
import type { TextChannel } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { TEST_TOKEN, startHarness, startServer } from '../support/localdiscord-harness.ts';
import type { LocalDiscord } from '../../localdiscord/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(rateLimits: NonNullable<Parameters<typeof startServer>[0]>['rateLimits']): Promise<LocalDiscord> {
  const s = await startServer({ rateLimits });
  cleanups.push(() => s.close());
  return s;
}

async function call(s: LocalDiscord, method: string, path: string, body?: unknown, auth = true) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bot ${TEST_TOKEN}`;
  const res = await fetch(`${s.restUrl}/v10${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const header = (name: string) => res.headers.get(name);
  return { status: res.status, body: text ? JSON.parse(text) : undefined, header };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('per-route buckets', () => {
  test('a request refused by its route bucket still uses the global window, as the client counts it', async () => {
    const s = await server({ globalPerSecond: 4, routes: [{ method: 'POST', pattern: '/channels/:channel/messages', limit: 1, windowMs: 5000 }] });
    const guild = s.createGuild({ name: 'g' });
    const send = () => call(s, 'POST', `/channels/${guild.defaultChannelId}/messages`, { content: 'hi' });
    // 1 accepted + 2 refused by the bucket = 3 of the 4 global requests; the 4th fits, the 5th is over.
    expect([(await send()).status, (await send()).status, (await send()).status]).toEqual([200, 429, 429]);
    expect((await call(s, 'GET', `/channels/${guild.defaultChannelId}`)).status).toBe(200);
    const over = await call(s, 'GET', `/channels/${guild.defaultChannelId}`);
    expect([over.status, over.body?.global]).toEqual([429, true]);
  });

  test('headers on every response, 429 with the documented body once the channel bucket is used up, per channel, reset after the window', async () => {
    const s = await server({ routes: [{ method: 'POST', pattern: '/channels/:channel/messages', limit: 3, windowMs: 400 }] });
    const guild = s.createGuild({ name: 'g' });
    const other = s.createChannel(guild.id, { name: 'other' }).id;
    const send = (channel: string) => call(s, 'POST', `/channels/${channel}/messages`, { content: 'hi' });

    const answers = [await send(guild.defaultChannelId), await send(guild.defaultChannelId), await send(guild.defaultChannelId)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.header('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    for (const a of answers) {
      expect(a.header('x-ratelimit-limit')).toBe('3');
      expect(a.header('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
      expect(Number(a.header('x-ratelimit-reset-after'))).toBeGreaterThan(0);
      expect(Number(a.header('x-ratelimit-reset-after'))).toBeLessThanOrEqual(0.4);
      expect(Number(a.header('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now() - 1000);
      expect(a.header('x-ratelimit-scope')).toBeNull(); // only on 429s
    }
    expect(new Set(answers.map((a) => a.header('x-ratelimit-bucket'))).size).toBe(1);

    const limited = await send(guild.defaultChannelId);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'You are being rate limited.', retry_after: expect.any(Number), global: false });
    expect(limited.body.retry_after).toBeGreaterThan(0);
    expect(limited.body.retry_after).toBeLessThanOrEqual(0.4);
    expect(limited.header('retry-after')).toBe('1'); // whole seconds, rounded up
    expect(limited.header('x-ratelimit-scope')).toBe('user');
    expect(limited.header('x-ratelimit-remaining')).toBe('0');
    expect(limited.header('x-ratelimit-global')).toBeNull();
    expect(s.messages(guild.defaultChannelId)).toHaveLength(3); // the refused request created nothing

    // Another channel is another bucket (its top-level resource differs); GET routes here have no bucket.
    expect((await send(other)).header('x-ratelimit-remaining')).toBe('2');
    expect((await call(s, 'GET', `/channels/${other}`)).header('x-ratelimit-limit')).toBeNull();

    await sleep(450);
    const afterReset = await send(guild.defaultChannelId);
    expect(afterReset.status).toBe(200);
    expect(afterReset.header('x-ratelimit-remaining')).toBe('2');
    expect(s.rateLimitStats()).toMatchObject({ routeLimited: 1, globalLimited: 0 });
  });

  test('without rateLimits: no headers and no limits, as before', async () => {
    const s = await startServer();
    cleanups.push(() => s.close());
    const guild = s.createGuild({ name: 'g' });
    for (let i = 0; i < 8; i++) {
      const answer = await call(s, 'POST', `/channels/${guild.defaultChannelId}/messages`, { content: `m${i}` });
      expect(answer.status).toBe(200);
      expect(answer.header('x-ratelimit-limit')).toBeNull();
    }
  });
});

describe('global limit', () => {
  test('counts every bot-token request across routes; the 429 carries X-RateLimit-Global; interaction endpoints are exempt', async () => {
    const s = await server({ globalPerSecond: 4, routes: [] });
    const guild = s.createGuild({ name: 'g' });
    const statuses = [];
    for (const path of ['/users/@me', `/channels/${guild.defaultChannelId}`, '/users/@me', `/guilds/${guild.id}`]) statuses.push((await call(s, 'GET', path)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    const limited = await call(s, 'GET', '/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'You are being rate limited.', retry_after: expect.any(Number), global: true });
    expect(limited.body.retry_after).toBeLessThanOrEqual(1);
    expect(limited.header('x-ratelimit-global')).toBe('true');
    expect(limited.header('x-ratelimit-scope')).toBe('global');
    expect(limited.header('retry-after')).toBe('1');

    // An interaction callback (authenticated by its token) is not bound to the global limit: the answer is the
    // route's own (unknown interaction), not a 429.
    const callback = await call(s, 'POST', '/interactions/123/no-such-token/callback', { type: 1 }, false);
    expect(callback.status).toBe(404);
    expect(callback.body).toMatchObject({ code: 10062 });
    expect(s.rateLimitStats()).toEqual({ counted: 5, globalLimited: 1, routeLimited: 0 });

    await sleep(1050);
    expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
  });
});

describe('a discord.js client against the limits', () => {
  /** 6 messages into one channel (its bucket allows 2 per 300 ms) and one into each of 9 others: 15 requests. */
  async function burst(clientGlobalPerSecond: number) {
    const h = await startHarness({
      server: { rateLimits: { globalPerSecond: 10, routes: [{ method: 'POST', pattern: '/channels/:channel/messages', limit: 2, windowMs: 300 }] } },
      client: { rest: { globalRequestsPerSecond: clientGlobalPerSecond } },
      setup: (s, guild) => {
        for (let i = 0; i < 9; i++) s.createChannel(guild.id, { name: `c${i}` });
      },
    });
    cleanups.push(() => h.close());
    const channels = [...h.client.channels.cache.values()].filter((c): c is TextChannel => c.isTextBased() && 'guild' in c);
    expect(channels).toHaveLength(10);
    const before = h.server.rateLimitStats();
    await Promise.all([...Array.from({ length: 6 }, (_, i) => channels[0]!.send(`busy ${i}`)), ...channels.slice(1).map((channel) => channel.send('one'))]);
    expect(h.server.messages(channels[0]!.id).map((m) => m.content)).toEqual(['busy 0', 'busy 1', 'busy 2', 'busy 3', 'busy 4', 'busy 5']);
    for (const channel of channels.slice(1)) expect(h.server.messages(channel.id)).toHaveLength(1);
    const after = h.server.rateLimitStats();
    return { global: after.globalLimited - before.globalLimited, route: after.routeLimited - before.routeLimited };
  }

  test('told the global limit, it paces itself from it and the route headers: every message lands, in order, without a 429', async () => {
    const limited = await burst(10);
    expect(limited.route).toBe(0);
    // At most one: a stall of this shared machine can shift the server's 1 s window against the client's.
    expect(limited.global).toBeLessThanOrEqual(1);
  });

  test('expecting a higher global limit, it meets 429s, waits retry_after and still delivers every message once', async () => {
    const limited = await burst(50);
    expect(limited.global).toBeGreaterThan(1);
    expect(limited.route).toBe(0);
  });
});
