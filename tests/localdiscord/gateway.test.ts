import { once } from 'node:events';
import { ChannelType, Events, GatewayIntentBits, PermissionFlagsBits, type Guild } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { LocalDiscord } from '../../localdiscord/index.ts';
import { TEST_TOKEN, createClient, startHarness, startServer, type LocalDiscordHarness } from '../support/localdiscord-harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<LocalDiscordHarness> {
  const h = await startHarness();
  cleanups.push(() => h.close());
  return h;
}

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<LocalDiscord> {
  const s = await startServer(options);
  cleanups.push(() => s.close());
  return s;
}

/** A bare gateway connection that collects payloads. */
async function rawGateway(s: LocalDiscord, query = '?v=10&encoding=json') {
  const ws = new WebSocket(`${s.gatewayUrl}${query}`);
  cleanups.push(() => ws.terminate());
  const received: Array<{ op: number; t?: string | null; s?: number | null; d: any }> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await once(ws, 'open');
  const next = async (predicate: (p: (typeof received)[number]) => boolean) => {
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const send = (payload: unknown) => ws.send(JSON.stringify(payload));
  const identify = (token = TEST_TOKEN, intents = GatewayIntentBits.Guilds) =>
    send({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } } });
  return { ws, received, next, send, identify, closed };
}

