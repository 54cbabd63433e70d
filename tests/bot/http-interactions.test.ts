/**
 * HTTP interactions mode end to end: the local Discord signs each interaction with its Ed25519 key and POSTs
 * it to the bot's endpoint (two instances on one SQLite file behind its round robin, as behind a load
 * balancer); the bot verifies the signature and answers through the same dispatcher as in gateway mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.ts';
import { LOCAL_BOT_TOKEN, startLocalBot, type LocalBot } from '../../bot/local.ts';
import { startLocalDiscord, type LocalDiscord, type LocalMessage } from '../../localdiscord/index.ts';
import { leaseHolder } from '../../src/schedule/index.ts';
import { SCHEDULER_LEASE } from '../../bot/quiz/elected.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const utc = (iso: string) => Date.parse(iso);

async function world(preferredLocale = 'pt-BR') {
  const server = await startLocalDiscord({ token: LOCAL_BOT_TOKEN });
  cleanups.push(() => server.close());
  const guild = server.createGuild({ name: 'Grupo', preferredLocale });
  server.registerCommands(guild.id, allCommands.map((c) => c.data));
  const admin = server.addMember(guild.id, { username: 'admin', locale: 'pt-BR' }, { permissions: ['ManageGuild'] });
  const student = server.addMember(guild.id, { username: 'aluna', locale: 'pt-BR' });
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-http-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const clock = { now: utc('2026-03-02T11:00:00Z') };
  return { server, guild, admin, student, databasePath: join(folder, 'bot.sqlite'), clock };
}

async function httpBot(server: LocalDiscord, databasePath: string, clock: { now: number }): Promise<LocalBot> {
  const started = await startLocalBot(server.restUrl, {
    commands: allCommands,
    config: { DATABASE_PATH: databasePath },
    logLevel: process.env.E2E_LOG ?? 'silent',
    now: () => clock.now,
    scheduler: false,
    mode: { http: { port: 0, host: '127.0.0.1', publicKeyHex: server.publicKey } },
  });
  cleanups.push(() => started.close());
  return started;
}

const post = (url: string, body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers });

describe('HTTP interactions endpoint', () => {
  it('answers 401 to a missing, wrong or stale signature and PONG to a signed PING; opens no gateway session', async () => {
    const { server, databasePath, clock } = await world();
    const { bot } = await httpBot(server, databasePath, clock);
    const url = bot.interactions!.url;
    const ping = JSON.stringify({ id: '1', application_id: server.applicationId, type: 1, token: 't', version: 1 });

    expect((await post(url, ping, { 'content-type': 'application/json' })).status).toBe(401);
    const good = server.signInteraction(ping);
    expect((await post(url, ping, { ...good, 'x-signature-ed25519': '0'.repeat(128) })).status).toBe(401);
    // A valid signature over another body (a tampered payload).
    expect((await post(url, ping.replace('"t"', '"u"'), good)).status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    expect((await post(url, ping, server.signInteraction(ping, stale))).status).toBe(401);

    const pong = await post(url, ping, good);
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });
    expect(server.connectedSessions).toBe(0);
    expect(server.identifies()).toEqual([]);
  });

  it('the local Discord refuses to save an endpoint that does not check signatures', async () => {
    const { server } = await world();
    const { createServer } = await import('node:http');
    const careless = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":1}');
    });
    await new Promise<void>((resolve) => careless.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => careless.close(() => resolve())));
    const { port } = careless.address() as { port: number };
    await expect(server.setInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`)).rejects.toThrow(/bad signature with 200, not 401/);
  });

  it('two instances behind a round robin each answer /term, with no gateway connection', async () => {
    const { server, guild, student, databasePath, clock } = await world();
    const a = await httpBot(server, databasePath, clock);
    const b = await httpBot(server, databasePath, clock);
    await server.setInteractionsEndpoint([a.bot.interactions!.url, b.bot.interactions!.url]);

    const replies: LocalMessage[] = [];
    for (let i = 0; i < 2; i++) {
      replies.push(await server.runSlashCommand({ channelId: guild.defaultChannelId, user: student, name: 'term', options: { query: 'hypervisor' } }).waitForReply());
    }
    expect(replies.map((r) => r.embeds[0]?.title)).toEqual([expect.stringMatching(/hypervisor/i), expect.stringMatching(/hypervisor/i)]);
    const deliveries = await server.waitFor(() => server.deliveries().length === 2 && server.deliveries(), 5000, 'both deliveries');
    expect(deliveries.map((d) => d.url)).toEqual([a.bot.interactions!.url, b.bot.interactions!.url]);
    expect(deliveries.map((d) => d.status)).toEqual([202, 202]); // answered through the REST callback
    expect(server.connectedSessions).toBe(0);
  });

  it('/leaderboard defers before fetching the server, and /quiz status still says the permissions were not checked after it', async () => {
    const { server, guild, admin, databasePath, clock } = await world();
    const { bot } = await httpBot(server, databasePath, clock);
    await server.setInteractionsEndpoint([bot.interactions!.url]);
    await server
      .runSlashCommand({ channelId: guild.defaultChannelId, user: admin, name: 'quiz', subcommand: 'setup', options: { channel: guild.defaultChannelId, time: '09:00', timezone: 'America/Sao_Paulo' } })
      .waitForReply();
    const before = server.requests().length;
    const board = await server.runSlashCommand({ channelId: guild.defaultChannelId, user: admin, name: 'leaderboard' }).waitForReply();
    expect(board.embeds[0]?.title).toBeTruthy();
    const calls = server.requests().slice(before).map((r) => `${r.method} ${r.path}`);
    const deferred = calls.findIndex((call) => /^POST \/interactions\//.test(call));
    const fetched = calls.indexOf(`GET /guilds/${guild.id}`);
    expect(deferred).toBeGreaterThanOrEqual(0);
    expect(fetched).toBeGreaterThan(deferred);
    const status = await server.runSlashCommand({ channelId: guild.defaultChannelId, user: admin, name: 'quiz', subcommand: 'status' }).waitForReply();
    expect(status.embeds[0]?.fields?.at(-1)?.value).toMatch(/^Não verificadas/);
  });

  it('with two instances the daily question is posted once, and only the elected one runs the scheduler', async () => {
    // An English-speaking server: with no guild cache the post's language comes from the server through REST.
    const { server, guild, admin, student, databasePath, clock } = await world('en-US');
    const a = await httpBot(server, databasePath, clock);
    const b = await httpBot(server, databasePath, clock);
    await server.setInteractionsEndpoint([a.bot.interactions!.url, b.bot.interactions!.url]);
    const setup = await server
      .runSlashCommand({ channelId: guild.defaultChannelId, user: admin, name: 'quiz', subcommand: 'setup', options: { channel: guild.defaultChannelId, time: '09:00', timezone: 'America/Sao_Paulo' } })
      .waitForReply();
    expect(setup.content).toContain('✅');
    // Without a gateway no server is cached: /quiz status says the permissions were not checked (not "deleted channel").
    const status = await server.runSlashCommand({ channelId: guild.defaultChannelId, user: admin, name: 'quiz', subcommand: 'status' }).waitForReply();
    expect(status.embeds[0]?.fields?.at(-1)?.value).toMatch(/^Não verificadas/);

    clock.now = utc('2026-03-02T12:00:30Z'); // 09:00 in São Paulo
    // Both schedulers at once (as with SCHEDULER=on on both): the claims still let one post through.
    await Promise.all([a.bot.quiz.tick(), b.bot.quiz.tick()]);
    const posts = () => server.messages(guild.defaultChannelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.embeds[0]?.title).toMatch(/question/i);
    // A member uses the post's first answer component (an option button, the multiple-choice select, or the
    // fill-in's form button): the component interaction is served through HTTP like a command, and acknowledged.
    type Part = { type: number; custom_id?: string; min_values?: number; options?: { value: string }[] };
    const parts = (posts()[0]!.components ?? []).flatMap((row) => ('components' in row ? (row.components as Part[]) : []));
    const part = parts.find((c) => c.custom_id?.startsWith('answer:'))!;
    const messageId = posts()[0]!.id;
    const used =
      part.type === 2
        ? server.clickButton({ messageId, customId: part.custom_id!, user: student })
        : server.selectOptions({ messageId, customId: part.custom_id!, user: student, values: part.options!.slice(0, part.min_values ?? 1).map((o) => o.value) });
    expect((await used.response).type).toBeGreaterThan(1);

    // The election: one lease holder runs the pass, the other does not.
    clock.now = utc('2026-03-03T12:00:30Z');
    const ran = await Promise.all([a.bot.scheduler.tick(), b.bot.scheduler.tick()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const holder = (await leaseHolder(a.services.db, SCHEDULER_LEASE))!.owner;
    expect([a.bot.scheduler.owner, b.bot.scheduler.owner]).toContain(holder);
    expect(posts()).toHaveLength(2);
    expect(await Promise.all([a.bot.scheduler.tick(), b.bot.scheduler.tick()])).toEqual(ran); // the holder renews, the other waits

    // The holder stops: the lease is released and the other instance takes over at its next tick.
    const [leader, other] = ran[0] ? [a, b] : [b, a];
    await leader.close();
    expect(await other.bot.scheduler.tick()).toBe(true);
  });
});
