/**
 * One measurement of the guild-memory bench (run with --expose-gc): the bot's discord.js client
 * (bot/client.ts: Guilds intent only, default caches, SHARD_COUNT=auto) logs in to a local Discord holding
 * N guilds, and this process's memory is read after full collections, before the login and once every guild
 * is cached. Prints one JSON line.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Events } from 'discord.js';
import { createClient } from '../bot/client.ts';
import { LOCAL_BOT_TOKEN } from '../bot/local.ts';
import type { GuildShape } from './guild-memory-server.ts';

const guilds = Number(process.argv[2]);
const shape = process.argv[3] as GuildShape;
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');

const server = fork(fileURLToPath(new URL('./guild-memory-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
const { restUrl } = await new Promise<{ restUrl: string }>((resolve) => {
  server.once('message', (m) => resolve(m as { restUrl: string }));
  server.send({ guilds, shape });
});

async function settled() {
  for (let i = 0; i < 4; i++) {
    collect!();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external: external + arrayBuffers };
}

const client = createClient(restUrl, { sharding: 'auto' });
const before = await settled();
const started = performance.now();
await new Promise<void>((resolve, reject) => {
  client.once(Events.ClientReady, () => resolve());
  client.login(LOCAL_BOT_TOKEN).catch(reject);
});
const readyMs = performance.now() - started;
if (client.guilds.cache.size !== guilds) throw new Error(`cached ${client.guilds.cache.size} of ${guilds} guilds`);
const after = await settled();
const shards = client.ws.shards.size;
const channels = client.channels.cache.size;
await client.destroy();
server.disconnect();
process.stdout.write(
  `${JSON.stringify({ guilds, shape, shards, channels, readyMs: Math.round(readyMs), before, after })}\n`,
);
