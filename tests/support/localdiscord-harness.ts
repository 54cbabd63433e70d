/**
 * Test harness for the local Discord server: starts a server and a real discord.js client logged in against it.
 * Always `await harness.close()` (or `closeAll()`) in afterEach: it destroys the client before the server so
 * nothing tries to reconnect and vitest can exit.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { startLocalDiscord, type LocalDiscord, type LocalDiscordOptions, type LocalGuild, type LocalMessage } from '../../localdiscord/index.ts';

export const TEST_TOKEN = 'LOCAL.test-bot.token-not-a-secret';

export async function startServer(options: Partial<LocalDiscordOptions> = {}): Promise<LocalDiscord> {
  return startLocalDiscord({ token: TEST_TOKEN, ...options });
}

/** A discord.js client aimed at the server; only the `rest.api` option differs from production. */
export function createClient(server: LocalDiscord, options: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { ...options.rest, api: server.restUrl },
  });
}

/** Logs in and resolves once discord.js emits `clientReady` (READY plus every GUILD_CREATE). */
export async function loginClient(client: Client, token: string = TEST_TOKEN): Promise<Client<true>> {
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  return ready;
}

export interface LocalDiscordHarness {
  server: LocalDiscord;
  client: Client<true>;
  guild: LocalGuild;
  /** The guild's default text channel. */
  channelId: string;
  /** A regular member of the guild. */
  user: APIUser;
  close(): Promise<void>;
}

export interface HarnessOptions {
  server?: Partial<LocalDiscordOptions>;
  client?: Partial<ClientOptions>;
  guild?: { name?: string; preferredLocale?: string };
  user?: { username?: string; locale?: string };
  /** Runs after the guild exists and before the client logs in (register commands, add channels...). */
  setup?: (server: LocalDiscord, guild: LocalGuild) => void | Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<LocalDiscordHarness> {
  const server = await startServer(options.server);
  const guild = server.createGuild({ name: options.guild?.name ?? 'Study group', preferredLocale: options.guild?.preferredLocale ?? 'pt-BR' });
  const user = server.addMember(guild.id, { username: options.user?.username ?? 'student', locale: options.user?.locale ?? 'pt-BR' });
  await options.setup?.(server, guild);
  const client = createClient(server, options.client);
  const close = async (): Promise<void> => {
    await client.destroy();
    await server.close();
  };
  try {
    const ready = await loginClient(client);
    return { server, client: ready, guild, channelId: guild.defaultChannelId, user, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A valid 1×1 PNG (for attachment tests). */
export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The custom ids of a message's components, row by row ('' for a link button, which has none). */
export const customIds = (message: LocalMessage): string[] =>
  (message.components ?? []).flatMap((row) => ('components' in row ? (row.components as { custom_id?: string }[]) : [])).map((c) => c.custom_id ?? '');
