/**
 * Configuration from the environment (and an optional .env file), validated once at startup.
 * Each missing or malformed value is reported on its own line, never as a stack trace.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';

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
  /** Requests per second the bot allows itself (Discord's global limit: 50; raise it only if Discord raised yours). */
  DISCORD_GLOBAL_RATE_LIMIT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive').default(50),
  DATABASE_PATH: z.string().trim().min(1).default('var/study-tutor.sqlite'),
  NOTES_DIR: z.string().trim().min(1).default('data/notes'),
  QUESTIONS_DIR: z.string().trim().min(1).default('data/questions'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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
