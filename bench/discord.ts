/**
 * Discord round-trip bench: the real bot (discord.js client, dispatcher, /term handler) behind the local
 * Discord, which runs in a child process (bench/discord-server.ts) so the bot's process holds only the bot, as
 * in production. Each interaction is timed on the server's clock, from the INTERACTION_CREATE frame handed to
 * the gateway socket to the bot's REST callback arriving; the server's own reading and validating of the
 * callback is reported apart.
 *
 * Baselines in the same run, same setup (same child server, the client alone in this process): a bare
 * discord.js client answering every interaction with a constant — `ok` for slash commands, one autocomplete
 * choice, and 25 fixed choices shaped like the bot's (so payload size is told apart from bot work) — and the
 * 25 choices once more from a bare client built like the bot's (bot/client.ts), so the client's options are
 * told apart from the bot's logic.
 *
 * Run alone: `npx tsx bench/discord.ts [iterations]`. bench/main.ts calls `benchDiscord()`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createClient } from '../bot/client.ts';
import { LOCAL_BOT_TOKEN, startLocalBot } from '../bot/local.ts';
import { allCommands } from '../commands/index.ts';
import type { BenchStep, Hops, ServerRequest } from './discord-server.ts';
import { percentiles, type Percentiles } from './stats.ts';

export interface DiscordBenchResult {
  iterations: number;
  slashCommandMs: Percentiles;
  autocompleteMs: Percentiles;
  /** The local Discord reading, validating and accepting the bot's autocomplete callback (not part of the above). */
  serverAutocompleteMs: Percentiles;
  baselineSlashMs: Percentiles;
  baselineAutocompleteMs: Percentiles;
  /** The bare client answering 25 fixed choices of the bot's size. */
  baselineAutocomplete25Ms: Percentiles;
  /** The same, from a client built like the bot's (bot/client.ts). */
  baselineAutocomplete25BotClientMs: Percentiles;
  /** 1-minute load average before and after. */
  loadAverage: [number, number];
  goals: { autocompleteP99Under5ms: boolean };
}

const QUERIES = ['hypervisor', 'xl list', 'paravirtualizacao', 'qemu img convert', '/etc/xen/xl.conf', 'virsh', 'libvirt', 'migracao', 'kvm', 'xentop'];
const PARTIALS = ['hyp', 'xl l', 'qemu-i', 'virs', 'paravirt', 'migr', '/etc/x', 'kvm_', 'open', 'cont'];
const WARM_UP = 100;

const slash: BenchStep = { label: 'slash', kind: 'slash', command: 'term', option: 'query', values: QUERIES };
const complete: BenchStep = { label: 'autocomplete', kind: 'autocomplete', command: 'term', option: 'query', values: PARTIALS };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The child process running the local Discord, with a promise per IPC request. */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  #next = 0;

  constructor(execArgv = ['--import', 'tsx', '--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16']) {
    this.#child = fork(fileURLToPath(new URL('./discord-server.ts', import.meta.url)), [], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (message: { id: number; ok: boolean; error?: string }) => {
      const waiting = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) waiting?.resolve(message as unknown as Record<string, unknown>);
      else waiting?.reject(new Error(`local Discord child: ${message.error}`));
    });
    this.#child.on('exit', (code) => {
      for (const waiting of this.#pending.values()) waiting.reject(new Error(`local Discord child exited with ${code}`));
      this.#pending.clear();
    });
  }

  call<T = Record<string, unknown>>(request: WithoutId<ServerRequest>): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: Record<string, unknown>) => void, reject });
      this.#child.send({ ...request, id });
    });
  }

  async run(iterations: number, steps: BenchStep[]): Promise<Record<string, Hops[]>> {
    return (await this.call<{ samples: Record<string, Hops[]> }>({ op: 'run', iterations, steps })).samples;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.call({ op: 'close' }).catch(() => this.#child.kill());
    await exited;
  }
}

/**
 * A discord.js client with no bot logic: answers slash commands `ok` and autocomplete with `choices`. Stock
 * discord.js options, or the bot's own (`createClient`: its REST transport and JSON transformer).
 */
async function bareClient(restUrl: string, choices: { name: string; value: string }[], options: { likeTheBot?: boolean } = {}) {
  const client = options.likeTheBot ? createClient(restUrl) : new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: restUrl } });
  const state = { choices };
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) void interaction.respond(state.choices);
    else if (interaction.isRepliable()) void interaction.reply({ content: 'ok' });
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(LOCAL_BOT_TOKEN);
  await ready;
  return { state, close: () => client.destroy() };
}

