/**
 * End-to-end harness: a local Discord, a guild with an admin and a student, and the REAL bot (bot/bot.ts, the
 * real discord.js client, a real SQLite file in a temp folder, the shipped notes and questions) connected to it.
 * Tests act as users through the server's control API and assert what the bot sent over REST.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIUser } from 'discord-api-types/v10';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log/index.ts';
import { startLocalDiscord, type LocalDiscord, type LocalDiscordOptions, type LocalGuild } from '../../src/localdiscord/index.ts';
import { startBot, type RunningBot } from '../../bot/bot.ts';
import { loadServices, type BotServices } from '../../bot/services.ts';
import { allCommands } from '../../commands/index.ts';

export const BOT_TOKEN = 'LOCAL.e2e-bot.token-not-a-secret';

export interface BotHarness {
  server: LocalDiscord;
  bot: RunningBot;
  services: BotServices;
  guild: LocalGuild;
  channelId: string;
  admin: APIUser;
  student: APIUser;
  /** Moves the bot's clock (the services' `now`). */
  clock: { now: number; set(ms: number): void; advance(ms: number): void };
  databasePath: string;
  close(): Promise<void>;
}

export interface BotHarnessOptions {
  server?: Partial<LocalDiscordOptions>;
  /** Start time of the bot's clock (default: the real now). */
  now?: number;
  /** Reuse a database file (for restart tests). */
  databasePath?: string;
  studentLocale?: string;
  /** Run the per-minute scheduler (tests usually call `bot.runner.tick()` themselves). */
  scheduler?: boolean;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const folder = options.databasePath ? null : mkdtempSync(join(tmpdir(), 'study-tutor-e2e-'));
  const databasePath = options.databasePath ?? join(folder!, 'bot.sqlite');
  const server = await startLocalDiscord({ token: BOT_TOKEN, ...options.server });
  const guild = server.createGuild({ name: 'Grupo LPI 304', preferredLocale: 'pt-BR' });
  const admin = server.addMember(guild.id, { username: 'admin', locale: 'pt-BR' }, { permissions: ['ManageGuild'] });
  const student = server.addMember(guild.id, { username: 'aluna', locale: options.studentLocale ?? 'pt-BR' });
  server.registerCommands(guild.id, allCommands.map((command) => command.data));

  const clock = {
    now: options.now ?? Date.now(),
    set(ms: number) {
      clock.now = ms;
    },
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const config = loadConfig({ DISCORD_API_URL: server.restUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' }, '/nonexistent');
  const services = await loadServices(config, createLogger({ level: process.env.E2E_LOG ?? 'silent' }), { now: () => clock.now });
  let bot: RunningBot;
  try {
    bot = await startBot(services, { token: BOT_TOKEN, loginTimeoutMs: 10_000, scheduler: options.scheduler ?? false });
  } catch (error) {
    services.close();
    await server.close();
    throw error;
  }
  return {
    server,
    bot,
    services,
    guild,
    channelId: guild.defaultChannelId,
    admin,
    student,
    clock,
    databasePath,
    async close() {
      await bot.stop();
      services.close();
      await server.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
