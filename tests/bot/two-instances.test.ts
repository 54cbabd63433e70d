/**
 * Two bot processes (`bot/main.ts`, one gateway shard each) on one database (the test engine: a SQLite file, or
 * PostgreSQL in the both-engine run) and one local Discord. One is killed with SIGKILL while it posts the day's
 * questions, and again (restarted) in the middle of a burst of answers. Every server still gets exactly one
 * post, and every answer a member was told about is in the database, once.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { startLocalDiscord, type LocalDiscord, type LocalGuild, type LocalMessage } from '../../localdiscord/index.ts';
import { allCommands } from '../../commands/index.ts';
import { setupSchedule } from '../../src/schedule/index.ts';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { databaseConfig } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';
import { tempTarget } from '../support/temp-db.ts';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.two-instances.${'x'.repeat(38)}`;
const GUILDS = 16;
// Enough members that the killed shard still has answers coming after its first reply.
const MEMBERS = 20;

interface Instance {
  kill(): Promise<void>;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `npm start`'s entry as a child process running shard `shard` of 2, with the scheduler on. */
function startInstance(server: LocalDiscord, target: string, shard: number): Instance {
  const database = databaseConfig(target);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    env: {
      PATH: process.env.PATH,
      ...(database.DATABASE_URL ? { DATABASE_URL: database.DATABASE_URL } : { DATABASE_PATH: database.DATABASE_PATH }),
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_API_URL: server.restUrl,
      SHARD_COUNT: '2',
      SHARD_IDS: String(shard),
      // Both run the scheduler: the claims, not the election, are what keep posts exactly-once.
      SCHEDULER: 'on',
      // Two processes share the token's 10 requests per second.
      DISCORD_GLOBAL_RATE_LIMIT: '5',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(kill);
  return { kill };
}

const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

/** The day's question in a channel: the bot's message carrying answer components. */
function dailyPosts(server: LocalDiscord, channelId: string): LocalMessage[] {
  return server.messages(channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null && customIds(m).some((id) => id.startsWith('answer:')));
}

async function world(): Promise<{ server: LocalDiscord; guilds: Array<{ guild: LocalGuild; members: APIUser[] }> }> {
  const server = await startLocalDiscord({ token: TOKEN, maxConcurrency: 2, rateLimits: { globalPerSecond: 10 } });
  cleanups.push(() => server.close());
  const guilds = Array.from({ length: GUILDS }, (_, i) => {
    const guild = server.createGuild({ name: `Grupo ${i}`, preferredLocale: 'pt-BR' });
    server.registerCommands(guild.id, allCommands.map((command) => command.data));
    const members = Array.from({ length: MEMBERS }, (_, j) => server.addMember(guild.id, { username: `m${i}-${j}`, locale: 'pt-BR' }));
    return { guild, members };
  });
  // Both shards have servers (ids are time-based snowflakes: in practice always; the test depends on it).
  expect(new Set(guilds.map(({ guild }) => shardOf(guild.id))).size).toBe(2);
  return { server, guilds };
}

/** Every server's question due two minutes ago, so an instance's catch-up at start claims it. */
async function scheduleDueNow(db: Db, guilds: LocalGuild[]): Promise<void> {
  const now = Date.now();
  const due = new Date(now - 2 * 60_000);
  const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
  for (const guild of guilds) {
    const setup = await setupSchedule(db, { guildId: guild.id, channelId: guild.defaultChannelId, time, timezone: 'UTC' }, now - 5 * 60_000);
    expect(setup.nextPostAt).toBeLessThanOrEqual(now);
  }
}

describe('two instances on one database', () => {
  it('SIGKILL while posting and while answers pour in: one post per server, every acknowledged answer stored once', async () => {
    const { server, guilds } = await world();
    const { target, remove } = await tempTarget('two');
    cleanups.push(remove);
    const db = await openDatabase(target);
    cleanups.push(() => db.close());
    await scheduleDueNow(
      db,
      guilds.map((g) => g.guild),
    );

    // Posting: both instances claim and send; instance 0 dies once a few questions are out.
    const first = startInstance(server, target, 0);
    const second = startInstance(server, target, 1);
    const postedSoFar = () => guilds.filter(({ guild }) => dailyPosts(server, guild.defaultChannelId).length > 0).length;
    await server.waitFor(() => postedSoFar() >= 4, 60_000, 'the first questions to be posted');
    await first.kill();
    const atKill = postedSoFar();
    // The survivor's scheduler takes over the dead one's claims: the queued ones at its next minute, one whose
    // send was in flight once its 60 s lease ends (its nonce makes a resend of a delivered message harmless).
    await server.waitFor(() => postedSoFar() === GUILDS, 200_000, 'every server to get its question');
    expect(atKill).toBeLessThan(GUILDS); // the kill did land mid-posting
    // A send that reached Discord just before the kill stays 'claimed' until the lease ends and the survivor
    // sends it again: Discord answers with the same message (nonce), and only then is the post marked sent.
    const posts = () => db.all<{ guild_id: string; status: string; n: number }>('SELECT guild_id, status, count(*) AS n FROM quiz_posts GROUP BY guild_id, status');
    const deadline = Date.now() + 200_000;
    while ((await posts()).some((p) => p.status !== 'sent') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    const settledPosts = await posts();
    expect(settledPosts).toHaveLength(GUILDS);
    expect(settledPosts.filter((p) => p.status !== 'sent' || p.n !== 1)).toEqual([]);
    for (const { guild } of guilds) expect(dailyPosts(server, guild.defaultChannelId), guild.name).toHaveLength(1);

    // Answers: instance 0 is back; every member answers at once; it dies after the first acknowledgements.
    const restarted = startInstance(server, target, 0);
    await server.waitFor(() => server.connectedSessions === 2, 60_000, 'both shards connected again');
    // Answers pour in over about a second and a half, interleaved across servers, as on a busy morning.
    const clicks = guilds.flatMap(({ guild, members }) => {
      const post = dailyPosts(server, guild.defaultChannelId)[0]!;
      const ids = customIds(post);
      const pick = ids.find((id) => id.startsWith('answer:pick:'));
      const multi = ids.find((id) => id.startsWith('answer:multi:'));
      if (!pick && !multi) return []; // a fill-in question answers through a modal: not part of this burst
      return members.map((member, order) => ({
        order,
        guildId: guild.id,
        userId: member.id,
        click: () =>
          pick
            ? server.clickButton({ messageId: post.id, customId: pick, user: member.id })
            : server.selectOptions({ messageId: post.id, customId: multi!, user: member.id, values: ['0'] }),
      }));
    });
    clicks.sort((a, b) => a.order - b.order);
    expect(clicks.length).toBeGreaterThan(GUILDS);
    // Instance 0 is killed the moment its first acknowledgement arrives, while the rest still pour in.
    let killed: Promise<void> | undefined;
    const outcomes: Promise<{ guildId: string; userId: string; acknowledged: boolean }>[] = [];
    for (const { guildId, userId, click } of clicks) {
      outcomes.push(
        click()
          .waitForReply(20_000)
          .then(
            (reply) => {
              if (shardOf(guildId) === 0) killed ??= restarted.kill();
              return { guildId, userId, acknowledged: !/Algo deu errado|Something went wrong/.test(reply.content ?? '') };
            },
            () => ({ guildId, userId, acknowledged: false }),
          ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await server.waitFor(() => killed !== undefined, 60_000, "the restarted shard's first acknowledgement");
    await killed;
    const settled = await Promise.all(outcomes);
    const acknowledged = settled.filter((o) => o.acknowledged);
    const lost = settled.filter((o) => !o.acknowledged);
    // The survivor's servers are all answered; the killed shard's burst was cut short.
    expect(acknowledged.filter((o) => shardOf(o.guildId) === 1).length).toBe(settled.filter((o) => shardOf(o.guildId) === 1).length);
    expect(lost.length).toBeGreaterThan(0);

    const stored = await db.all<{ guild_id: string; user_id: string; n: number }>(
      'SELECT guild_id, user_id, count(*) AS n FROM answers WHERE post_id IS NOT NULL GROUP BY guild_id, user_id',
    );
    const byMember = new Map(stored.map((row) => [`${row.guild_id}/${row.user_id}`, row.n]));
    const missing = acknowledged.filter((o) => byMember.get(`${o.guildId}/${o.userId}`) !== 1);
    expect(missing).toEqual([]);
    expect(stored.filter((row) => row.n !== 1)).toEqual([]);
    await second.kill();
  }, 540_000);
});
