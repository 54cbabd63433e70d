/**
 * End-to-end harness: the real bot connected to a local Discord (bot/local.ts) with a temp database on the test
 * engine (a SQLite file, or a PostgreSQL schema in the both-engine run: tests/support/temp-db.ts) and a clock the
 * test controls. Tests act as users through the server's control API and assert what the bot sent.
 */
import type { APIUser } from 'discord-api-types/v10';
import type { LocalDiscord, LocalDiscordOptions, LocalGuild } from '../../localdiscord/index.ts';
import type { RunningBot } from '../../bot/bot.ts';
import type { BotServices } from '../../bot/services.ts';
import type { Config } from '../../src/config/index.ts';
import { startLocalStack } from '../../bot/local.ts';
import { allCommands } from '../../commands/index.ts';
import { tempTarget } from './temp-db.ts';
import { isPostgresUrl } from '../../src/storage/index.ts';

export interface BotHarness {
  server: LocalDiscord;
  bot: RunningBot;
  services: BotServices;
  guild: LocalGuild;
  channelId: string;
  admin: APIUser;
  student: APIUser;
  /** The bot's clock (the services' `now`). */
  clock: { now: number; set(ms: number): void; advance(ms: number): void };
  /** The database's file path or PostgreSQL URL (give it to a restarted bot to keep its data). */
  databasePath: string;
  close(): Promise<void>;
}

export interface BotHarnessOptions {
  server?: Partial<LocalDiscordOptions>;
  /** Start time of the bot's clock (default: the real now). */
  now?: number;
  /** Reuse a database, file path or PostgreSQL URL (restart tests). */
  databasePath?: string;
  studentLocale?: string;
  /** Run the per-minute cron (tests usually call `bot.runner.tick()` themselves). */
  scheduler?: boolean;
  /** Configuration beyond the database path (e.g. DISCORD_GLOBAL_RATE_LIMIT). */
  config?: Partial<Config>;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const fresh = options.databasePath ? null : await tempTarget('bot');
  const databasePath = options.databasePath ?? fresh!.target;
  const clock = {
    now: options.now ?? Date.now(),
    set(ms: number) {
      clock.now = ms;
    },
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const stack = await startLocalStack({
    commands: allCommands,
    config: { ...options.config, ...databaseConfig(databasePath) },
    server: options.server,
    studentLocale: options.studentLocale,
    logLevel: process.env.E2E_LOG ?? 'silent',
    now: () => clock.now,
    scheduler: options.scheduler ?? false,
  });
  return {
    ...stack,
    channelId: stack.guild.defaultChannelId,
    clock,
    databasePath,
    async close() {
      await stack.close();
      await fresh?.remove();
    },
  };
}

/** The configuration naming a database: DATABASE_URL for a PostgreSQL URL, DATABASE_PATH for a file. */
export function databaseConfig(target: string): Pick<Config, 'DATABASE_PATH'> & Partial<Pick<Config, 'DATABASE_URL'>> {
  return isPostgresUrl(target) ? { DATABASE_PATH: 'unused.sqlite', DATABASE_URL: target } : { DATABASE_PATH: target };
}
