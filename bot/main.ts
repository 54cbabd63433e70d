/**
 * `npm start`: with DISCORD_TOKEN, the bot on Discord; without, the playground (a local Discord, the real bot
 * connected to it, and a terminal chat). Configuration problems are printed plainly, with a non-zero exit.
 * An entry point: it hands the slash commands (commands/) to the bot, which never imports them itself.
 */
import { checkConfigFolders, ConfigError, loadConfig, playgroundConfig, type Config } from '../src/config/index.ts';
import { ExamDataError } from '../src/exam/index.ts';
import { createLogger } from '../src/log/index.ts';
import { NotesError } from '../src/notes/index.ts';
import { ErrataError, QuestionBankError } from '../src/questions/index.ts';
import { SynonymsError } from '../src/search/index.ts';
import { SchemaTooNewError } from '../src/storage/index.ts';
import { allCommands } from '../commands/index.ts';
import { loadServices } from './services.ts';
import { ListenError, LoginError, startBot, stopBotAndServices, type StartBotOptions } from './bot.ts';

async function runOnDiscord(config: Config & { DISCORD_TOKEN: string }): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL });
  const services = await loadServices(config, logger);
  let bot;
  try {
    bot = await startBot(allCommands, services, { token: config.DISCORD_TOKEN, ...connectionMode(config) });
  } catch (error) {
    await services.close();
    throw error;
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await stopBotAndServices(bot, services);
    logger.info('bye');
    logger.flush();
  };
  const onSignal = (signal: string) =>
    void stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      process.exitCode = 1;
    });
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}

/** SHARD_COUNT / SHARD_IDS for the gateway, or INTERACTIONS_PORT (with DISCORD_PUBLIC_KEY) for HTTP interactions. */
function connectionMode(config: Config): Pick<StartBotOptions, 'sharding' | 'http'> {
  if (config.INTERACTIONS_PORT !== undefined && config.DISCORD_PUBLIC_KEY) {
    return { http: { port: config.INTERACTIONS_PORT, publicKeyHex: config.DISCORD_PUBLIC_KEY } };
  }
  if (config.SHARD_COUNT === 'auto') return { sharding: 'auto' };
  if (config.SHARD_COUNT !== undefined) return { sharding: { count: config.SHARD_COUNT, ids: config.SHARD_IDS } };
  return {};
}

async function main(): Promise<void> {
  const config = loadConfig();
  checkConfigFolders(config);
  if (config.DISCORD_TOKEN) {
    await runOnDiscord({ ...config, DISCORD_TOKEN: config.DISCORD_TOKEN });
  } else {
    const { runPlayground } = await import('../playground/run.ts');
    await runPlayground(playgroundConfig(config), allCommands);
  }
}

/** Problems a person can fix (configuration, token, port, exam data, notes, errata, synonyms, questions, database version): their message says it all, no stack. */
const EXPLAINED = [ConfigError, LoginError, ListenError, ExamDataError, NotesError, ErrataError, SynonymsError, QuestionBankError, SchemaTooNewError];

main().catch((error: unknown) => {
  if (EXPLAINED.some((kind) => error instanceof kind)) process.stderr.write(`${(error as Error).message}\n`);
  else process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
