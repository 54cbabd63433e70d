/** The local Discord's sharding: GET /gateway/bot's recommendation, guilds by shard, 4011 when a shard holds too many. */
import { once } from 'node:events';
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { LocalDiscord } from '../../localdiscord/index.ts';
import { TEST_TOKEN, startServer } from '../support/localdiscord-harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<LocalDiscord> {
  const s = await startServer(options);
  cleanups.push(() => s.close());
  return s;
}

const gatewayBot = async (s: LocalDiscord) =>
  (await (await fetch(`${s.restUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${TEST_TOKEN}` } })).json()) as {
    shards: number;
    session_start_limit: { max_concurrency: number };
  };

/** IDENTIFY with `shard`; resolves with the dispatches received until `untilGuilds` GUILD_CREATEs, or the close code. */
async function identify(s: LocalDiscord, shard: [number, number], untilGuilds: number) {
  const ws = new WebSocket(`${s.gatewayUrl}?v=10&encoding=json`);
  cleanups.push(() => ws.terminate());
  const events: Array<{ t: string; d: any }> = [];
  const done = new Promise<{ events: typeof events; code?: number }>((resolve) => {
    ws.on('message', (data) => {
      const payload = JSON.parse(data.toString());
      if (payload.op === 0) events.push(payload);
      if (events.filter((e) => e.t === 'GUILD_CREATE').length === untilGuilds && events.length > 0) resolve({ events });
    });
    ws.on('close', (code) => resolve({ events, code }));
  });
  await once(ws, 'open');
  ws.send(JSON.stringify({ op: 2, d: { token: TEST_TOKEN, intents: GatewayIntentBits.Guilds, shard, properties: { os: 'linux', browser: 't', device: 't' } } }));
  return done;
}

const idAt = (ms: bigint) => (ms << 22n).toString();

describe('sharding', () => {
  test('GET /gateway/bot recommends one shard per 1,000 guilds (at least one), or the configured count', async () => {
    const s = await server();
    expect((await gatewayBot(s)).shards).toBe(1);
    for (let i = 0; i < 1001; i++) s.createGuild({ name: `g${i}` });
    expect((await gatewayBot(s)).shards).toBe(2);
    const fixed = await server({ recommendedShards: 4, maxConcurrency: 16 });
    expect(await gatewayBot(fixed)).toMatchObject({ shards: 4, session_start_limit: { max_concurrency: 16 } });
  });

  test('a session gets READY and GUILD_CREATE only for the guilds of its shard', async () => {
    const s = await server();
    const ids = [0n, 1n, 2n].map((n) => s.createGuild({ id: idAt(1_000_000_000_000n + n), name: `g${n}` }).id);
    const shard1 = await identify(s, [1, 2], 1);
    expect(shard1.events[0]!.d.guilds).toEqual([{ id: ids[1], unavailable: true }]);
    expect(shard1.events.filter((e) => e.t === 'GUILD_CREATE').map((e) => e.d.id)).toEqual([ids[1]]);
    const shard0 = await identify(s, [0, 2], 2);
    expect(shard0.events.filter((e) => e.t === 'GUILD_CREATE').map((e) => e.d.id)).toEqual([ids[0], ids[2]]);
  });

  test('a shard that would hold more guilds than allowed is closed with 4011 Sharding required', async () => {
    const s = await server({ maxGuildsPerShard: 2 });
    for (let i = 0; i < 3; i++) s.createGuild({ id: idAt(1_000_000_000_000n + BigInt(i)), name: `g${i}` });
    expect((await identify(s, [0, 1], 3)).code).toBe(4011);
    expect((await identify(s, [0, 2], 2)).code).toBeUndefined(); // 2 guilds on shard 0 of 2: fine
  });
});
