/**
 * A running bot: the discord.js client, the dispatcher and the quiz scheduler, with a clean stop.
 * Two ways to receive interactions, one dispatcher: the gateway (optionally sharded), or HTTP POSTs signed by
 * Discord (`http`), where no gateway connection is opened and the client only uses REST.
 * Login is bounded in time, so a rejected token or an unreachable Discord ends with an error, never a hang.
 * The slash commands come from the entry point (commands/ builds on bot/, not the other way round).
 */
import { Events, Routes, type Client } from 'discord.js';
import { createClient, type Sharding } from './client.ts';
import { createDispatcher } from './dispatcher.ts';
import { startInteractionsServer, type InteractionsServer } from './http-interactions.ts';
import { componentRoutes } from './routes.ts';
import { startElectedScheduler, type ElectedScheduler } from './quiz/elected.ts';
import { startQuizRunner, type QuizRunner } from './quiz/runner.ts';
import type { BotServices } from './services.ts';
import type { SlashCommand } from './types.ts';

export interface RunningBot {
  client: Client;
  /** The daily-quiz scheduler; `tick()` runs one pass now, whoever holds the election. */
  quiz: QuizRunner;
  /** Whether this instance runs the scheduler (SCHEDULER); its cron calls `tick()` every minute. */
  scheduler: ElectedScheduler;
  /** In HTTP interactions mode: the endpoint Discord POSTs to. */
  interactions: InteractionsServer | null;
  /** Finishes in-flight interactions, stops the scheduler and disconnects. Does not close the database. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  token: string;
  loginTimeoutMs?: number;
  /** false: no per-minute cron at all (tests drive `quiz.tick()` / `scheduler.tick()` themselves). */
  scheduler?: boolean;
  /** Gateway mode: the shards this process runs (default: discord.js's single shard). */
  sharding?: Sharding;
  /** HTTP interactions mode instead of the gateway. */
  http?: { port: number; host?: string; publicKeyHex: string };
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

/** The HTTP interactions port cannot be opened (in use, not permitted). */
export class ListenError extends Error {
  override name = 'ListenError';
}

export async function startBot(
  commands: readonly SlashCommand[],
  services: BotServices,
  options: StartBotOptions,
): Promise<RunningBot> {
  const { logger } = services;
  const client = createClient(services.config.DISCORD_API_URL, {
    sharding: options.http ? undefined : options.sharding,
    globalRequestsPerSecond: services.config.DISCORD_GLOBAL_RATE_LIMIT,
  });
  const dispatch = createDispatcher(commands, componentRoutes, services);
  const inFlight = new Set<Promise<void>>();
  /** The last interaction handed to the dispatcher, so HTTP mode can wait for the one it just built. */
  let lastWork: Promise<void> | null = null;

  client.on(Events.InteractionCreate, (interaction) => {
    const work = dispatch(interaction).finally(() => inFlight.delete(work));
    inFlight.add(work);
    lastWork = work;
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));

  const takeLastWork = () => {
    const work = lastWork;
    lastWork = null;
    return work;
  };
  const interactions = options.http ? await startHttpMode(client, options, options.http, services, takeLastWork) : null;
  if (!interactions) await loginToGateway(client, options, services);
  const quiz = startQuizRunner(client, services);
  const scheduler = startElectedScheduler(quiz, services, { mode: services.config.SCHEDULER, cron: options.scheduler !== false });

  return {
    client,
    quiz,
    scheduler,
    interactions,
    async stop() {
      await interactions?.close();
      await scheduler.stop();
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}

/**
 * Judged by the error's status or discord.js's code, never by its text: a refused connection to port 40123
 * once read as "401" and was reported as a bad token.
 */
function isTokenRejection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 401 || code === 'TokenInvalid';
}

async function loginToGateway(client: Client, options: StartBotOptions, services: BotServices): Promise<void> {
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
    throw new LoginError(isTokenRejection(error) ? `Discord rejected the token: ${reason}` : `login failed: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  services.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.options.shards }, 'bot ready');
}

/**
 * No gateway: the token is checked with one REST call (bounded like a login), then each verified POST is
 * turned into the interaction object discord.js builds from a gateway event (its InteractionCreate action,
 * which emits `interactionCreate`), so the dispatcher and every command run unchanged and answer through REST.
 */
async function startHttpMode(
  client: Client,
  options: StartBotOptions,
  http: NonNullable<StartBotOptions['http']>,
  services: BotServices,
  takeWork: () => Promise<void> | null,
): Promise<InteractionsServer> {
  client.token = options.token;
  client.rest.setToken(options.token);
  try {
    await client.rest.get(Routes.user('@me'), { signal: AbortSignal.timeout(options.loginTimeoutMs ?? 30_000) });
  } catch (error) {
    await client.destroy().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoginError(isTokenRejection(error) ? `Discord rejected the token: ${reason}` : `could not reach Discord: ${reason}`);
  }
  const actions = (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions;
  try {
    return await startInteractionsServer({
      port: http.port,
      host: http.host,
      publicKeyHex: http.publicKeyHex,
      logger: services.logger,
      onInteraction: async (payload) => {
        actions.InteractionCreate.handle(payload); // synchronous: the listener above has set the work it started
        await takeWork();
      },
    });
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw new ListenError(`cannot serve interactions on INTERACTIONS_PORT ${http.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
