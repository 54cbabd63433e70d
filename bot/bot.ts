/**
 * A running bot: the discord.js client, the dispatcher and the quiz scheduler, with a clean stop.
 * Login is bounded in time, so a rejected token or an unreachable Discord ends with an error, never a hang.
 * The slash commands come from the entry point (commands/ builds on bot/, not the other way round).
 */
import { Events, type Client } from 'discord.js';
import { createClient } from './client.ts';
import { createDispatcher } from './dispatcher.ts';
import { componentRoutes } from './routes.ts';
import { startQuizRunner, type QuizRunner } from './quiz/runner.ts';
import type { BotServices } from './services.ts';
import type { SlashCommand } from './types.ts';

export interface RunningBot {
  client: Client;
  /** The daily-quiz scheduler; `tick()` runs one pass now (the cron calls it every minute). */
  quiz: QuizRunner;
  /** Finishes in-flight interactions, stops the scheduler and disconnects. Does not close the database. */
  stop(): Promise<void>;
}

/** Stops the bot, then closes its services (flushing queued answers) even if the bot failed to stop. */
export async function stopBotAndServices(bot: RunningBot, services: { close(): Promise<void> }): Promise<void> {
  try {
    await bot.stop();
  } finally {
    await services.close();
  }
}

export class LoginError extends Error {
  override name = 'LoginError';
}

export async function startBot(
  commands: readonly SlashCommand[],
  services: BotServices,
  options: { token: string; loginTimeoutMs?: number; scheduler?: boolean },
): Promise<RunningBot> {
  const { logger } = services;
  const client = createClient(services.config.DISCORD_API_URL, { globalRequestsPerSecond: services.config.DISCORD_GLOBAL_RATE_LIMIT });
  const dispatch = createDispatcher(commands, componentRoutes, services);
  const inFlight = new Set<Promise<void>>();

  client.on(Events.InteractionCreate, (interaction) => {
    const work = dispatch(interaction).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const timeoutMs = options.loginTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoginError(`could not connect to Discord within ${timeoutMs / 1000} s (network or Discord unreachable)`)), timeoutMs);
  });
  try {
    await Promise.race([client.login(options.token).then(() => ready), timeout]);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    if (error instanceof LoginError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoginError(/token/i.test(reason) || /401/.test(reason) ? `Discord rejected the token: ${reason}` : `login failed: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  const quiz = startQuizRunner(client, services, { cron: options.scheduler !== false });

  return {
    client,
    quiz,
    async stop() {
      await quiz.stop();
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