const ms = (hops: Hops[], part: keyof Hops) => percentiles(hops.map((h) => h[part]));

export async function benchDiscord(options: { iterations?: number; log?: (line: string) => void } = {}): Promise<DiscordBenchResult> {
  const iterations = options.iterations ?? 1000;
  const log = options.log ?? ((line: string) => console.log(line));
  const loadBefore = loadavg()[0]!;
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-bench-'));
  const server = new ServerProcess();
  try {
    const { restUrl } = await server.call<{ restUrl: string }>({ op: 'setup', token: LOCAL_BOT_TOKEN, commands: allCommands.map((c) => c.data) });

    const bot = await startLocalBot(restUrl, { commands: allCommands, config: { DATABASE_PATH: join(folder, 'bench.sqlite') }, logLevel: 'silent', scheduler: false });
    let botRun: Record<string, Hops[]>;
    let botSized: { name: string; value: string }[];
    try {
      await server.run(WARM_UP, [slash, complete]); // JIT, caches, connection pools
      botRun = await server.run(iterations, [slash, complete]);
      botSized = bot.services.search.autocomplete('xl', { limit: 25 });
    } finally {
      await bot.close();
    }
    await server.call({ op: 'sessions', count: 0 });

    const bare = await bareClient(restUrl, [{ name: 'a', value: 'a' }]);
    let floor: Record<string, Hops[]>;
    let sized: Record<string, Hops[]>;
    try {
      await server.run(WARM_UP, [slash, complete]);
      floor = await server.run(iterations, [slash, complete]);
      bare.state.choices = botSized;
      await server.run(WARM_UP, [complete]);
      sized = await server.run(iterations, [complete]);
    } finally {
      await bare.close();
    }
    await server.call({ op: 'sessions', count: 0 });
    const bareLikeBot = await bareClient(restUrl, botSized, { likeTheBot: true });
    let sizedLikeBot: Record<string, Hops[]>;
    try {
      await server.run(WARM_UP, [complete]);
      sizedLikeBot = await server.run(iterations, [complete]);
    } finally {
      await bareLikeBot.close();
    }

    const result: DiscordBenchResult = {
      iterations,
      slashCommandMs: ms(botRun.slash!, 'bot'),
      autocompleteMs: ms(botRun.autocomplete!, 'bot'),
      serverAutocompleteMs: ms(botRun.autocomplete!, 'server'),
      baselineSlashMs: ms(floor.slash!, 'bot'),
      baselineAutocompleteMs: ms(floor.autocomplete!, 'bot'),
      baselineAutocomplete25Ms: ms(sized.autocomplete!, 'bot'),
      baselineAutocomplete25BotClientMs: ms(sizedLikeBot.autocomplete!, 'bot'),
      loadAverage: [loadBefore, loadavg()[0]!],
      goals: { autocompleteP99Under5ms: false },
    };
    result.goals.autocompleteP99Under5ms = result.autocompleteMs.p99 < 5;
    const line = (p: Percentiles) => `p50 ${p.p50} ms  p99 ${p.p99} ms`;
    log(`discord: ${iterations} round trips each after ${WARM_UP} warm-up; local Discord in a child process, bot alone in this one;`);
    log(`discord: timed on the server from INTERACTION_CREATE handed to the socket to the REST callback arriving (load average ${result.loadAverage.map((n) => n.toFixed(2)).join(' → ')})`);
    log(`discord: /term slash command   ${line(result.slashCommandMs)}`);
    log(`discord: /term autocomplete    ${line(result.autocompleteMs)}  (goal p99 < 5 ms: ${result.goals.autocompleteP99Under5ms ? 'met' : 'MISSED'})`);
    log(`discord: baseline, bare client replying ok              ${line(result.baselineSlashMs)}`);
    log(`discord: baseline, bare client, one autocomplete choice ${line(result.baselineAutocompleteMs)}`);
    log(`discord: baseline, bare client, 25 bot-sized choices    ${line(result.baselineAutocomplete25Ms)}`);
    log(`discord: the same from a client built like the bot's     ${line(result.baselineAutocomplete25BotClientMs)}`);
    log(`discord: (the local Discord then reads and validates the bot's 25 choices in ${line(result.serverAutocompleteMs)}, not counted above)`);
    return result;
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDiscord({ iterations: process.argv[2] ? Number(process.argv[2]) : undefined });
}
