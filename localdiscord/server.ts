/** `startLocalDiscord()`: the HTTP + WebSocket server and the control API used by tests and the playground. */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  ChannelType,
  GatewayDispatchEvents,
  type ApplicationFlags,
  type RoleFlags,
  InteractionResponseType,
  OverwriteType,
  type APIApplicationCommand,
  type APIApplicationCommandOptionChoice,
  type APIChannel,
  type APIGuild,
  type APIOverwrite,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { DiscordHttpError, Errors } from './errors.ts';
import { Gateway } from './gateway.ts';
import { parseBody, readRaw, sendError, sendJson } from './http.ts';
import { HttpDelivery, InteractionSigner, type DeliveryRecord } from './http-delivery.ts';
import type { CommandInvocation, InteractionContext, OptionValue } from './interaction-payloads.ts';
import { InteractionManager } from './interactions.ts';
import { MessageFactory, toLocalMessage } from './messages.ts';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, toPermissions, type PermissionsInput } from './permissions.ts';
import { RateLimiter, type RateLimitOptions, type RateLimitStats } from './rate-limits.ts';
import { CommandStore } from './rest-commands.ts';
import { buildRouter, type Route } from './rest.ts';
import { SnowflakeGenerator } from './snowflake.ts';
import { World, type ChannelRecord, type GuildRecord, type SupportedChannelType } from './state.ts';
import type { Router } from './http.ts';
import {
  UserActionError,
  type IdentifyRecord,
  type InteractionHandle,
  type InteractionResponse,
  type LocalMessage,
  type RequestLogEntry,
  type UserInput,
  type UserRef,
} from './types.ts';

