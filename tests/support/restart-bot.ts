/**
 * Stops a bot as a crash or a deploy would, and starts another on the same database file, local Discord and
 * clock as the harness. The new bot and services are closed by the returned `close`, which the test registers.
 */
import { allCommands } from '../../commands/index.ts';
import { startBot, type RunningBot } from '../../bot/bot.ts';
import { LOCAL_BOT_TOKEN } from '../../bot/local.ts';
import { loadServices, type BotServices } from '../../bot/services.ts';
import { createLogger } from '../../src/log/index.ts';
import type { BotHarness } from './bot-harness.ts';

export interface RestartedBot {
  bot: RunningBot;
  services: BotServices;
  close(): Promise<void>;
}

export async function restartBot(h: BotHarness, current: { bot: RunningBot; services: BotServices }): Promise<RestartedBot> {
  await current.bot.stop();
  await current.services.close();
  const services = await loadServices(h.services.config, createLogger({ level: process.env.E2E_LOG ?? 'silent' }), { now: () => h.clock.now });
  const bot = await startBot(allCommands, services, { token: LOCAL_BOT_TOKEN, loginTimeoutMs: 10_000, scheduler: false });
  return {
    bot,
    services,
    async close() {
      await bot.stop();
      await services.close();
    },
  };
}
