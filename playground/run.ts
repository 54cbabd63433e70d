/**
 * `npm start` without DISCORD_TOKEN: a local Discord (localdiscord/) with the study group's guild, the REAL bot
 * (bot/bot.ts, discord.js, the SQLite file at DATABASE_PATH, the scheduler on) connected to it, and a terminal
 * chat to use it as a member would. Interactive on a terminal; with piped input, handles the lines in order and
 * exits after the last reply: 0, or 1 when a line failed (an unknown command, a refused action, the bot's error). Ctrl+C, SIGTERM, Ctrl+D and `:sair` all shut down cleanly: bot, database, server.
 */
import { dirname, join } from 'node:path';
import type { Config } from '../src/config/index.ts';
import { createLogger } from '../src/log/index.ts';
import { startLocalDiscord } from '../localdiscord/index.ts';
import { complete, playgroundText, renderNotice, type PlaygroundText } from './index.ts';
import { startBot, type RunningBot } from '../bot/bot.ts';
import { loadServices, type BotServices } from '../bot/services.ts';
import type { SlashCommand } from '../bot/types.ts';
import { Console } from './io.ts';
import { Session } from './session.ts';
import { createWorld, GUILD_NAME, type PlaygroundWorld } from './world.ts';

/** The local server accepts this token; it is not a secret and works nowhere else. */
const LOCAL_TOKEN = 'LOCAL.playground.not-a-secret';
/** After the last piped line: wait until nothing new shows for this long (bounded), then leave. */
const FINAL_QUIET_MS = 300;
const FINAL_MAX_MS = 3000;

export async function runPlayground(config: Config, commands: readonly SlashCommand[]): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const width = terminalWidth();
  // The chat is on the terminal: logs go to stderr and stay quiet unless LOG_LEVEL asks for more.
  const logger = createLogger({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', name: 'playground' });
  const playDir = join(dirname(config.DATABASE_PATH), 'playground');
  const text = playgroundText('pt-BR');

  const phases: Record<string, number> = { imports: Math.round(performance.now()) };
  const phase = (name: string, since: number) => (phases[name] = Math.round(performance.now() - since));
  let t = performance.now();
  const server = await startLocalDiscord({ token: LOCAL_TOKEN, botUsername: 'Study Tutor' });
  let services: BotServices | undefined;
  let bot: RunningBot | undefined;
  let world: PlaygroundWorld;
  try {
    world = createWorld(server, commands.map((c) => c.data), (message) => logger.warn(message));
    phase('localDiscord', t);
    // On a terminal, say hello now: the notes, the search index and the login take a moment more.
    if (interactive) printWelcome(world, text, width, color);
    t = performance.now();
    services = await loadServices({ ...config, DISCORD_API_URL: server.restUrl }, logger);
    phase('services', t);
    t = performance.now();
    bot = await startBot(commands, services, { token: LOCAL_TOKEN, scheduler: true, loginTimeoutMs: 15_000 });
    phase('login', t);
  } catch (error) {
    await services?.close();
    await server.close();
    throw error;
  }
  const cpu = process.cpuUsage();
  logger.info({ ms: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000), phases }, 'playground ready');

  const io = new Console({
    interactive,
    input: process.stdin,
    output: process.stdout,
    historyFile: join(playDir, 'history'),
    completer: (line) => complete(line, world.commands()),
  });
  const session = new Session({ server, world, console: io, width, color, filesDir: playDir, echo: !interactive });

  // Piped: stdout is for the answers; one line on stderr says what this is, once it is ready.
  if (!interactive) process.stderr.write(`${text.pipedBanner(GUILD_NAME)}\n`);

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      session.close();
      io.close();
      await bot!.stop().catch((error: unknown) => logger.error({ err: error }, 'bot stop failed'));
      await services!.close();
      await server.close();
      logger.flush();
    })();
    return stopping;
  };
  // A second Ctrl+C while shutting down means "now".
  const onSignal = () => (stopping ? process.exit(130) : void shutdown());
  io.onInterrupt = onSignal;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `npm start | head`: the reader went away; stop quietly instead of dying on EPIPE.
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') logger.error({ err: error }, 'stdout failed');
    void shutdown();
  };
  process.stdout.on('error', onOutputError);
  const onResize = () => {
    session.width = terminalWidth();
  };
  if (process.stdout.isTTY) process.stdout.on('resize', onResize);

  try {
    await session.run();
    if (!interactive) {
      await session.quiet(FINAL_QUIET_MS, FINAL_MAX_MS);
      // Scripts piping commands in need to know when one failed.
      if (session.failures > 0) process.exitCode = 1;
    }
  } finally {
    if (interactive) process.stdout.write(`${text.bye}\n`);
    await shutdown();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('resize', onResize);
    // Nothing should be left running; if a stray handle remains, do not hang the terminal.
    process.stdin.destroy();
    setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
  }
}

/** The terminal's width (capped: very long lines are hard to read), or 80 when piped. */
function terminalWidth(): number {
  return process.stdout.isTTY ? Math.max(40, Math.min(process.stdout.columns || 80, 120)) : 80;
}

function printWelcome(world: PlaygroundWorld, text: PlaygroundText, width: number, color: boolean): void {
  const welcome = { guild: GUILD_NAME, channels: ['#geral', '#quiz'], user: world.users.you.name, commands: world.commands().map((c) => `/${c.name}`) };
  process.stdout.write(`${renderNotice(text.welcome(welcome).join('\n'), { width, color })}\n`);
  process.stdout.write(`${renderNotice(text.welcomeEnglish, { width, color }, { dim: true })}\n`);
}
