/** The discord.js client as the bot uses it everywhere: Guilds intent only, no mention ever parsed, lean REST transport. */
import { Client, GatewayIntentBits, Options } from 'discord.js';
import { makeRequest } from './rest-transport.ts';

/**
 * The gateway shards this process runs: `auto` takes Discord's recommended count (GET /gateway/bot) and runs
 * all of them; a count runs `ids` (default: all). discord.js runs them all on this one client ("internal
 * sharding"); see the README for why not a ShardingManager.
 */
export type Sharding = 'auto' | { count: number; ids?: readonly number[] };

export interface ClientOptions {
  sharding?: Sharding | undefined;
  /**
   * discord.js's own global limiter (default 50, Discord's limit). Together with its per-bucket queues (fed by
   * the X-RateLimit headers, and 429s' retry_after) it is the bot's one rate limiter.
   */
  globalRequestsPerSecond?: number | undefined;
}

export function createClient(apiUrl: string, options: ClientOptions = {}): Client {
  const { sharding } = options;
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...shardOptions(sharding),
    // Safe by default: whatever a message says (@everyone, <@id>, <@&role>), nobody is pinged.
    allowedMentions: { parse: [], repliedUser: false },
    // See rest-transport.ts: the same HTTP requests, without the default's cost at every minor GC.
    rest: { api: apiUrl, makeRequest, ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}) },
    jsonTransformer: snakeCaseJson,
  });
}

function shardOptions(sharding: Sharding | undefined): { shards?: 'auto' | number[]; shardCount?: number } {
  if (sharding === undefined) return {};
  if (sharding === 'auto') return { shards: 'auto' };
  return { shards: [...(sharding.ids ?? Array.from({ length: sharding.count }, (_, id) => id))], shardCount: sharding.count };
}

const defaultTransformer = Options.createDefault().jsonTransformer as (value: unknown) => unknown;
/** Keys that snake-casing leaves unchanged: lowercase ASCII words joined by single underscores. */
const SNAKE_KEY = /^[a-z]+(?:_[a-z]+)*$/;

/**
 * discord.js's outgoing-JSON transformer (camelCase keys → snake_case), with a shortcut for the objects the
 * bot sends most: autocomplete choices `{ name, value }` and other flat objects whose keys are already
 * snake_case. Those are copied as they are; anything else goes to discord.js's own transformer, so the
 * output is always the same as discord.js's (tests/bot/client.test.ts compares them). The default runs a
 * word-splitting regular expression per key, which is most of the cost of answering 25 choices.
 */
export function snakeCaseJson(value: unknown): unknown {
  if (Array.isArray(value) && !('toJSON' in value)) return value.map(snakeCaseJson);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return defaultTransformer(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (key === 'emoji' || !SNAKE_KEY.test(key) || (typeof field === 'object' && field !== null)) {
      return defaultTransformer(value);
    }
    out[key] = field;
  }
  return out;
}
