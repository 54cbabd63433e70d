/**
 * Configuration from the environment (and an optional .env file), validated once at startup.
 * Each missing or malformed value is reported on its own line, never as a stack trace.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { z } from 'zod';

export const DEFAULT_DATABASE_PATH = 'var/study-tutor.sqlite';
/** The playground's own file: trying the bot locally never writes into the real bot's database. */
export const PLAYGROUND_DATABASE_PATH = 'var/playground.sqlite';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
/** SHARD_COUNT has at most 6 digits; a shard id at or above this cannot fit any count. */
const MAX_SHARDS = 1_000_000;

const schema = z.object({
  DISCORD_TOKEN: z
    .string()
    .trim()
    .min(50, 'looks too short to be a bot token')
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'is not shaped like a bot token (three dot-separated parts)')
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://discord.com/api'),
  /** Requests per second the bot allows itself (Discord's global limit: 50; raise it only if Discord raised yours). */
  DISCORD_GLOBAL_RATE_LIMIT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive').default(50),
  DATABASE_PATH: z.string().trim().min(1).default(DEFAULT_DATABASE_PATH),
  // PostgreSQL instead of the SQLite file: several bot instances (hosts) sharing one database.
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(?:ql)?:\/\/\S+$/i, 'must be a postgres:// URL (leave it unset for the SQLite file of DATABASE_PATH)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NOTES_DIR: z.string().trim().min(1).default('data/notes'),
  QUESTIONS_DIR: z.string().trim().min(1).default('data/questions'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Gateway sharding: a count, or `auto` for Discord's recommendation (GET /gateway/bot).
  SHARD_COUNT: z
    .string()
    .trim()
    // At most 6 digits: below MAX_SHARDS.
    .regex(/^(auto|[1-9]\d{0,5})$/, 'must be a positive integer or "auto"')
    .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
    .optional(),
  // The shards this process runs, e.g. `0,1` or `0-3`; all of SHARD_COUNT when unset.
  SHARD_IDS: z
    .string()
    .trim()
    .regex(/^\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*$/, 'must be shard ids like "0,1" or "0-3"')
    // Checked before shardIds expands the ranges: "0-9999999999" would otherwise build a huge set and hang.
    .refine((text) => (text.match(/\d+/g) ?? []).every((id) => Number(id) < MAX_SHARDS), {
      error: `must name shards below ${MAX_SHARDS} (SHARD_COUNT is at most ${MAX_SHARDS - 1})`,
      abort: true,
    })
    .transform(shardIds)
    .optional(),
  // HTTP interactions mode: the port of POST /interactions, and the application's Ed25519 public key.
  INTERACTIONS_PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number (1 to 65535)')
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65535, 'must be a port number (1 to 65535)')
    .optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the application\'s public key (64 hexadecimal characters)')
    .transform((hex) => hex.toLowerCase())
    .optional(),
  // Who runs the daily-quiz scheduler: `auto` elects one process through a lease in the database.
  SCHEDULER: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }).default('auto'),
});

/** `0,2` or `0-3` → sorted distinct ids. */
function shardIds(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to = from] = part.trim().split('-').map(Number) as [number, number?];
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One problem, one line (what a person reads at a failed start); several, one line each.
    super(problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` (if present) without overriding variables already set, then validates. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // Empty strings in .env mean "not set", as people expect from `DISCORD_TOKEN=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const config = parsed.data;
  if (config.DISCORD_TOKEN && !config.DISCORD_CLIENT_ID) {
    throw new ConfigError(['DISCORD_CLIENT_ID is required when DISCORD_TOKEN is set (the application id, to register commands)']);
  }
  const problem = combinationProblem(config);
  if (problem) throw new ConfigError([problem]);
  return config;
}

/** The playground's configuration: its own database file unless DATABASE_PATH or DATABASE_URL was set. */
export function playgroundConfig(config: Config, env: NodeJS.ProcessEnv = process.env): Config {
  return env.DATABASE_PATH?.trim() || config.DATABASE_URL ? config : { ...config, DATABASE_PATH: PLAYGROUND_DATABASE_PATH };
}

/** Where the bot keeps its data: DATABASE_URL (PostgreSQL) when set, else the SQLite file of DATABASE_PATH. */
export function databaseTarget(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH'>): string {
  return config.DATABASE_URL ?? config.DATABASE_PATH;
}

function folderProblem(path: string): string | null {
  try {
    if (!statSync(path).isDirectory()) return 'is a file, not a folder';
    accessSync(path, constants.R_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'does not exist';
    if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
    return `cannot be read (${code ?? (error as Error).message})`;
  }
}

/** The folders the bot reads at startup must exist: a missing one is named with its variable, not as a bare ENOENT. */
export function checkConfigFolders(config: Pick<Config, 'NOTES_DIR' | 'QUESTIONS_DIR'>): void {
  const problems = (['NOTES_DIR', 'QUESTIONS_DIR'] as const).flatMap((name) => {
    const problem = folderProblem(config[name]);
    return problem ? [`${name}=${config[name]}: ${problem}`] : [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Rules between variables, each reported on one line naming the variable at fault. */
function combinationProblem(config: Config): string | undefined {
  if (config.SHARD_IDS) {
    if (config.SHARD_IDS.length === 0) return 'SHARD_IDS names no shard (write a range low to high, e.g. "0-3")';
    if (config.SHARD_COUNT === undefined) return 'SHARD_IDS needs SHARD_COUNT (how many shards there are in all)';
    if (config.SHARD_COUNT === 'auto') return 'SHARD_IDS needs a numeric SHARD_COUNT, not "auto" (ids depend on the count)';
    const count = config.SHARD_COUNT;
    const outside = config.SHARD_IDS.find((id) => id >= count);
    if (outside !== undefined) return `SHARD_IDS has shard ${outside}, but SHARD_COUNT is ${count} (ids go from 0 to ${count - 1})`;
  }
  if (config.INTERACTIONS_PORT !== undefined) {
    if (!config.DISCORD_PUBLIC_KEY) return 'DISCORD_PUBLIC_KEY is required with INTERACTIONS_PORT (to verify the signature of each interaction)';
    if (config.SHARD_COUNT !== undefined) return 'SHARD_COUNT has no meaning with INTERACTIONS_PORT (HTTP interactions mode opens no gateway connection)';
  }
  return undefined;
}
