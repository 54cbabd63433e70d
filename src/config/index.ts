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

const schema = z.object({
  DISCORD_TOKEN: z
    .string()
    .trim()
    .min(50, 'looks too short to be a bot token')
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'is not shaped like a bot token (three dot-separated parts)')
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://discord.com/api'),
  DATABASE_PATH: z.string().trim().min(1).default(DEFAULT_DATABASE_PATH),
  NOTES_DIR: z.string().trim().min(1).default('data/notes'),
  QUESTIONS_DIR: z.string().trim().min(1).default('data/questions'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
  return config;
}

/** The playground's configuration: its own database file unless DATABASE_PATH was set (environment or .env). */
export function playgroundConfig(config: Config, env: NodeJS.ProcessEnv = process.env): Config {
  return env.DATABASE_PATH?.trim() ? config : { ...config, DATABASE_PATH: PLAYGROUND_DATABASE_PATH };
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