describe('discord.js login', () => {
  test('READY then GUILD_CREATE make the client ready with the guild cached; only GUILDS is requested', async () => {
    const s = await server();
    const guild = s.createGuild({ name: 'LPI 304', preferredLocale: 'pt-BR' });
    const client = createClient(s);
    cleanups.push(() => client.destroy());
    const packets: Array<{ t: string; d: any }> = [];
    client.on(Events.Raw, (p: { t: string; d: any }) => packets.push(p));
    const ready = once(client, Events.ClientReady);
    await client.login(TEST_TOKEN);
    await ready;

    const cached = client.guilds.cache.get(guild.id) as Guild;
    expect(cached.available).toBe(true);
    expect(cached.name).toBe('LPI 304');
    expect(cached.preferredLocale).toBe('pt-BR');
    expect(cached.channels.cache.get(guild.defaultChannelId)?.type).toBe(ChannelType.GuildText);
    expect(cached.members.me?.roles.cache.has(guild.botRoleId)).toBe(true);
    expect(cached.members.me?.permissions.has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(client.application?.id).toBe(s.applicationId);
    expect(client.user?.id).toBe(s.botUser.id);

    const readyPacket = packets.find((p) => p.t === 'READY')!;
    expect(readyPacket.d).toMatchObject({
      v: 10,
      guilds: [{ id: guild.id, unavailable: true }],
      resume_gateway_url: s.gatewayUrl,
      application: { id: s.applicationId, flags: 0 },
    });
    expect(typeof readyPacket.d.session_id).toBe('string');
    expect(packets.map((p) => p.t).slice(0, 2)).toEqual(['READY', 'GUILD_CREATE']);
    expect(s.identifies().map((i) => i.intents)).toEqual([GatewayIntentBits.Guilds]);
    expect(s.requests()[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', authorized: true, status: 200 });
  });

  test('a wrong token makes login fail quickly', async () => {
    const s = await server();
    const client = createClient(s);
    cleanups.push(() => client.destroy());
    const started = Date.now();
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(s.requests().at(-1)).toMatchObject({ path: '/gateway/bot', status: 401, response: { message: '401: Unauthorized', code: 0 } });
  });

  test('after the server drops the connection, discord.js resumes and keeps receiving interactions', async () => {
    const h = await startHarness({ setup: (srv, g) => void srv.registerCommands(g.id, [{ name: 'ping', description: 'Ping' }]) });
    cleanups.push(() => h.close());
    h.client.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply('pong');
    });
    const resumed = once(h.client, Events.ShardResume);
    h.server.dropGatewayConnections(4000);
    await resumed;
    expect(h.server.identifies()).toHaveLength(1);
    const response = await h.server.runSlashCommand({ channelId: h.channelId, user: h.user.id, name: 'ping' });
    expect(response.type).toBe(4);
  });

  test('state changes made through the control API reach the client cache', async () => {
    const h = await harness();
    const guild = h.client.guilds.cache.get(h.guild.id)!;
    const created = once(h.client, Events.ChannelCreate);
    const channel = h.server.createChannel(h.guild.id, { name: 'quiz' });
    await created;
    expect(guild.channels.cache.get(channel.id)?.name).toBe('quiz');

    const updated = once(h.client, Events.ChannelUpdate);
    h.server.setChannelOverwrite(channel.id, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    await updated;
    expect(guild.channels.cache.get(channel.id)!.permissionsFor(h.client.user)!.has('SendMessages')).toBe(false);

    const roleUpdated = once(h.client, Events.GuildRoleUpdate);
    h.server.setBotPermissions(h.guild.id, ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ManageMessages']);
    await roleUpdated;
    expect(guild.roles.cache.get(h.guild.botRoleId)!.permissions.has('ManageMessages')).toBe(true);

    const deleted = once(h.client, Events.ChannelDelete);
    h.server.deleteChannel(channel.id);
    await deleted;
    expect(guild.channels.cache.has(channel.id)).toBe(false);

    const joined = once(h.client, Events.GuildCreate);
    const second = h.server.createGuild({ name: 'Second' });
    const [g] = (await joined) as [Guild];
    expect(g.id).toBe(second.id);

    const left = once(h.client, Events.GuildDelete);
    h.server.removeGuild(second.id);
    await left;
    expect(h.client.guilds.cache.has(second.id)).toBe(false);
  });
});

describe('raw gateway protocol', () => {
  test('HELLO, heartbeat ACK, IDENTIFY then READY and GUILD_CREATE with sequence numbers', async () => {
    const s = await server({ heartbeatIntervalMs: 1234 });
    s.createGuild({ name: 'G' });
    const g = await rawGateway(s);
    expect((await g.next((p) => p.op === 10)).d).toEqual({ heartbeat_interval: 1234 });
    g.send({ op: 1, d: null });
    await g.next((p) => p.op === 11);
    g.identify();
    const ready = await g.next((p) => p.t === 'READY');
    const guildCreate = await g.next((p) => p.t === 'GUILD_CREATE');
    expect([ready.s, guildCreate.s]).toEqual([1, 2]);
    expect(guildCreate.d.members.map((m: any) => m.user.id)).toEqual([s.botUser.id]);
  });

  test.each([
    ['a wrong token', (g: Awaited<ReturnType<typeof rawGateway>>) => g.identify('wrong'), 4004],
    ['a privileged intent not enabled', (g: Awaited<ReturnType<typeof rawGateway>>) => g.identify(TEST_TOKEN, GatewayIntentBits.MessageContent), 4014],
    ['an unknown intent bit', (g: Awaited<ReturnType<typeof rawGateway>>) => g.identify(TEST_TOKEN, 1 << 30), 4013],
    ['a payload before IDENTIFY', (g: Awaited<ReturnType<typeof rawGateway>>) => g.send({ op: 3, d: {} }), 4003],
    ['invalid JSON', (g: Awaited<ReturnType<typeof rawGateway>>) => g.ws.send('{nope'), 4002],
  ])('%s closes the connection with Discord’s code', async (_name, act, code) => {
    const s = await server();
    const g = await rawGateway(s);
    await g.next((p) => p.op === 10);
    act(g);
    expect(await g.closed).toBe(code);
  });

  test('a second IDENTIFY closes with 4005 and an unknown opcode with 4001', async () => {
    const s = await server();
    const a = await rawGateway(s);
    a.identify();
    await a.next((p) => p.t === 'READY');
    a.identify();
    expect(await a.closed).toBe(4005);
    const b = await rawGateway(s);
    b.identify();
    await b.next((p) => p.t === 'READY');
    b.send({ op: 99, d: null });
    expect(await b.closed).toBe(4001);
  });

  test('the wrong API version closes with 4012', async () => {
    const s = await server();
    const g = await rawGateway(s, '?v=9&encoding=json');
    expect(await g.closed).toBe(4012);
  });

  test('RESUME replays missed events; an unknown session gets INVALID_SESSION', async () => {
    const s = await server();
    const guild = s.createGuild({ name: 'G' });
    const first = await rawGateway(s);
    first.identify();
    const ready = await first.next((p) => p.t === 'READY');
    await first.next((p) => p.t === 'GUILD_CREATE');
    first.ws.close(4000, 'network blip');
    await first.closed;
    s.createChannel(guild.id, { name: 'while-away' });

    const second = await rawGateway(s);
    await second.next((p) => p.op === 10);
    second.send({ op: 6, d: { token: TEST_TOKEN, session_id: ready.d.session_id, seq: 2 } });
    const replayed = await second.next((p) => p.t === 'CHANNEL_CREATE');
    expect(replayed).toMatchObject({ s: 3, d: { name: 'while-away' } });
    expect((await second.next((p) => p.t === 'RESUMED')).s).toBe(4);

    const third = await rawGateway(s);
    third.send({ op: 6, d: { token: TEST_TOKEN, session_id: 'unknown', seq: 1 } });
    expect((await third.next((p) => p.op === 9)).d).toBe(false);
  });
});
