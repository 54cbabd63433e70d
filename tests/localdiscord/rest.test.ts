import { AttachmentBuilder, DiscordAPIError, EmbedBuilder, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { ONE_PIXEL_PNG, TEST_TOKEN, startHarness, startServer, type LocalDiscordHarness } from '../support/localdiscord-harness.ts';
import type { LocalDiscord } from '../../localdiscord/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<LocalDiscordHarness> {
  const h = await startHarness();
  cleanups.push(() => h.close());
  return h;
}

async function server(): Promise<LocalDiscord> {
  const s = await startServer();
  cleanups.push(() => s.close());
  return s;
}

async function api(s: LocalDiscord, method: string, path: string, body?: unknown, auth: string | null = `Bot ${TEST_TOKEN}`) {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.restUrl}/v10${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const leaf = (code: string, message: string) => ({ _errors: [{ code, message }] });

describe('routing and authentication', () => {
  test('unknown routes, wrong methods, missing auth, bad JSON', async () => {
    const s = await server();
    expect(await api(s, 'GET', '/no/such/route')).toEqual({ status: 404, body: { message: '404: Not Found', code: 0 } });
    const v9 = await fetch(`${s.restUrl}/v9/users/@me`, { headers: { authorization: `Bot ${TEST_TOKEN}` } });
    expect(v9.status).toBe(404);
    expect(await api(s, 'DELETE', '/users/@me')).toEqual({ status: 405, body: { message: '405: Method Not Allowed', code: 0 } });
    expect(await api(s, 'GET', '/users/@me', undefined, null)).toEqual({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
    expect((await api(s, 'GET', '/users/@me', undefined, 'Bot wrong')).status).toBe(401);
    expect((await api(s, 'GET', '/users/@me')).body).toMatchObject({ id: s.applicationId, bot: true });
    const guild = s.createGuild({ name: 'G' });
    expect(await api(s, 'POST', `/channels/${guild.defaultChannelId}/messages`, '{oops')).toEqual({
      status: 400,
      body: { message: 'The request body contains invalid JSON.', code: 50109 },
    });
    expect(await api(s, 'GET', '/channels/1')).toEqual({ status: 404, body: { message: 'Unknown Channel', code: 10003 } });
    expect(await api(s, 'GET', `/channels/${guild.defaultChannelId}/messages/1`)).toEqual({ status: 404, body: { message: 'Unknown Message', code: 10008 } });
    expect(await api(s, 'POST', '/interactions/1/abc/callback', { type: 4, data: { content: 'x' } }, null)).toEqual({
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
    });
    expect((await api(s, 'POST', `/webhooks/${s.applicationId}/nope`, { content: 'x' }, null)).body).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    expect((await api(s, 'POST', '/webhooks/1/nope', { content: 'x' }, null)).body).toEqual({ message: 'Unknown Webhook', code: 10015 });
    expect((await api(s, 'POST', `/channels/${guild.defaultChannelId}/messages`, {})).body).toEqual({ message: 'Cannot send an empty message', code: 50006 });
    const logged = s.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(logged).toContain('GET /users/@me 401');
  });

  test('the request log keeps the newest requestLogLimit calls', async () => {
    const s = await startServer({ requestLogLimit: 2 });
    cleanups.push(() => s.close());
    for (const path of ['/users/@me', '/gateway', '/gateway/bot']) await api(s, 'GET', path);
    expect(s.requests().map((r) => r.path)).toEqual(['/gateway', '/gateway/bot']);
  });
});

describe('messages', () => {
  test('over-long content and embeds are rejected with 50035 and Discord’s error tree', async () => {
    const h = await harness();
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    // Plain objects are not checked by discord.js, so the server's validation is what answers.
    const title = await channel.send({ embeds: [{ title: 't'.repeat(257) }] }).catch((e: unknown) => e);
    expect(title).toBeInstanceOf(DiscordAPIError);
    expect((title as DiscordAPIError).message).toBe('Invalid Form Body\nembeds[0].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.');
    const tooBig = await channel
      .send({ embeds: [new EmbedBuilder().setDescription('d'.repeat(4096)), new EmbedBuilder().setDescription('e'.repeat(2000))] })
      .catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(DiscordAPIError);
    expect((tooBig as DiscordAPIError).rawError).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: { embeds: leaf('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000') },
    });
    const long = await channel.send('x'.repeat(2001)).catch((e: unknown) => e);
    expect((long as DiscordAPIError).rawError).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: { content: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.') },
    });
    expect(h.server.messages(h.channelId)).toEqual([]);
  });

  test.each([
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ description: 'x' })) }, { embeds: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.') }],
    ['title 257', { embeds: [{ title: 't'.repeat(257) }] }, { embeds: { 0: { title: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.') } } }],
    ['description 4097', { embeds: [{ description: 'd'.repeat(4097) }] }, { embeds: { 0: { description: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 4096 or fewer in length.') } } }],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, { embeds: { 0: { fields: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') } } }],
    ['field name 257', { embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }] }, { embeds: { 0: { fields: { 0: { name: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.') } } } } }],
    ['field value 1025', { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }, { embeds: { 0: { fields: { 0: { value: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 1024 or fewer in length.') } } } } }],
    ['footer 2049', { embeds: [{ footer: { text: 'f'.repeat(2049) } }] }, { embeds: { 0: { footer: { text: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 2048 or fewer in length.') } } } }],
    ['author 257', { embeds: [{ author: { name: 'a'.repeat(257) } }] }, { embeds: { 0: { author: { name: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.') } } } }],
    ['6 action rows', { components: Array.from({ length: 6 }, (_, k) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: `c${k}`, label: 'x' }] })) }, { components: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.') }],
    ['custom_id 101', { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'c'.repeat(101), label: 'x' }] }] }, { components: { 0: { components: { 0: { custom_id: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.') } } } } }],
    ['label 81', { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'c', label: 'l'.repeat(81) }] }] }, { components: { 0: { components: { 0: { label: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.') } } } } }],
    ['26 select options', { components: [{ type: 1, components: [{ type: 3, custom_id: 's', options: Array.from({ length: 26 }, (_, k) => ({ label: `o${k}`, value: `v${k}` })) }] }] }, { components: { 0: { components: { 0: { options: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') } } } } }],
  ])('%s → 50035', async (_name, body, errors) => {
    const s = await server();
    const guild = s.createGuild({ name: 'G' });
    const res = await api(s, 'POST', `/channels/${guild.defaultChannelId}/messages`, { content: 'c', ...body });
    expect(res).toEqual({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } });
  });

  test('enforce_nonce: the same nonce twice gives the same message, once', async () => {
    const h = await harness();
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const a = await channel.send({ content: 'daily quiz', nonce: 'quiz-2024-05-01', enforceNonce: true });
    const b = await channel.send({ content: 'daily quiz (retry)', nonce: 'quiz-2024-05-01', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(b.content).toBe('daily quiz');
    const c = await channel.send({ content: 'no enforcement', nonce: 'quiz-2024-05-01' });
    expect(c.id).not.toBe(a.id);
    expect(h.server.messages(h.channelId).map((m) => m.content)).toEqual(['daily quiz', 'no enforcement']);
  });

  test('attachments: multipart bytes are kept, described like Discord and served back', async () => {
    const h = await harness();
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const sent = await channel.send({ content: 'heatmap', files: [new AttachmentBuilder(ONE_PIXEL_PNG, { name: 'heat map.png', description: 'Activity' })] });
    const attachment = sent.attachments.first()!;
    expect(attachment).toMatchObject({ name: 'heat_map.png', contentType: 'image/png', width: 1, height: 1, size: ONE_PIXEL_PNG.length, description: 'Activity' });
    const stored = h.server.message(sent.id)!;
    expect(stored.local.files).toHaveLength(1);
    expect(stored.local.files[0]!.bytes.equals(ONE_PIXEL_PNG)).toBe(true);
    const request = h.server.requests().find((r) => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages`)!;
    expect(request.files[0]).toMatchObject({ field: 'files[0]', filename: 'heat map.png', contentType: 'image/png' });
    expect(request.body).toMatchObject({ content: 'heatmap', attachments: [{ id: '0', description: 'Activity' }] });
    const served = Buffer.from(await (await fetch(attachment.url)).arrayBuffer());
    expect(served.equals(ONE_PIXEL_PNG)).toBe(true);

    // Editing with `attachments: []` removes the file.
    const edited = await sent.edit({ content: 'no picture', attachments: [] });
    expect(edited.attachments.size).toBe(0);
    expect(h.server.message(sent.id)!.local.files).toEqual([]);
  });

  test('channel permissions: 50001 without VIEW_CHANNEL, 50013 without SEND_MESSAGES or EMBED_LINKS', async () => {
    const h = await harness();
    const botId = h.client.user.id;
    const hidden = h.server.createChannel(h.guild.id, { name: 'staff', permissionOverwrites: [{ id: h.guild.id, type: 'role', deny: ['ViewChannel'] }] });
    const readOnly = h.server.createChannel(h.guild.id, { name: 'announcements', permissionOverwrites: [{ id: botId, type: 'member', deny: ['SendMessages'] }] });
    const noEmbeds = h.server.createChannel(h.guild.id, { name: 'plain', permissionOverwrites: [{ id: h.guild.botRoleId, type: 'role', deny: ['EmbedLinks', 'AttachFiles'] }] });
    await h.server.waitFor(() => h.client.channels.cache.has(noEmbeds.id));
    const send = (id: string, options: Parameters<TextChannel['send']>[0]) =>
      (h.client.channels.cache.get(id) as TextChannel).send(options).then(
        () => 'sent',
        (e: DiscordAPIError) => `${e.status} ${e.code} ${e.message}`,
      );
    // The bot cannot see the hidden channel at all, so discord.js does not cache it.
    const hiddenRes = await api(h.server, 'POST', `/channels/${hidden.id}/messages`, { content: 'x' });
    expect(hiddenRes).toEqual({ status: 403, body: { message: 'Missing Access', code: 50001 } });
    expect(await send(readOnly.id, 'x')).toBe('403 50013 Missing Permissions');
    expect(await send(noEmbeds.id, 'plain text')).toBe('sent');
    expect(await send(noEmbeds.id, { embeds: [new EmbedBuilder().setDescription('rich')] })).toBe('403 50013 Missing Permissions');
    expect(await send(noEmbeds.id, { files: [{ attachment: ONE_PIXEL_PNG, name: 'a.png' }] })).toBe('403 50013 Missing Permissions');

    // Granting the permission back through an overwrite for the bot member wins over the role deny.
    h.server.setChannelOverwrite(noEmbeds.id, { id: botId, type: 'member', allow: ['EmbedLinks'] });
    expect(await send(noEmbeds.id, { embeds: [new EmbedBuilder().setDescription('rich')] })).toBe('sent');
  });

  test('fetching, listing, editing and deleting messages', async () => {
    const h = await harness();
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const sent = [];
    for (let k = 0; k < 5; k++) sent.push(await channel.send(`m${k}`));
    const fetched = await channel.messages.fetch({ limit: 3, cache: false });
    expect([...fetched.values()].map((m) => m.content)).toEqual(['m4', 'm3', 'm2']);
    const before = await channel.messages.fetch({ before: sent[2]!.id, cache: false });
    expect([...before.values()].map((m) => m.content)).toEqual(['m1', 'm0']);
    const one = await channel.messages.fetch({ message: sent[1]!.id, force: true });
    expect(one.content).toBe('m1');
    expect(one.createdTimestamp).toBeGreaterThan(Date.now() - 10_000);
    await sent[0]!.edit('m0 edited');
    expect(h.server.message(sent[0]!.id)!.edited_timestamp).not.toBeNull();
    await sent[1]!.delete();
    expect(h.server.messages(h.channelId).map((m) => m.content)).toEqual(['m0 edited', 'm2', 'm3', 'm4']);
    await expect(channel.messages.fetch({ message: sent[1]!.id, force: true })).rejects.toMatchObject({ code: 10008 });
  });
});

describe('application commands', () => {
  test('discord.js set/create against global and guild scopes', async () => {
    const h = await harness();
    const global = await h.client.application.commands.set([{ name: 'term', description: 'Look up a term', nameLocalizations: { 'pt-BR': 'termo' } }]);
    expect([...global.values()].map((c) => c.name)).toEqual(['term']);
    const guild = h.client.guilds.cache.get(h.guild.id)!;
    const created = await guild.commands.create({ name: 'quiz', description: 'Quiz' });
    const again = await guild.commands.create({ name: 'quiz', description: 'Quiz, updated' });
    expect(again.id).toBe(created.id);
    expect(h.server.commands(h.guild.id).map((c) => c.description)).toEqual(['Quiz, updated']);
    const statuses = h.server.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/commands')).map((r) => r.status);
    expect(statuses).toEqual([201, 200]);
    // Re-putting the same definition keeps ids.
    const again2 = await h.client.application.commands.set([{ name: 'term', description: 'Look up a term', nameLocalizations: { 'pt-BR': 'termo' } }]);
    expect(again2.first()!.id).toBe(global.first()!.id);
  });

  test('invalid definitions are rejected like Discord does', async () => {
    const s = await server();
    const guild = s.createGuild({ name: 'G' });
    const put = (body: unknown) => api(s, 'PUT', `/applications/${s.applicationId}/commands`, body);
    expect((await put([{ name: 'Term', description: 'x' }])).body.errors).toEqual({ 0: { name: leaf('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid') } });
    expect((await put([{ name: 'term', description: 'd'.repeat(101) }])).body.errors).toEqual({
      0: { description: leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.') },
    });
    expect((await put([{ name: 'term', description: 'x', name_localizations: { pt: 'termo' } }])).body.errors).toEqual({
      0: { name_localizations: { pt: leaf('ENUM_TYPE_COERCE', 'Value "pt" is not a valid enum value.') } },
    });
    expect((await put([{ name: 'term', description: 'x', description_localizations: { 'pt-BR': '' } }])).body.errors).toEqual({
      0: { description_localizations: { 'pt-BR': leaf('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.') } },
    });
    const opts = [
      { type: 3, name: 'a', description: 'a' },
      { type: 3, name: 'b', description: 'b', required: true },
    ];
    expect((await put([{ name: 'term', description: 'x', options: opts }])).body.errors).toMatchObject({
      0: { options: { 1: { required: { _errors: [{ code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID' }] } } } },
    });
    expect((await put([{ name: 'a', description: 'x' }, { name: 'a', description: 'y' }])).status).toBe(400);
    const tooManyChoices = [{ type: 3, name: 'q', description: 'q', choices: Array.from({ length: 26 }, (_, k) => ({ name: `c${k}`, value: `${k}` })) }];
    expect((await put([{ name: 'term', description: 'x', options: tooManyChoices }])).body.errors).toEqual({
      0: { options: { 0: { choices: leaf('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') } } },
    });
    expect((await api(s, 'PUT', `/applications/${s.applicationId}/guilds/123/commands`, [])).body).toEqual({ message: 'Missing Access', code: 50001 });
    expect((await api(s, 'PUT', `/applications/${s.applicationId}/guilds/${guild.id}/commands`, [{ name: 'ok', description: 'fine' }])).status).toBe(200);
    expect(s.commands()).toEqual([]);
  });
});