export interface LocalDiscordOptions {
  /** The bot token the server accepts (`Authorization: Bot <token>`, IDENTIFY). */
  token: string;
  /** Application id; the bot user gets the same id, as for applications created nowadays. Random if omitted. */
  applicationId?: string;
  botUsername?: string;
  /** Time to send the initial interaction response (Discord: 3 s). */
  interactionTimeoutMs?: number;
  /** Lifetime of interaction tokens for follow-ups and `@original` (Discord: 15 min). */
  interactionTokenLifetimeMs?: number;
  /** How long `enforce_nonce` remembers a nonce (Discord: "the past few minutes"). */
  nonceWindowMs?: number;
  /** HELLO heartbeat_interval (Discord: 41250 ms). */
  heartbeatIntervalMs?: number;
  /** Privileged intents enabled "in the developer portal" (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT bits). */
  privilegedIntents?: number;
  /** How many REST calls `requests()` remembers, oldest dropped first (default 10,000), so a long session does not grow without bound. */
  requestLogLimit?: number;
  /**
   * GET /gateway/bot's recommended shard count; by default one per 1,000 guilds (at least 1), the ratio
   * Discord's recommendation follows (sharding becomes mandatory at 2,500 guilds per shard).
   */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` (Discord: 1 for most bots): shards identifying per 5 s. */
  maxConcurrency?: number;
  /** More guilds than this on one session closes it with 4011 Sharding required (Discord: 2,500). */
  maxGuildsPerShard?: number;
  /**
   * Discord's REST rate limits (rate-limits.ts): a global limit per bot token and per-route buckets, with
   * Discord's headers and 429s. Omitted (default): no limits and no rate-limit headers.
   */
  rateLimits?: RateLimitOptions;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface LocalGuild {
  id: string;
  name: string;
  preferredLocale: string;
  ownerId: string;
  /** The text channel created with the guild ("general"). */
  defaultChannelId: string;
  /** @everyone has the guild's id. */
  everyoneRoleId: string;
  /** The managed role holding the bot's permissions. */
  botRoleId: string;
}

export interface CreateGuildOptions {
  /** A fixed snowflake (the playground keeps the same guild across runs); generated when omitted. */
  id?: string;
  /** Fixed id of the default text channel. */
  defaultChannelId?: string;
  name: string;
  preferredLocale?: string;
  owner?: UserRef;
  botPermissions?: PermissionsInput;
  everyonePermissions?: PermissionsInput;
  defaultChannelName?: string;
}

export type ChannelKind = 'text' | 'category' | 'announcement' | 'voice';

export interface OverwriteInput {
  /** Role id (the guild id for @everyone) or user id. */
  id: string;
  type: 'role' | 'member';
  allow?: PermissionsInput;
  deny?: PermissionsInput;
}

export interface CreateChannelOptions {
  /** A fixed snowflake; generated when omitted. */
  id?: string;
  name: string;
  type?: ChannelKind;
  parentId?: string | null;
  topic?: string | null;
  position?: number;
  permissionOverwrites?: OverwriteInput[];
}

export interface MemberOptions {
  nick?: string | null;
  roles?: string[];
  /** Convenience: gives the member a personal role with these permissions. */
  permissions?: PermissionsInput;
}

interface ActionBase {
  user: UserRef;
  /** Client language of the user for this interaction (defaults to the user's locale, then en-US). */
  locale?: string;
}

export interface SlashCommandAction extends ActionBase {
  channelId: string;
  /** Optional; must match the channel's guild when given. */
  guildId?: string;
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Values by option name: strings, numbers, booleans; ids for user/channel/role/mentionable options. */
  options?: Record<string, OptionValue>;
}

export interface AutocompleteAction extends SlashCommandAction {
  /** Name of the option being typed; its current text is `options[focused]` (or ''). */
  focused: string;
}

export interface ButtonAction extends ActionBase {
  messageId: string;
  customId: string;
}

export interface SelectAction extends ButtonAction {
  values: string[];
}

export interface ModalAction {
  /** The interaction that answered with a modal (its handle or id). */
  interaction: InteractionHandle | string;
  /** Values by text input custom_id (string[] for selects inside labels). Omitted inputs keep their prefilled value. */
  values: Record<string, string | readonly string[]>;
  user?: UserRef;
  locale?: string;
}

const API_PREFIX = '/api/v10';

/** Events emitted by the server (all synchronous, after the state changed). */
export interface LocalDiscordEvents {
  /** A REST call was answered (also failed ones). */
  request: [entry: RequestLogEntry];
  /** The bot created a message (channel send, interaction reply, deferral, follow-up). */
  message: [message: LocalMessage];
  messageUpdate: [message: LocalMessage];
  messageDelete: [message: LocalMessage];
  /** An INTERACTION_CREATE was dispatched (raw payload). */
  interactionCreate: [payload: Record<string, unknown>];
  /** The bot acknowledged an interaction (message, deferral, update, autocomplete choices, modal). */
  interactionResponse: [event: { interactionId: string; response: InteractionResponse }];
  /** The bot did not acknowledge an interaction in time ("The application did not respond"). */
  interactionTimeout: [event: { id: string }];
  identify: [record: IdentifyRecord];
  /** Any of the above; `waitFor` listens to it. */
  change: [];
  /** A bug in the server itself (answered with 500). */
  internalError: [error: unknown];
}

export interface LocalDiscord {
  on<K extends keyof LocalDiscordEvents>(event: K, listener: (...args: LocalDiscordEvents[K]) => void): this;
  once<K extends keyof LocalDiscordEvents>(event: K, listener: (...args: LocalDiscordEvents[K]) => void): this;
  off<K extends keyof LocalDiscordEvents>(event: K, listener: (...args: LocalDiscordEvents[K]) => void): this;
}

export class LocalDiscord extends EventEmitter {
  readonly token: string;
  readonly applicationId: string;
  readonly interactionTimeoutMs: number;
  readonly #world: World;
  readonly #ids = new SnowflakeGenerator(1, process.pid);
  readonly #gateway: Gateway;
  readonly #interactions: InteractionManager;
  readonly #messages: MessageFactory;
  readonly #commands: CommandStore;
  readonly #router: Router<Route>;
  readonly #http: Server;
  readonly #sockets = new Set<Socket>();
  readonly #requests: RequestLogEntry[] = [];
  readonly #requestLogLimit: number;
  readonly #identifies: IdentifyRecord[] = [];
  readonly #signer = new InteractionSigner();
  #httpDelivery: HttpDelivery | null = null;
  readonly #deliveries: DeliveryRecord[] = [];
  readonly #waiters = new Set<(error: Error) => void>();
  readonly #rateLimiter: RateLimiter | null;
  readonly #lostResponses: Array<(request: { method: string; path: string }) => boolean> = [];
  #port = 0;
  #host: string;
  #closed = false;

  /** Use `startLocalDiscord()`. */
  constructor(options: LocalDiscordOptions) {
    super();
    this.setMaxListeners(0);
    if (!options.token) throw new TypeError('a token is required');
    this.token = options.token;
    this.#host = options.host ?? '127.0.0.1';
    this.applicationId = options.applicationId ?? this.#ids.next();
    this.interactionTimeoutMs = options.interactionTimeoutMs ?? 3000;
    const limit = options.requestLogLimit ?? 10_000;
    this.#requestLogLimit = Number.isNaN(limit) ? 10_000 : Math.max(0, Math.floor(limit)); // NaN would keep every request
    this.#world = new World(this.#ids, this.applicationId, this.applicationId);
    this.#rateLimiter = options.rateLimits ? new RateLimiter(options.rateLimits) : null;
    this.#world.users.set(this.applicationId, {
      locale: 'en-US',
      user: {
        id: this.applicationId,
        username: options.botUsername ?? 'Study Tutor',
        discriminator: '0000',
        global_name: null,
        avatar: null,
        bot: true,
        system: false,
        mfa_enabled: true,
        verified: true,
        flags: 0,
        public_flags: 0,
      } as unknown as APIUser,
    });
    const emit = (event: string, ...args: unknown[]) => void this.emit(event, ...args);
    this.#gateway = new Gateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      allowedPrivilegedIntents: options.privilegedIntents ?? 0,
      maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
      url: () => this.gatewayUrl,
      onIdentify: (record) => {
        this.#identifies.push(record);
        this.emit('identify', record);
        this.emit('change');
      },
      ready: ({ id, shard }) => {
        // Only this shard's guilds: (guild_id >> 22) % shard_count === shard_id.
        const own = [...this.#world.guilds.values()].filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(shard[1])) === shard[0]);
        return {
          ready: {
            v: 10,
            user: structuredClone(this.#world.botUser),
            guilds: own.map((g) => ({ id: g.id, unavailable: true })),
            session_id: id,
            resume_gateway_url: this.gatewayUrl,
            shard,
            application: { id: this.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
          },
          // Built lazily: a session closed with 4011 never needs them.
          guilds: () => own.map((g) => this.#world.guildCreatePayload(g)),
        };
      },
    });
    this.#messages = new MessageFactory(this.#world, () => this.baseUrl);
    this.#commands = new CommandStore(this.#world);
    this.#interactions = new InteractionManager({
      world: this.#world,
      gateway: this.#gateway,
      messages: this.#messages,
      timeoutMs: this.interactionTimeoutMs,
      tokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
      emit,
      listened: (event) => this.listenerCount(event) > 0,
      waitFor: (probe, timeoutMs, what) => this.waitFor(probe, timeoutMs, what),
      httpDelivery: () => this.#httpDelivery,
      recordDelivery: (record) => {
        this.#deliveries.push(record);
        if (this.#deliveries.length > this.#requestLogLimit) this.#deliveries.shift();
      },
    });
    this.#router = buildRouter({
      world: this.#world,
      interactions: this.#interactions,
      messages: this.#messages,
      commands: this.#commands,
      gatewayUrl: () => this.gatewayUrl,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      identifyCount: () => this.#identifies.length,
      sharding: () => ({
        shards: options.recommendedShards ?? Math.max(1, Math.ceil(this.#world.guilds.size / 1000)),
        maxConcurrency: options.maxConcurrency ?? 1,
      }),
      emit,
    });
    this.#http = createServer((req, res) => void this.#onRequest(req, res));
    this.#http.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#http.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/gateway' || path === '/gateway/') this.#gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, this.#host, () => {
        this.#http.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#http.address() as AddressInfo).port;
    return this;
  }

  get port(): number {
    return this.#port;
  }
  /** http://host:port — attachments are served under it. */
  get baseUrl(): string {
    return `http://${this.#host}:${this.#port}`;
  }
  /** Pass as discord.js `rest: { api }` (discord.js appends `/v10`). */
  get restUrl(): string {
    return `${this.baseUrl}/api`;
  }
  get gatewayUrl(): string {
    return `ws://${this.#host}:${this.#port}/gateway`;
  }
  get botUser(): APIUser {
    return structuredClone(this.#world.botUser);
  }
  /** Gateway sessions with an open socket. */
  get connectedSessions(): number {
    return this.#gateway.connectedSessions;
  }

  /** The application's Ed25519 public key (hex), what the bot needs as DISCORD_PUBLIC_KEY for HTTP interactions. */
  get publicKey(): string {
    return this.#signer.publicKeyHex;
  }

  /**
   * Sets the application's Interactions Endpoint URL: from now on interactions are signed and POSTed there
   * instead of the gateway (several URLs are used in turn, as a load balancer would). Checked first as
   * Discord checks it (PONG to a signed PING, 401 to a bad signature); rejects otherwise. `null` goes back
   * to the gateway.
   */
  async setInteractionsEndpoint(urls: string | readonly string[] | null): Promise<void> {
    if (urls === null) {
      this.#httpDelivery = null;
      return;
    }
    const list = typeof urls === 'string' ? [urls] : [...urls];
    if (list.length === 0) throw new UserActionError('at least one interactions endpoint URL is needed');
    const delivery = new HttpDelivery(this.#signer, list);
    await delivery.validate(this.applicationId);
    this.#httpDelivery = delivery;
  }

  /** Signed headers for `body`, as Discord would send them (for tests that POST to an endpoint themselves). */
  signInteraction(body: string, timestamp?: string): Record<string, string> {
    return this.#signer.headers(body, timestamp);
  }

  /** Interactions POSTed to the endpoint: which URL, and what it answered. */
  deliveries(): DeliveryRecord[] {
    return structuredClone(this.#deliveries);
  }

  // ================================================================ HTTP

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/attachments/')) {
      await readRaw(req).catch(() => undefined);
      this.#serveAttachment(url.pathname, res);
      return;
    }
    const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : null;
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const entry: RequestLogEntry = {
      at: Date.now(),
      method,
      path: path ?? url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorized,
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
    };
    let headers: Record<string, string> = {};
    try {
      const raw = await readRaw(req);
      if (path === null) throw Errors.notFound();
      const { handler, params } = this.#router.match(method, path);
      if (handler.auth && !authorized) throw Errors.unauthorized();
      const parsed = await parseBody(raw, req.headers['content-type'] ?? '');
      entry.body = parsed.body;
      entry.files = parsed.files;
      // Interaction endpoints authenticate with the interaction token: not bound to the bot's global limit.
      const verdict = this.#rateLimiter?.check(method, handler.pattern, params, handler.auth && authorized);
      headers = verdict?.headers ?? {};
      if (verdict?.limited) {
        entry.status = 429;
        entry.response = verdict.limited.body;
        sendJson(res, 429, verdict.limited.body, headers);
      } else {
        const result = handler.handle({ method, path, params, query: url.searchParams, body: parsed.body, files: parsed.files });
        entry.status = result.body === undefined ? 204 : result.status;
        entry.response = result.body;
        const lose = this.#lostResponses.findIndex((matches) => matches({ method, path }));
        if (lose >= 0) {
          this.#lostResponses.splice(lose, 1);
          res.socket?.destroy(); // handled, but the answer never reaches the bot
        } else sendJson(res, result.status, result.body, headers);
      }
    } catch (error) {
      if (!(error instanceof DiscordHttpError)) this.emit('internalError', error);
      const sent = sendError(res, error, headers);
      entry.status = sent.status;
      entry.response = sent.body;
    }
    this.#requests.push(entry);
    if (this.#requests.length > this.#requestLogLimit) this.#requests.splice(0, this.#requests.length - this.#requestLogLimit);
    this.emit('request', entry);
    this.emit('change');
  }

  #serveAttachment(pathname: string, res: ServerResponse): void {
    const [, , channelId, attachmentId] = pathname.split('/');
    const file = [...this.#world.messages.values()]
      .filter((m) => m.api.channel_id === channelId && !m.deleted)
      .flatMap((m) => m.files)
      .find((f) => f.attachmentId === attachmentId);
    if (!file) {
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.size });
    res.end(file.bytes);
  }

  // ================================================================ world setup

  createUser(input: UserInput): APIUser {
    const id = this.#userId(input);
    return structuredClone(this.#world.users.get(id)!.user);
  }

  #userId(ref: UserRef): string {
    if (typeof ref === 'string') {
      if (!this.#world.users.has(ref)) throw new UserActionError(`unknown user ${ref}`);
      return ref;
    }
    const id = ref.id ?? this.#ids.next();
    const existing = this.#world.users.get(id);
    if (existing) {
      if (ref.locale) existing.locale = ref.locale;
      return id;
    }
    this.#world.users.set(id, {
      locale: ref.locale ?? 'en-US',
      user: {
        id,
        username: ref.username,
        discriminator: '0',
        global_name: ref.globalName ?? null,
        avatar: null,
        bot: ref.bot ?? false,
        system: false,
        public_flags: 0,
        flags: 0,
      } as unknown as APIUser,
    });
    return id;
  }

  createGuild(options: CreateGuildOptions): LocalGuild {
    const world = this.#world;
    const id = this.#freshId(options.id);
    const now = new Date().toISOString();
    const ownerId = this.#userId(options.owner ?? { username: `owner-${id.slice(-6)}` });
    const botRoleId = this.#ids.next();
    const guild: GuildRecord = {
      id,
      name: options.name,
      ownerId,
      preferredLocale: options.preferredLocale ?? 'en-US',
      description: null,
      roles: new Map(),
      channelIds: [],
      members: new Map(),
      botRoleId,
      joinedAt: now,
      systemChannelId: null,
    };
    guild.roles.set(id, role(id, '@everyone', 0, toPermissions(options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS)));
    guild.roles.set(botRoleId, {
      ...role(botRoleId, world.botUser.username, 1, toPermissions(options.botPermissions ?? DEFAULT_BOT_PERMISSIONS)),
      managed: true,
      tags: { bot_id: world.botUserId },
    });
    guild.members.set(ownerId, { userId: ownerId, nick: null, roleIds: [], joinedAt: now });
    guild.members.set(world.botUserId, { userId: world.botUserId, nick: null, roleIds: [botRoleId], joinedAt: now });
    world.guilds.set(id, guild);
    const channel = this.#newChannel(guild, { id: options.defaultChannelId, name: options.defaultChannelName ?? 'general', type: 'text' });
    guild.systemChannelId = channel.id;
    this.#gateway.dispatch(GatewayDispatchEvents.GuildCreate, world.guildCreatePayload(guild), id);
    this.emit('change');
    return this.#guildInfo(guild);
  }

  /** A caller-chosen id must look like a snowflake and be unused; otherwise a new one is generated. */
  #freshId(wanted: string | undefined): string {
    if (wanted === undefined) return this.#ids.next();
    if (!/^\d{17,20}$/.test(wanted)) throw new UserActionError(`${wanted} is not a snowflake`);
    if (this.#world.guilds.has(wanted) || this.#world.channels.has(wanted)) throw new UserActionError(`id ${wanted} is already used`);
    return wanted;
  }

  #guildInfo(guild: GuildRecord): LocalGuild {
    return {
      id: guild.id,
      name: guild.name,
      preferredLocale: guild.preferredLocale,
      ownerId: guild.ownerId,
      defaultChannelId: guild.systemChannelId ?? guild.channelIds[0] ?? '',
      everyoneRoleId: guild.id,
      botRoleId: guild.botRoleId,
    };
  }

  guild(guildId: string): APIGuild {
    return this.#world.guildApi(this.#guild(guildId));
  }

  updateGuild(guildId: string, patch: { name?: string; preferredLocale?: string }): APIGuild {
    const guild = this.#guild(guildId);
    if (patch.name !== undefined) guild.name = patch.name;
    if (patch.preferredLocale !== undefined) guild.preferredLocale = patch.preferredLocale;
    const api = this.#world.guildApi(guild);
    this.#gateway.dispatch(GatewayDispatchEvents.GuildUpdate, api, guildId);
    this.emit('change');
    return api;
  }

  /** The bot is removed from the guild (GUILD_DELETE without `unavailable`). */
  removeGuild(guildId: string): void {
    const guild = this.#guild(guildId);
    for (const id of guild.channelIds) this.#world.channels.delete(id);
    this.#world.guilds.delete(guildId);
    this.#world.commands.delete(guildId);
    this.#gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId }, guildId);
    this.emit('change');
  }

  #guild(guildId: string): GuildRecord {
    const guild = this.#world.guilds.get(guildId);
    if (!guild) throw new UserActionError(`unknown guild ${guildId}`);
    return guild;
  }

  #channel(channelId: string): ChannelRecord {
    const channel = this.#world.channels.get(channelId);
    if (!channel) throw new UserActionError(`unknown channel ${channelId}`);
    return channel;
  }

  #newChannel(guild: GuildRecord, options: CreateChannelOptions): ChannelRecord {
    const type = channelType(options.type ?? 'text');
    if (options.parentId) {
      const parent = this.#channel(options.parentId);
      if (parent.guildId !== guild.id || parent.type !== ChannelType.GuildCategory) throw new UserActionError(`${options.parentId} is not a category of this guild`);
    }
    const channel: ChannelRecord = {
      id: this.#freshId(options.id),
      guildId: guild.id,
      type,
      name: options.name,
      position: options.position ?? guild.channelIds.length,
      parentId: options.parentId ?? null,
      topic: options.topic ?? null,
      nsfw: false,
      rateLimitPerUser: 0,
      overwrites: (options.permissionOverwrites ?? []).map(overwrite),
      lastMessageId: null,
    };
    this.#world.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  createChannel(guildId: string, options: CreateChannelOptions): APIChannel {
    const channel = this.#newChannel(this.#guild(guildId), options);
    const api = this.#world.channelApi(channel);
    this.#gateway.dispatch(GatewayDispatchEvents.ChannelCreate, api, guildId);
    this.emit('change');
    return api;
  }

  channel(channelId: string): APIChannel {
    return this.#world.channelApi(this.#channel(channelId));
  }

  updateChannel(channelId: string, patch: { name?: string; topic?: string | null; parentId?: string | null; position?: number }): APIChannel {
    const channel = this.#channel(channelId);
    if (patch.name !== undefined) channel.name = patch.name;
    if (patch.topic !== undefined) channel.topic = patch.topic;
    if (patch.parentId !== undefined) channel.parentId = patch.parentId;
    if (patch.position !== undefined) channel.position = patch.position;
    return this.#channelUpdated(channel);
  }

  #channelUpdated(channel: ChannelRecord): APIChannel {
    const api = this.#world.channelApi(channel);
    this.#gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, api, channel.guildId);
    this.emit('change');
    return api;
  }

  deleteChannel(channelId: string): void {
    const channel = this.#channel(channelId);
    const api = this.#world.channelApi(channel);
    this.#world.channels.delete(channelId);
    const guild = this.#world.guilds.get(channel.guildId);
    if (guild) {
      guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
      if (guild.systemChannelId === channelId) guild.systemChannelId = null;
    }
    this.#gateway.dispatch(GatewayDispatchEvents.ChannelDelete, api, channel.guildId);
    this.emit('change');
  }

  /** Adds or replaces the overwrite for `input.id`. */
  setChannelOverwrite(channelId: string, input: OverwriteInput): APIChannel {
    const channel = this.#channel(channelId);
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== input.id), overwrite(input)];
    return this.#channelUpdated(channel);
  }

  removeChannelOverwrite(channelId: string, id: string): APIChannel {
    const channel = this.#channel(channelId);
    channel.overwrites = channel.overwrites.filter((o) => o.id !== id);
    return this.#channelUpdated(channel);
  }

  createRole(guildId: string, options: { name: string; permissions?: PermissionsInput; color?: number }): APIRole {
    const guild = this.#guild(guildId);
    const created = role(this.#ids.next(), options.name, guild.roles.size, toPermissions(options.permissions ?? 0n));
    created.color = options.color ?? 0;
    guild.roles.set(created.id, created);
    this.#gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role: structuredClone(created) }, guildId);
    this.emit('change');
    return structuredClone(created);
  }

  updateRole(guildId: string, roleId: string, patch: { name?: string; permissions?: PermissionsInput }): APIRole {
    const guild = this.#guild(guildId);
    const current = guild.roles.get(roleId);
    if (!current) throw new UserActionError(`unknown role ${roleId}`);
    if (patch.name !== undefined) current.name = patch.name;
    if (patch.permissions !== undefined) current.permissions = toPermissions(patch.permissions).toString();
    this.#gateway.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role: structuredClone(current) }, guildId);
    this.emit('change');
    return structuredClone(current);
  }

  deleteRole(guildId: string, roleId: string): void {
    const guild = this.#guild(guildId);
    if (roleId === guildId || roleId === guild.botRoleId) throw new UserActionError('cannot delete @everyone or the managed bot role');
    if (!guild.roles.delete(roleId)) throw new UserActionError(`unknown role ${roleId}`);
    for (const m of guild.members.values()) m.roleIds = m.roleIds.filter((r) => r !== roleId);
    this.#gateway.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guildId, role_id: roleId }, guildId);
    this.emit('change');
  }

  /** Sets the permissions of the bot's managed role (what the bot was invited with). */
  setBotPermissions(guildId: string, permissions: PermissionsInput): APIRole {
    return this.updateRole(guildId, this.#guild(guildId).botRoleId, { permissions });
  }

  setEveryonePermissions(guildId: string, permissions: PermissionsInput): APIRole {
    return this.updateRole(guildId, guildId, { permissions });
  }

  addMember(guildId: string, user: UserRef, options: MemberOptions = {}): APIUser {
    const guild = this.#guild(guildId);
    const userId = this.#userId(user);
    const roleIds = [...(options.roles ?? [])];
    for (const r of roleIds) if (!guild.roles.has(r)) throw new UserActionError(`unknown role ${r}`);
    if (options.permissions !== undefined) {
      const name = `${this.#world.users.get(userId)!.user.username} permissions`;
      roleIds.push(this.createRole(guildId, { name, permissions: options.permissions }).id);
    }
    const existing = guild.members.get(userId);
    guild.members.set(userId, {
      userId,
      nick: options.nick ?? existing?.nick ?? null,
      roleIds: [...new Set([...(existing?.roleIds ?? []), ...roleIds])],
      joinedAt: existing?.joinedAt ?? new Date().toISOString(),
    });
    const member = { ...this.#world.memberApi(guild, userId)!, guild_id: guildId };
    this.#gateway.dispatch(existing ? GatewayDispatchEvents.GuildMemberUpdate : GatewayDispatchEvents.GuildMemberAdd, member, guildId);
    this.emit('change');
    return structuredClone(this.#world.users.get(userId)!.user);
  }

  /**
   * The member leaves the guild. Discord sends GUILD_MEMBER_REMOVE only with the privileged GUILD_MEMBERS
   * intent, so nothing is dispatched here; the bot finds out when fetching the member answers 10007.
   */
  removeMember(guildId: string, userId: string): void {
    const guild = this.#guild(guildId);
    if (userId === guild.ownerId || userId === this.#world.botUserId) throw new UserActionError('the owner and the bot cannot leave');
    if (!guild.members.delete(userId)) throw new UserActionError(`user ${userId} is not a member of ${guildId}`);
    this.emit('change');
  }

  setMemberRoles(guildId: string, userId: string, roleIds: string[]): void {
    const guild = this.#guild(guildId);
    const member = guild.members.get(userId);
    if (!member) throw new UserActionError(`user ${userId} is not a member of ${guildId}`);
    for (const r of roleIds) if (!guild.roles.has(r)) throw new UserActionError(`unknown role ${r}`);
    member.roleIds = [...roleIds];
    this.#gateway.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...this.#world.memberApi(guild, userId)!, guild_id: guildId }, guildId);
    this.emit('change');
  }

  /** Same as the bulk-overwrite REST call (PUT), for setting up a test without a deploy step. */
  registerCommands(guildId: string | null, commands: unknown[]): APIApplicationCommand[] {
    if (guildId) this.#guild(guildId);
    return this.#commands.overwrite(guildId, commands);
  }

  commands(guildId: string | null = null): APIApplicationCommand[] {
    return this.#commands.list(guildId);
  }

  /**
   * Closes every gateway connection from the server side with `code` (default 4000 Unknown error, which
   * clients answer by resuming). Useful to test reconnects.
   */
  dropGatewayConnections(code = 4000): void {
    this.#gateway.dropConnections(code);
  }

  // ================================================================ user actions

  #context(channelId: string, userRef: UserRef, locale: string | undefined, guildId?: string): InteractionContext {
    const channel = this.#channel(channelId);
    if (guildId !== undefined && guildId !== channel.guildId) throw new UserActionError(`channel ${channelId} is not in guild ${guildId}`);
    const guild = this.#guild(channel.guildId);
    const userId = this.#userId(userRef);
    if (!guild.members.has(userId)) {
      if (typeof userRef === 'string') throw new UserActionError(`user ${userId} is not a member of guild ${guild.id}`);
      this.addMember(guild.id, userId);
    }
    const userLocale = this.#world.users.get(userId)!.locale;
    return { guild, channel, userId, locale: locale ?? userLocale };
  }

  runSlashCommand(action: SlashCommandAction): InteractionHandle {
    const ctx = this.#context(action.channelId, action.user, action.locale, action.guildId);
    return this.#interactions.slashCommand(ctx, invocation(action));
  }

  /** Resolves with the choices the bot answered; rejects if it does not answer in time. */
  async autocomplete(action: AutocompleteAction): Promise<APIApplicationCommandOptionChoice[]> {
    return this.startAutocomplete(action).response.then((r) => {
      if (r.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) throw new Error(`unexpected response type ${r.type}`);
      return r.choices;
    });
  }

  startAutocomplete(action: AutocompleteAction): InteractionHandle {
    const ctx = this.#context(action.channelId, action.user, action.locale, action.guildId);
    return this.#interactions.autocomplete(ctx, { ...invocation(action), focused: action.focused });
  }

  clickButton(action: ButtonAction): InteractionHandle {
    const message = this.#messageRecord(action.messageId);
    const ctx = this.#context(message.api.channel_id, action.user, action.locale);
    return this.#interactions.component(ctx, message, action.customId, 'button');
  }

  selectOptions(action: SelectAction): InteractionHandle {
    const message = this.#messageRecord(action.messageId);
    const ctx = this.#context(message.api.channel_id, action.user, action.locale);
    return this.#interactions.component(ctx, message, action.customId, 'select', action.values);
  }

  submitModal(action: ModalAction): InteractionHandle {
    const id = typeof action.interaction === 'string' ? action.interaction : action.interaction.id;
    const from = this.#interactions.byId.get(id);
    if (!from) throw new UserActionError(`unknown interaction ${id}`);
    const userId = action.user === undefined ? from.ctx.userId : this.#userId(action.user);
    return this.#interactions.modalSubmit(from, userId, action.values, action.locale);
  }

  #messageRecord(messageId: string) {
    const m = this.#world.messages.get(messageId);
    if (!m || m.deleted) throw new UserActionError(`unknown message ${messageId}`);
    return m;
  }

  // ================================================================ inspection

  /** Messages of a channel in creation order (deleted ones excluded; ephemeral ones included unless asked). */
  messages(channelId: string, options: { ephemeral?: boolean } = {}): LocalMessage[] {
    return this.#world
      .liveMessages(channelId)
      .filter((m) => options.ephemeral !== false || !m.ephemeral)
      .map(toLocalMessage);
  }

  message(messageId: string): LocalMessage | undefined {
    const m = this.#world.messages.get(messageId);
    return m ? toLocalMessage(m) : undefined;
  }

  /** Requests counted against the global rate limit and 429s answered (all 0 without `rateLimits`). */
  rateLimitStats(): RateLimitStats {
    return { counted: 0, globalLimited: 0, routeLimited: 0, ...this.#rateLimiter?.stats };
  }

  /**
   * The next REST call matching `matches` is handled as usual (a message is created, say) but its connection is
   * closed instead of answered: a response lost on the way back, as a network failure or a crash would lose it.
   */
  loseResponse(matches: (request: { method: string; path: string }) => boolean): void {
    this.#lostResponses.push(matches);
  }

  /** The REST calls received, oldest first (the newest `requestLogLimit` of them). */
  requests(): RequestLogEntry[] {
    return [...this.#requests];
  }

  /** Every IDENTIFY received (intents, shard, properties). */
  identifies(): IdentifyRecord[] {
    return structuredClone(this.#identifies);
  }

  interaction(id: string): InteractionHandle | undefined {
    return this.#interactions.handleFor(id);
  }

  /**
   * Resolves with the first truthy value of `probe`, re-evaluated after every state change (request,
   * message, gateway identify, interaction response) and every 20 ms (so it may also watch the client's cache).
   * Rejects after `timeoutMs` or when `probe` throws.
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'a condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        if (poll) clearInterval(poll);
        this.off('change', check);
        this.#waiters.delete(fail);
      };
      const fail = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const check = (): void => {
        try {
          const value = probe();
          if (value !== undefined && value !== null && value !== false) {
            cleanup();
            resolve(value);
          }
        } catch (error) {
          fail(error as Error);
        }
      };
      timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs}ms waiting for ${what}`)), timeoutMs);
      poll = setInterval(check, 20);
      this.#waiters.add(fail);
      this.on('change', check);
      check();
    });
  }

  waitForMessage(channelId: string, predicate: (m: LocalMessage) => boolean = () => true, timeoutMs = 5000): Promise<LocalMessage> {
    return this.waitFor(() => this.messages(channelId).find(predicate), timeoutMs, `a message in channel ${channelId}`);
  }

  waitForRequest(predicate: (r: RequestLogEntry) => boolean, timeoutMs = 5000): Promise<RequestLogEntry> {
    return this.waitFor(() => this.#requests.find(predicate), timeoutMs, 'a matching REST request');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#interactions.close();
    for (const fail of [...this.#waiters]) fail(new Error('local Discord server closed'));
    await this.#gateway.close();
    await new Promise<void>((resolve) => {
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
      for (const s of this.#sockets) s.destroy();
    });
    this.removeAllListeners();
  }
}

export async function startLocalDiscord(options: LocalDiscordOptions): Promise<LocalDiscord> {
  const server = new LocalDiscord(options);
  return server.listen(options.port ?? 0);
}

function invocation(action: SlashCommandAction): CommandInvocation {
  const inv: CommandInvocation = { name: action.name };
  if (action.subcommandGroup !== undefined) inv.subcommandGroup = action.subcommandGroup;
  if (action.subcommand !== undefined) inv.subcommand = action.subcommand;
  if (action.options !== undefined) inv.options = action.options;
  return inv;
}

function role(id: string, name: string, position: number, permissions: bigint): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

function overwrite(input: OverwriteInput): APIOverwrite {
  return {
    id: input.id,
    type: input.type === 'role' ? OverwriteType.Role : OverwriteType.Member,
    allow: toPermissions(input.allow ?? 0n).toString(),
    deny: toPermissions(input.deny ?? 0n).toString(),
  };
}

function channelType(kind: ChannelKind): SupportedChannelType {
  switch (kind) {
    case 'category':
      return ChannelType.GuildCategory;
    case 'announcement':
      return ChannelType.GuildAnnouncement;
    case 'voice':
      return ChannelType.GuildVoice;
    default:
      return ChannelType.GuildText;
  }
}
