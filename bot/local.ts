/**
 * The bot wired to a local Discord instead of discord.com: used by the playground, the end-to-end tests and
 * the round-trip benchmark. The bot is the real one (real discord.js client, real SQLite file); only its REST
 * base URL points at the local server.
 */
import type { APIUser } from 'discord-api-types/v10';
import { loadConfig, type Config } from '../src/config/index.ts';
import { createLogger } from '../src/log/index.ts';
import { startLocalDiscord, type LocalDiscord, type LocalDiscordOptions, type LocalGuild } from '../localdiscord/index.ts';
import { startBot, stopBotAndServices, type RunningBot, type StartBotOptions } from './bot.ts';
import { loadServices, type BotServices } from './services.ts';
import type { SlashCommand } from './types.ts';

/** Accepted by the local server only; it is no secret. */
export const LOCAL_BOT_TOKEN = 'LOCAL.study-tutor.not-a-real-token';

export interface LocalStack {
  server: LocalDiscord;
  guild: LocalGuild;
  /** A member with Manage Server. */
  admin: APIUser;
  /** A member without special permissions. */
  student: APIUser;
  services: BotServices;
  bot: RunningBot;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** The slash commands (commands/index.ts's allCommands): registered in the guild and served by the bot. */
  commands: readonly SlashCommand[];
  config?: Partial<Config>;
  server?: Partial<LocalDiscordOptions>;
  guildName?: string;
  adminName?: string;
  studentName?: string;
  studentLocale?: string;
  logLevel?: string;
  now?: () => number;
  scheduler?: boolean;
  /** Gateway shards, or HTTP interactions (the local Discord must then deliver to this bot's endpoint). */
  mode?: Pick<StartBotOptions, 'sharding' | 'http'>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const server = await startLocalDiscord({ token: LOCAL_BOT_TOKEN, ...options.server });
  const guild = server.createGuild({ name: options.guildName ?? 'Grupo de estudos LPI 304', preferredLocale: 'pt-BR' });
  const admin = server.addMember(guild.id, { username: options.adminName ?? 'admin', locale: 'pt-BR' }, { permissions: ['ManageGuild'] });
  const student = server.addMember(guild.id, { username: options.studentName ?? 'aluna', locale: options.studentLocale ?? 'pt-BR' });
  server.registerCommands(guild.id, options.commands.map((command) => command.data));

  try {
    const { services, bot, close } = await startLocalBot(server.restUrl, options);
    return {
      server,
      guild,
      admin,
      student,
      services,
      bot,
      async close() {
        try {
          await close();
        } finally {
          await server.close();
        }
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

export interface LocalBot {
  services: BotServices;
  bot: RunningBot;
  /** Stops the bot and closes its database. */
  close(): Promise<void>;
}

/**
 * Only the bot half: services and the real bot against a local Discord already running at `restUrl`
 * (possibly in another process, as the round-trip benchmark does), with the token `LOCAL_BOT_TOKEN`.
 */
export async function startLocalBot(restUrl: string, options: Pick<LocalStackOptions, 'commands' | 'config' | 'logLevel' | 'now' | 'scheduler' | 'mode'>): Promise<LocalBot> {
  let services: BotServices | undefined;
  try {
    const base = loadConfig({ ...stringValues(options.config), DISCORD_API_URL: restUrl }, '/nonexistent/.env');
    const config: Config = { ...base, DISCORD_TOKEN: undefined };
    services = await loadServices(config, createLogger({ level: options.logLevel ?? config.LOG_LEVEL }), { now: options.now });
    const bot = await startBot(options.commands, services, { token: LOCAL_BOT_TOKEN, loginTimeoutMs: 10_000, scheduler: options.scheduler ?? true, ...options.mode });
    const loaded = services;
    return {
      services: loaded,
      bot,
      close: () => stopBotAndServices(bot, loaded),
    };
  } catch (error) {
    await services?.close();
    throw error;
  }
}

/** The overrides as the environment would give them (numbers as text). */
function stringValues(config: Partial<Config> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config ?? {}).flatMap(([key, value]) => (typeof value === 'string' || typeof value === 'number' ? [[key, String(value)]] : [])),
  );
}
