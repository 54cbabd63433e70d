/**
 * Interactions delivered by HTTP POST, as Discord does for an application with an Interactions Endpoint URL:
 * each payload signed with the application's Ed25519 key (`X-Signature-Ed25519` over timestamp + body,
 * `X-Signature-Timestamp` in seconds). Several URLs are taken in turn, like a load balancer in front of
 * several instances. Saving the URL is checked as Discord checks it: a signed PING must get PONG and a
 * wrongly signed request must get 401.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface DeliveryRecord {
  interactionId: string;
  url: string;
  /** The HTTP status, or 0 when the endpoint could not be reached. */
  status: number;
  body: unknown;
}

export class InteractionSigner {
  readonly #privateKey: KeyObject;
  /** The application's public key as the developer portal shows it: 64 hexadecimal characters. */
  readonly publicKeyHex: string;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.#privateKey = privateKey;
    // The raw key is the last 32 bytes of its SubjectPublicKeyInfo encoding.
    this.publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  }

  headers(body: string, timestamp = Math.floor(Date.now() / 1000).toString()): Record<string, string> {
    const signature = sign(null, Buffer.from(timestamp + body, 'utf8'), this.#privateKey).toString('hex');
    return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }
}

export class HttpDelivery {
  #next = 0;

  constructor(
    readonly signer: InteractionSigner,
    readonly urls: readonly string[],
  ) {}

  /** The next URL in turn (round robin). */
  nextUrl(): string {
    const url = this.urls[this.#next % this.urls.length]!;
    this.#next++;
    return url;
  }

  /** POSTs `payload` signed; resolves with the status and the parsed body (undefined when empty or not JSON). */
  async post(url: string, payload: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const text = JSON.stringify(payload);
    try {
      const response = await fetch(url, { method: 'POST', headers: headers ?? this.signer.headers(text), body: text, signal: AbortSignal.timeout(10_000) });
      const raw = await response.text();
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      return { status: response.status, body };
    } catch {
      return { status: 0, body: undefined };
    }
  }

  /** Discord's check when the URL is saved, for every URL: PONG to a signed PING, 401 to a bad signature. */
  async validate(applicationId: string): Promise<void> {
    for (const url of this.urls) {
      const ping = { id: '0', application_id: applicationId, type: 1, token: 'validation', version: 1 };
      const good = await this.post(url, ping);
      if (good.status !== 200 || (good.body as { type?: unknown } | undefined)?.type !== 1) {
        throw new Error(`interactions endpoint ${url} did not answer a signed PING with PONG (status ${good.status})`);
      }
      const text = JSON.stringify(ping);
      const forged = { ...this.signer.headers(text), 'x-signature-ed25519': '0'.repeat(128) };
      const bad = await this.post(url, ping, forged);
      if (bad.status !== 401) throw new Error(`interactions endpoint ${url} answered a bad signature with ${bad.status}, not 401`);
    }
  }
}
