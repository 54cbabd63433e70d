/**
 * Gateway sharding end to end: the real bot against the local Discord, guilds placed on shards by Discord's
 * formula ((guild_id >> 22) % shard_count). Two processes' worth of bots (one shard each, one SQLite file)
 * each see only their own guilds and answer only their guilds' interactions; one bot with SHARD_COUNT=auto
 * runs every shard Discord recommends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.ts';
import { LOCAL_BOT_TOKEN, startLocalBot, type LocalBot } from '../../bot/local.ts';
import type { Sharding } from '../../bot/client.ts';
import { startLocalDiscord, type LocalDiscord, type LocalGuild } from '../../localdiscord/index.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A guild id whose timestamp part is `ms`: on shard ms % count. */
const guildIdAt = (ms: bigint) => (ms << 22n).toString();
const EPOCH_MS = 1_000_000_000_000n;

async function world(options: { recommendedShards?: number } = {}) {
  const server = await startLocalDiscord({ token: LOCAL_BOT_TOKEN, maxConcurrency: 16, ...options });
  cleanups.push(() => server.close());
  // Shard 0 of 2 gets the even timestamps, shard 1 the odd ones.
  const guilds = [0n, 1n, 2n, 3n].map((offset) => {
    const guild = server.createGuild({ id: guildIdAt(EPOCH_MS + offset), name: `G${offset}`, preferredLocale: 'pt-BR' });
    server.registerCommands(guild.id, allCommands.map((c) => c.data));
    return guild;
  });
  const student = server.addMember(guilds[0]!.id, { username: 'aluna', locale: 'pt-BR' });
  for (const guild of guilds.slice(1)) server.addMember(guild.id, student.id);
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-shards-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return { server, guilds, student, databasePath: join(folder, 'bot.sqlite') };
}

async function bot(server: LocalDiscord, databasePath: string, sharding: Sharding): Promise<LocalBot> {
  const started = await startLocalBot(server.restUrl, {
    commands: allCommands,
    config: { DATABASE_PATH: databasePath },
    logLevel: process.env.E2E_LOG ?? 'silent',
    scheduler: false,
    mode: { sharding },
  });
  cleanups.push(() => started.close());
  return started;
}

/** Runs /term in `guild` and resolves with the reply, recording which bot's client received it. */
async function term(server: LocalDiscord, guild: LocalGuild, user: string) {
  return server.runSlashCommand({ channelId: guild.defaultChannelId, user, name: 'term', options: { query: 'hypervisor' } }).waitForReply();
}

describe('gateway sharding', () => {
  it('two bots on one shard each see only their guilds and answer only their interactions', async () => {
    const { server, guilds, student, databasePath } = await world();
    const first = await bot(server, databasePath, { count: 2, ids: [0] });
    const second = await bot(server, databasePath, { count: 2, ids: [1] });

    expect(server.identifies().map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const even = [guilds[0]!.id, guilds[2]!.id].sort();
    const odd = [guilds[1]!.id, guilds[3]!.id].sort();
    expect([...first.bot.client.guilds.cache.keys()].sort()).toEqual(even);
    expect([...second.bot.client.guilds.cache.keys()].sort()).toEqual(odd);

    const received = new Map<string, string>();
    first.bot.client.on(Events.InteractionCreate, (i) => received.set(i.guildId!, 'first'));
    second.bot.client.on(Events.InteractionCreate, (i) => received.set(i.guildId!, 'second'));
    for (const guild of guilds) {
      const reply = await term(server, guild, student.id);
      expect(reply.embeds[0]?.title ?? reply.content).toBeTruthy();
    }
    expect(Object.fromEntries(received)).toEqual({
      [guilds[0]!.id]: 'first',
      [guilds[1]!.id]: 'second',
      [guilds[2]!.id]: 'first',
      [guilds[3]!.id]: 'second',
    });
  });

  it('SHARD_COUNT=auto runs the count GET /gateway/bot recommends, every shard on one client', async () => {
    const { server, guilds, student, databasePath } = await world({ recommendedShards: 2 });
    const { bot: running } = await bot(server, databasePath, 'auto');
    expect(server.identifies().map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(running.client.ws.shards.size).toBe(2);
    expect(running.client.guilds.cache.size).toBe(4);
    const shardOf = new Map<string, number>();
    running.client.on(Events.InteractionCreate, (i) => shardOf.set(i.guildId!, i.guild!.shardId));
    for (const guild of guilds) await term(server, guild, student.id);
    expect(guilds.map((g) => shardOf.get(g.id))).toEqual([0, 1, 0, 1]);
  });
});
