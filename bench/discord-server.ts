/**
 * The local Discord of the round-trip bench, in a child process of its own so the bot's process holds only the
 * bot, as in production where Discord is another machine. Controlled over IPC by bench/discord.ts:
 *
 *   parent → { op: 'setup', id, token, commands }          child → { id, ok, restUrl, channelId, userId }
 *   parent → { op: 'run', id, iterations, steps }           child → { id, ok, samples: { [step]: Hops[] } }
 *   parent → { op: 'sessions', id, count }                  child → { id, ok } once `count` gateway sessions are open
 *   parent → { op: 'close', id }                            child → { id, ok }, then exits
 *
 * and for the rate-limit bench (bench/schedule-ratelimit.ts), instead of 'setup':
 *   parent → { op: 'channels', id, token, channels, globalPerSecond }   child → { id, ok, restUrl, channelIds }
 *            a local Discord enforcing Discord's rate limits (that global limit, the default route buckets)
 *            with `channels` text channels in guilds of 500 (Discord's cap per guild)
 *   parent → { op: 'deliveries', id }   child → { id, ok, deliveries } the bot's messages counted per channel
 *
 * Every time is taken here, on this process's clock: when the INTERACTION_CREATE frame has been handed to the
 * gateway socket, when the bot's callback request arrives, and when the callback has been read, validated and
 * accepted. Interactions are sent one at a time, GAP_MS apart (users do not type back to back; and the bot's work
 * after answering one is not counted in the next). Started with --expose-gc and a fixed 16 MB young generation,
 * so this process collects its garbage between interactions, never inside a timed window.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { startLocalDiscord, type InteractionHandle, type LocalDiscord } from '../localdiscord/index.ts';

export interface BenchStep {
  /** Label of the samples. */
  label: string;
  kind: 'slash' | 'autocomplete';
  command: string;
  option: string;
  /** Iteration i uses values[i % values.length]. */
  values: string[];
}

/** One interaction, in ms on the server's clock. */
export interface Hops {
  /** INTERACTION_CREATE handed to the socket → the bot's callback request arrives (both network hops and the bot). */
  bot: number;
  /** Callback request arrives → read, validated and accepted by the local Discord. */
  server: number;
}

export type ServerRequest =
  | { op: 'setup'; id: number; token: string; commands: unknown[] }
  | { op: 'run'; id: number; iterations: number; steps: BenchStep[] }
  | { op: 'sessions'; id: number; count: number }
  | { op: 'close'; id: number }
  | { op: 'channels'; id: number; token: string; channels: number; globalPerSecond: number }
  | { op: 'deliveries'; id: number };

/** What the local Discord saw of the bot's channel messages during the rate-limit bench. */
export interface Deliveries {
  /** Channels holding exactly one message, more than one (duplicates), none (lost). */
  once: number;
  duplicated: number;
  missing: number;
  messages: number;
  /** Server clock (Date.now) of the first and last message created. */
  firstAt: number;
  lastAt: number;
  /** Requests counted against the global limit, and the 429s answered. */
  counted: number;
  globalLimited: number;
  routeLimited: number;
}

let server: LocalDiscord | undefined;
let channelId = '';
let userId = '';
let sentAt = 0;
let arrivedAt = 0;
let acceptedAt = 0;

// "Sent" is when the gateway has handed the INTERACTION_CREATE frame to the socket (ws writes synchronously).
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, ...args: Parameters<WebSocket['send']>) {
  send.apply(this, args);
  if (typeof args[0] === 'string' && args[0].startsWith('{"op":0,"t":"INTERACTION_CREATE"')) sentAt = performance.now();
} as WebSocket['send'];
diagnostics.subscribe('http.server.request.start', (message) => {
  const url = (message as { request: IncomingMessage }).request.url ?? '';
  if (url.includes('/callback')) arrivedAt = performance.now();
});

async function setup(token: string, commands: unknown[]) {
  // The log of REST calls is not needed here; a short one keeps this process's heap flat.
  server = await startLocalDiscord({ token, requestLogLimit: 16 });
  const guild = server.createGuild({ name: 'bench', preferredLocale: 'pt-BR' });
  const user = server.addMember(guild.id, { username: 'aluna', locale: 'pt-BR' });
  server.registerCommands(guild.id, commands);
  server.on('interactionResponse', () => {
    acceptedAt = performance.now();
  });
  channelId = guild.defaultChannelId;
  userId = user.id;
  return { restUrl: server.restUrl, channelId, userId };
}

