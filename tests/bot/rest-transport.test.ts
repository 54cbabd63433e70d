/** The bot's REST transport, through discord.js's REST manager against the local Discord. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { makeRequest } from '../../bot/rest-transport.ts';
import { startServer, TEST_TOKEN } from '../support/localdiscord-harness.ts';
import type { LocalDiscord, LocalGuild } from '../../localdiscord/index.ts';

describe('REST transport', () => {
  let server: LocalDiscord;
  let guild: LocalGuild;
  let rest: REST;
  beforeEach(async () => {
    server = await startServer();
    guild = server.createGuild({ name: 'G' });
    rest = new REST({ api: server.restUrl, makeRequest }).setToken(TEST_TOKEN);
  });
  afterEach(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await server.close();
  });

  it('sends JSON and reads JSON answers', async () => {
    const sent = (await rest.post(Routes.channelMessages(guild.defaultChannelId), { body: { content: 'olá, mundo…' } })) as { id: string; content: string };
    expect(sent.content).toBe('olá, mundo…');
    expect(server.message(sent.id)?.content).toBe('olá, mundo…');
    const request = server.requests().at(-1)!;
    expect(request).toMatchObject({ method: 'POST', authorized: true, status: 200, body: { content: 'olá, mundo…' } });
  });

  it('uploads files as multipart form data', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const sent = (await rest.post(Routes.channelMessages(guild.defaultChannelId), {
      body: { content: 'file', attachments: [{ id: 0, filename: 'a.png' }] },
      files: [{ name: 'a.png', data: bytes, contentType: 'image/png' }],
    })) as { id: string };
    const stored = server.message(sent.id)!;
    expect(stored.attachments[0]).toMatchObject({ filename: 'a.png', content_type: 'image/png', size: bytes.length });
    expect(stored.local.files[0]!.bytes.equals(bytes)).toBe(true);
  });

  it('Discord errors become DiscordAPIError with their code', async () => {
    const error = await rest.get(Routes.channel('123456789012345678')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(RESTJSONErrorCodes.UnknownChannel);
    expect((error as DiscordAPIError).status).toBe(404);
  });

  it('answers have the fields and methods @discordjs/rest reads, and no per-answer accessors', async () => {
    const res = await makeRequest(`${server.restUrl}/v10/gateway`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.statusText).toBe('OK');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ url: server.gatewayUrl });
    expect(res.bodyUsed).toBe(true);
    // The point of the module: accessors live on the prototype, so every answer shares one hidden class.
    expect(Object.values(Object.getOwnPropertyDescriptors(res)).some((d) => d.get !== undefined)).toBe(false);
  });
});

describe('REST transport, aborted', () => {
  let hanging: Server;
  afterEach(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('rejects with an AbortError when the request is aborted (what @discordjs/rest retries on)', async () => {
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    const pending = makeRequest(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`, { method: 'GET', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('REST transport under rate limits', () => {
  it("hands discord.js the rate-limit headers and 429s: it queues on the bucket it learns and waits out retry_after", async () => {
    const server = await startServer({ rateLimits: { routes: [{ method: 'POST', pattern: '/channels/:channel/messages', limit: 2, windowMs: 300 }] } });
    const rest = new REST({ api: server.restUrl, makeRequest }).setToken(TEST_TOKEN);
    try {
      const channel = server.createGuild({ name: 'G' }).defaultChannelId;
      const limited: unknown[] = [];
      rest.on('rateLimited', (info) => limited.push(info));
      // Used up outside this client: its first send meets a 429 (it could not know), later ones wait in its queue.
      for (let i = 0; i < 2; i++) {
        await fetch(`${server.restUrl}/v10/channels/${channel}/messages`, {
          method: 'POST',
          headers: { authorization: `Bot ${TEST_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ content: `elsewhere ${i}` }),
        });
      }
      await Promise.all([0, 1, 2, 3].map((i) => rest.post(Routes.channelMessages(channel), { body: { content: `m${i}` } })));
      expect(server.messages(channel).map((m) => m.content)).toEqual(['elsewhere 0', 'elsewhere 1', 'm0', 'm1', 'm2', 'm3']);
      const statuses = server.requests().filter((r) => r.method === 'POST' && (r.body as { content: string }).content.startsWith('m')).map((r) => r.status);
      expect(statuses.filter((status) => status === 429)).toHaveLength(1); // only the one it could not foresee
      expect(statuses.filter((status) => status === 200)).toHaveLength(4);
      expect(limited.length).toBeGreaterThan(0); // it waited on the bucket learned from X-RateLimit-*
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      await server.close();
    }
  });
});
