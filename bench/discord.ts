/**
 * Discord round-trip bench: the real bot (discord.js client, dispatcher, /term handler) behind the local
 * Discord. For each interaction: from the server dispatching INTERACTION_CREATE over the gateway to the bot's
 * REST callback arriving. Baselines in the same run: a bare discord.js client that answers every interaction
 * with a constant (the floor set by the gateway + REST hops, with no bot logic), once with a one-choice
 * autocomplete answer and once with 25 fixed choices shaped like the bot's (so payload size is compared too).
 *
 * Run alone: `npx tsx bench/discord.ts [iterations]`. bench/main.ts calls `benchDiscord()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startLocalDiscord, type LocalDiscord } from '../src/localdiscord/index.ts';
import { startLocalStack } from '../bot/local.ts';
import { allCommands } from '../commands/index.ts';
import { percentiles, type Percentiles } from './stats.ts';

export interface DiscordBenchResult {
  iterations: number;
  slashCommandMs: Percentiles;
  autocompleteMs: Percentiles;
  baselineSlashMs: Percentiles;
  baselineAutocompleteMs: Percentiles;
  /** The bare client answering 25 fixed choices of the bot's size. */
  baselineAutocomplete25Ms: Percentiles;
  goals: { autocompleteP99Under5ms: boolean };
}

const QUERIES = ['hypervisor', 'xl list', 'paravirtualizacao', 'qemu img convert', '/etc/xen/xl.conf', 'virsh', 'libvirt', 'migracao', 'kvm', 'xentop'];
const PARTIALS = ['hyp', 'xl l', 'qemu-i', 'virs', 'paravirt', 'migr', '/etc/x', 'kvm_', 'open', 'cont'];

async function measure(server: LocalDiscord, channelId: string, userId: string, iterations: number) {
  const slash: number[] = [];
  const complete: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let started = performance.now();
    await server.runSlashCommand({ channelId, user: userId, name: 'term', options: { query: QUERIES[i % QUERIES.length]! } });
    slash.push(performance.now() - started);
    started = performance.now();
    await server.autocomplete({ channelId, user: userId, name: 'term', options: { query: PARTIALS[i % PARTIALS.length]! }, focused: 'query' });
    complete.push(performance.now() - started);
  }
  return { slash, complete };
}

async function baseline(iterations: number, choices: { name: string; value: string }[]) {
  const token = 'LOCAL.baseline.not-a-real-token';
  const server = await startLocalDiscord({ token });
  const guild = server.createGuild({ name: 'baseline' });
  const user = server.addMember(guild.id, { username: 'u' });
  server.registerCommands(guild.id, allCommands.map((command) => command.data));
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.restUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) void interaction.respond(choices);
    else if (interaction.isRepliable()) void interaction.reply({ content: 'ok' });
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  await ready;
  try {
    return await measure(server, guild.defaultChannelId, user.id, iterations);
  } finally {
    await client.destroy();
    await server.close();
  }
}

export async function benchDiscord(options: { iterations?: number; log?: (line: string) => void } = {}): Promise<DiscordBenchResult> {
  const iterations = options.iterations ?? 500;
  const log = options.log ?? ((line: string) => console.log(line));
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-bench-'));
  const stack = await startLocalStack({ config: { DATABASE_PATH: join(folder, 'bench.sqlite') }, logLevel: 'silent', scheduler: false });
  try {
    await measure(stack.server, stack.guild.defaultChannelId, stack.student.id, 50); // warm-up (JIT, caches)
    const bot = await measure(stack.server, stack.guild.defaultChannelId, stack.student.id, iterations);
    const oneChoice = [{ name: 'a', value: 'a' }];
    const botSized = stack.services.search.autocomplete('xl', { limit: 25 });
    await baseline(50, oneChoice);
    const floor = await baseline(iterations, oneChoice);
    const sized = await baseline(iterations, botSized);
    const result: DiscordBenchResult = {
      iterations,
      slashCommandMs: percentiles(bot.slash),
      autocompleteMs: percentiles(bot.complete),
      baselineSlashMs: percentiles(floor.slash),
      baselineAutocompleteMs: percentiles(floor.complete),
      baselineAutocomplete25Ms: percentiles(sized.complete),
      goals: { autocompleteP99Under5ms: percentiles(bot.complete).p99 < 5 },
    };
    log(`discord: ${iterations} round trips each (interaction dispatched → REST callback received), local Discord on loopback`);
    log(`discord: /term slash command   p50 ${result.slashCommandMs.p50} ms  p99 ${result.slashCommandMs.p99} ms`);
    log(`discord: /term autocomplete    p50 ${result.autocompleteMs.p50} ms  p99 ${result.autocompleteMs.p99} ms  (goal p99 < 5 ms: ${result.goals.autocompleteP99Under5ms ? 'met' : 'MISSED'})`);
    log(`discord: baseline (bare client replying a constant) slash p50 ${result.baselineSlashMs.p50} ms p99 ${result.baselineSlashMs.p99} ms, autocomplete p50 ${result.baselineAutocompleteMs.p50} ms p99 ${result.baselineAutocompleteMs.p99} ms`);
    log(`discord: baseline autocomplete with 25 fixed choices of the bot's size p50 ${result.baselineAutocomplete25Ms.p50} ms p99 ${result.baselineAutocomplete25Ms.p99} ms`);
    return result;
  } finally {
    await stack.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDiscord({ iterations: process.argv[2] ? Number(process.argv[2]) : undefined });
}