/** Between two interactions: the bot finishes what follows its answer before the next one is sent. */
const GAP_MS = 2;
/** This process collects its young generation every this many interactions, and everything every FULL_EVERY, between them. */
const COLLECT_EVERY = 16;
const FULL_EVERY = 256;
const collect = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

async function run(iterations: number, steps: BenchStep[]) {
  const local = server!;
  const samples: Record<string, Hops[]> = Object.fromEntries(steps.map((step) => [step.label, []]));
  // The local Discord's own garbage collections are kept out of the timed windows (a pause here while the bot
  // works would be counted as the bot's): a full one now, then minor and full ones between interactions.
  collect?.();
  let done = 0;
  for (let i = 0; i < iterations; i++) {
    for (const step of steps) {
      sentAt = arrivedAt = acceptedAt = 0;
      const action = { channelId, user: userId, name: step.command, options: { [step.option]: step.values[i % step.values.length]! } };
      const handle: InteractionHandle =
        step.kind === 'slash' ? local.runSlashCommand(action) : local.startAutocomplete({ ...action, focused: step.option });
      await handle.response;
      if (!sentAt || !arrivedAt || !acceptedAt) throw new Error(`missing timestamps for ${step.label}`);
      samples[step.label]!.push({ bot: arrivedAt - sentAt, server: acceptedAt - arrivedAt });
      done++;
      if (done % FULL_EVERY === 0) collect?.();
      else if (done % COLLECT_EVERY === 0) collect?.({ type: 'minor' });
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
  }
  return { samples };
}

const CHANNELS_PER_GUILD = 500;
let benchChannels: string[] = [];
const perChannel = new Map<string, number>();
let firstAt = 0;
let lastAt = 0;

async function channels(token: string, count: number, globalPerSecond: number) {
  server = await startLocalDiscord({ token, requestLogLimit: 16, rateLimits: { globalPerSecond } });
  benchChannels = [];
  for (let g = 0; benchChannels.length < count; g++) {
    const guild = server.createGuild({ name: `bench ${g}`, preferredLocale: 'pt-BR' });
    benchChannels.push(guild.defaultChannelId);
    while (benchChannels.length < count && benchChannels.length % CHANNELS_PER_GUILD !== 0) {
      benchChannels.push(server.createChannel(guild.id, { name: `quiz-${benchChannels.length}` }).id);
    }
  }
  server.on('message', (message) => {
    perChannel.set(message.channel_id, (perChannel.get(message.channel_id) ?? 0) + 1);
    lastAt = Date.now();
    firstAt ||= lastAt;
  });
  return { restUrl: server.restUrl, channelIds: benchChannels };
}

function deliveries(): { deliveries: Deliveries } {
  let once = 0;
  let duplicated = 0;
  let messages = 0;
  for (const channelId of benchChannels) {
    const n = perChannel.get(channelId) ?? 0;
    messages += n;
    if (n === 1) once++;
    else if (n > 1) duplicated++;
  }
  const stats = server!.rateLimitStats();
  return { deliveries: { once, duplicated, missing: benchChannels.length - once - duplicated, messages, firstAt, lastAt, ...stats } };
}

async function handle(request: ServerRequest): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'channels':
      return channels(request.token, request.channels, request.globalPerSecond);
    case 'deliveries':
      return deliveries();
    case 'setup':
      return setup(request.token, request.commands);
    case 'run':
      return run(request.iterations, request.steps);
    case 'sessions':
      await server!.waitFor(() => server!.connectedSessions === request.count, 10_000, `${request.count} gateway session(s)`);
      return {};
    case 'close':
      await server?.close();
      server = undefined;
      return {};
  }
}

if (!process.send) {
  process.stderr.write('bench/discord-server.ts runs as a child of bench/discord.ts\n');
  process.exit(2);
}
process.on('message', (request: ServerRequest) => {
  handle(request).then(
    (result) => {
      process.send!({ id: request.id, ok: true, ...result }, () => {
        if (request.op === 'close') process.disconnect();
      });
    },
    (error: unknown) => process.send!({ id: request.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
// The parent went away (finished, or killed): nothing left to serve.
process.on('disconnect', () => process.exit(0));
