/**
 * HTTP interactions mode: Discord POSTs each interaction to `POST /interactions`, signed with the application's
 * Ed25519 key. A request whose signature is missing or wrong, or whose timestamp is more than five minutes off,
 * gets 401; a PING gets PONG; every other interaction is handed to `onInteraction` (the same dispatcher as
 * gateway mode), which answers it through the REST callback endpoint. Nothing is kept between requests, so any
 * number of instances can sit behind a load balancer; so a replay within those five minutes is NOT refused here.
 * It does little harm: the interaction token answers once (Discord refuses a second callback), and the answers
 * themselves are claimed exactly once in the database.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/log/index.ts';

/** Signatures whose timestamp is further than this from now are refused (replays older than this, clock skew). */
export const MAX_SIGNATURE_AGE_S = 300;
/** Interactions are small; anything bigger is not from Discord. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long the HTTP request stays open for the REST callback to go out first (Discord's window is 3 s). */
const HOLD_MS = 2500;
/** The DER header that turns a raw 32-byte Ed25519 key into SubjectPublicKeyInfo (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Discord's scheme: Ed25519 over timestamp + raw body, the timestamp (seconds) recent. */
export function verifyDiscordSignature(key: KeyObject, signatureHex: unknown, timestamp: unknown, body: Buffer, nowMs = Date.now()): boolean {
  if (typeof signatureHex !== 'string' || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
}

export interface InteractionsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface InteractionsServerOptions {
  port: number;
  host?: string;
  publicKeyHex: string;
  logger: Logger;
  /** Handles one verified interaction (never a PING); resolves when it was handled. */
  onInteraction(payload: Record<string, unknown>): Promise<void>;
}

export async function startInteractionsServer(options: InteractionsServerOptions): Promise<InteractionsServer> {
  const key = publicKeyFromHex(options.publicKeyHex);
  const log = options.logger.child({ component: 'http-interactions' });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'interaction request failed');
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/interactions') return void (await drain(req), reply(res, 404, { error: 'not found' }));
    if (req.method !== 'POST') return void (await drain(req), reply(res, 405, { error: 'method not allowed' }));
    const body = await readBody(req);
    if (!body) return reply(res, 413, { error: 'body too large' });
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (!verifyDiscordSignature(key, signature, timestamp, body)) return reply(res, 401, { error: 'invalid request signature' });
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'body is not JSON' });
    }
    if (typeof payload !== 'object' || payload === null || typeof (payload as { type?: unknown }).type !== 'number') {
      return reply(res, 400, { error: 'not an interaction' });
    }
    const interaction = payload as Record<string, unknown>;
    if (interaction.type === 1) return reply(res, 200, { type: 1 }); // PING → PONG
    // The answer goes out through the REST callback, as in gateway mode; Discord's request is closed with
    // 202 once the interaction was handled (or HOLD_MS passed, for slow deferred work).
    const handled = options.onInteraction(interaction).catch((error: unknown) => log.error({ err: error }, 'interaction handler failed'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([handled, new Promise<void>((resolve) => (timer = setTimeout(resolve, HOLD_MS)))]);
    clearTimeout(timer);
    reply(res, 202, undefined);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  log.info({ port }, 'serving interactions over HTTP');
  return {
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/interactions`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from Discord (or a load balancer) would hold the close open.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), HOLD_MS).unref();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
