/**
 * The local Discord delivering interactions by signed HTTP POST: the signature verifies with its public key,
 * an interaction response in the HTTP answer (200) is applied like the callback endpoint, and an endpoint that
 * fails leaves the interaction unanswered until the window closes.
 */
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { InteractionTimeoutError, type LocalDiscord } from '../../localdiscord/index.ts';
import { startServer } from '../support/localdiscord-harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A minimal endpoint: checks the signature against `publicKeyHex`, PONGs, and answers others with `answer`. */
async function endpoint(publicKeyHex: string, answer: (payload: any) => { status: number; body?: unknown }): Promise<string> {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
    const signature = Buffer.from(String(req.headers['x-signature-ed25519'] ?? ''), 'hex');
    if (signature.length !== 64 || !verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, signature)) return void res.writeHead(401).end();
    const payload = JSON.parse(body.toString());
    const { status, body: out } = payload.type === 1 ? { status: 200, body: { type: 1 } } : answer(payload);
    res.writeHead(status, out === undefined ? {} : { 'content-type': 'application/json' }).end(out === undefined ? undefined : JSON.stringify(out));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/interactions`;
}

async function world(options: Parameters<typeof startServer>[0] = {}) {
  const s: LocalDiscord = await startServer(options);
  cleanups.push(() => s.close());
  const guild = s.createGuild({ name: 'G' });
  const user = s.addMember(guild.id, { username: 'u' });
  s.registerCommands(guild.id, [{ name: 'ping', description: 'Ping' }]);
  return { s, guild, user };
}

describe('HTTP interaction delivery', () => {
  test('a signed POST answered with an interaction response in the HTTP body', async () => {
    const { s, guild, user } = await world();
    const url = await endpoint(s.publicKey, (payload) => ({ status: 200, body: { type: 4, data: { content: `pong ${payload.data.name}` } } }));
    await s.setInteractionsEndpoint(url);
    const reply = await s.runSlashCommand({ channelId: guild.defaultChannelId, user: user.id, name: 'ping' }).waitForReply();
    expect(reply.content).toBe('pong ping');
    expect(s.deliveries()).toMatchObject([{ url, status: 200 }]);
    expect(s.connectedSessions).toBe(0);
  });

  test('an endpoint that fails leaves the interaction unanswered ("the application did not respond")', async () => {
    const { s, guild, user } = await world({ interactionTimeoutMs: 200 });
    const url = await endpoint(s.publicKey, () => ({ status: 500 }));
    await s.setInteractionsEndpoint(url); // PING and signature checks pass; interactions fail
    const handle = s.runSlashCommand({ channelId: guild.defaultChannelId, user: user.id, name: 'ping' });
    await expect(handle.response).rejects.toBeInstanceOf(InteractionTimeoutError);
    expect(s.deliveries()).toMatchObject([{ url, status: 500 }]);
  });

  test('an endpoint that does not PONG cannot be saved', async () => {
    const { s } = await world();
    await expect(s.setInteractionsEndpoint('http://127.0.0.1:9/interactions')).rejects.toThrow(/did not answer a signed PING with PONG/);
  });
});
