/**
 * Discord's REST rate limits (https://discord.com/developers/docs/topics/rate-limits), enforced when the server
 * is started with `rateLimits`:
 * - a global limit per bot token (Discord: 50 requests/s) over every request authenticated with the bot token;
 *   interaction endpoints (the callback and the interaction webhook authenticate with the interaction token)
 *   are not bound to it, as documented;
 * - per-route buckets keyed by the route and its top-level resource (channel, guild or webhook id), e.g. POST
 *   /channels/{id}/messages: 5 per 5 s per channel.
 * Every response of a bucketed route carries X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket; a 429
 * adds Retry-After and X-RateLimit-Scope (and X-RateLimit-Global for the global limit), with the documented
 * body `{ message, retry_after, global }`. A window opens at the first request after the previous one ended and
 * lasts its full length (Discord does not document its algorithm; this is the fixed window its headers
 * describe: a bucket "resets" at one instant). Rejected requests do not use up the bucket.
 */
import { createHash } from 'node:crypto';

export interface RouteBucketRule {
  method: string;
  /** A router pattern, e.g. `/channels/:channel/messages`. */
  pattern: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second per bot token across routes; omitted or 0: no global limit. */
  globalPerSecond?: number;
  /** Per-route buckets; omitted: DEFAULT_ROUTE_BUCKETS. */
  routes?: readonly RouteBucketRule[];
}

/** What bots commonly observe on Discord (the numbers are not documented and may change). */
export const DEFAULT_ROUTE_BUCKETS: readonly RouteBucketRule[] = [
  { method: 'POST', pattern: '/channels/:channel/messages', limit: 5, windowMs: 5000 },
  { method: 'PATCH', pattern: '/channels/:channel/messages/:message', limit: 5, windowMs: 5000 },
  { method: 'DELETE', pattern: '/channels/:channel/messages/:message', limit: 5, windowMs: 1000 },
];

/** Parameters that name a top-level resource: buckets are counted per value of the first one in the route. */
const TOP_LEVEL = ['channel', 'guild', 'webhook'];

interface Window {
  resetAt: number;
  used: number;
}

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Set when the request is refused with 429. */
  limited?: { body: { message: string; retry_after: number; global: boolean }; global: boolean };
}

export interface RateLimitStats {
  /** Requests counted against the global limit. */
  counted: number;
  /** 429s answered for the global limit and for route buckets. */
  globalLimited: number;
  routeLimited: number;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms) / 1000);

export class RateLimiter {
  readonly #global: number;
  readonly #rules: ReadonlyMap<string, RouteBucketRule & { hash: string }>;
  readonly #buckets = new Map<string, Window>();
  #globalWindow: Window = { resetAt: 0, used: 0 };
  readonly stats: RateLimitStats = { counted: 0, globalLimited: 0, routeLimited: 0 };

  constructor(options: RateLimitOptions) {
    this.#global = Math.max(0, options.globalPerSecond ?? 0);
    this.#rules = new Map(
      (options.routes ?? DEFAULT_ROUTE_BUCKETS).map((rule) => [
        `${rule.method} ${rule.pattern}`,
        { ...rule, hash: createHash('sha1').update(`${rule.method} ${rule.pattern}`).digest('hex').slice(0, 16) },
      ]),
    );
  }

  /**
   * Accounts one request to a matched route. `botToken`: it authenticated with the bot token (so the global
   * limit applies). Returns the headers to send and, when over a limit, the 429 to answer instead.
   */
  check(method: string, pattern: string, params: Record<string, string>, botToken: boolean, now = Date.now()): RateLimitVerdict {
    const headers: Record<string, string> = {};
    const rule = this.#rules.get(`${method} ${pattern}`);
    let bucket: Window | undefined;
    if (rule) {
      const major = TOP_LEVEL.map((name) => params[name]).find((value) => value !== undefined) ?? '';
      const key = `${rule.hash}:${major}`;
      bucket = this.#buckets.get(key);
      if (!bucket || bucket.resetAt <= now) {
        bucket = { resetAt: now + rule.windowMs, used: 0 };
        this.#buckets.set(key, bucket);
      }
      this.#sweep(now);
      const left = bucket.resetAt - now;
      headers['x-ratelimit-limit'] = String(rule.limit);
      headers['x-ratelimit-reset'] = String(seconds(bucket.resetAt));
      headers['x-ratelimit-reset-after'] = String(seconds(left));
      headers['x-ratelimit-bucket'] = rule.hash;
      if (bucket.used >= rule.limit) {
        headers['x-ratelimit-remaining'] = '0';
        headers['retry-after'] = String(Math.ceil(left / 1000));
        headers['x-ratelimit-scope'] = 'user';
        this.stats.routeLimited++;
        // Still a request made with the token: it uses the global window as the client's own count does.
        if (botToken && this.#global > 0) {
          this.stats.counted++;
          if (this.#globalWindow.resetAt <= now) this.#globalWindow = { resetAt: now + 1000, used: 0 };
          this.#globalWindow.used++;
        }
        return { headers, limited: { global: false, body: { message: 'You are being rate limited.', retry_after: seconds(left), global: false } } };
      }
    }
    if (botToken && this.#global > 0) {
      this.stats.counted++;
      if (this.#globalWindow.resetAt <= now) this.#globalWindow = { resetAt: now + 1000, used: 0 };
      if (this.#globalWindow.used >= this.#global) {
        const left = this.#globalWindow.resetAt - now;
        this.stats.globalLimited++;
        // Only the global headers, as in Discord's example of an exceeded global limit.
        return {
          headers: { 'retry-after': String(Math.ceil(left / 1000)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          limited: { global: true, body: { message: 'You are being rate limited.', retry_after: seconds(left), global: true } },
        };
      }
      this.#globalWindow.used++;
    }
    if (rule && bucket) {
      bucket.used++;
      headers['x-ratelimit-remaining'] = String(rule.limit - bucket.used);
    }
    return { headers };
  }

  #lastSweep = 0;
  /** Drops ended windows now and then, so a server that saw 100,000 channels does not keep 100,000 buckets. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 10_000) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#buckets) if (window.resetAt <= now) this.#buckets.delete(key);
  }
}
