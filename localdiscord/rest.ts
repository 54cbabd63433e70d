/**
 * REST routes under /api/v10. Bot routes need `Authorization: Bot <token>` (401 otherwise); the interaction
 * callback and the interaction webhook authenticate by their token, as on Discord. Channel routes check the
 * bot's computed channel permissions (50001 without VIEW_CHANNEL, 50013 for the rest). Interaction
 * responses and follow-ups are webhooks and need no channel permission.
 */
import { MessageType, PermissionFlagsBits, type APIApplication } from 'discord-api-types/v10';
import { Errors, FormErrors } from './errors.ts';
import { Router, type RouteParams } from './http.ts';
import type { InteractionManager } from './interactions.ts';
import { isRecord, type JsonRecord } from './json.ts';
import { toLocalMessage, type MessageFactory } from './messages.ts';
import { has } from './permissions.ts';
import type { CommandStore } from './rest-commands.ts';
import { TEXT_CHANNEL_TYPES, type ChannelRecord, type MessageRecord, type World } from './state.ts';
import type { UploadedFile } from './types.ts';
import { validateMessageBody } from './validate-message.ts';

export interface RestRequest {
  method: string;
  path: string;
  params: RouteParams;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

export interface RestResult {
  status: number;
  body?: unknown;
}

type Handler = (req: RestRequest) => RestResult;

export interface Route {
  auth: boolean;
  /** The route as registered (`/channels/:channel/messages`): rate-limit buckets are per pattern. */
  pattern: string;
  handle: Handler;
}

export interface RestDeps {
  world: World;
  interactions: InteractionManager;
  messages: MessageFactory;
  commands: CommandStore;
  gatewayUrl: () => string;
  nonceWindowMs: number;
  identifyCount: () => number;
  /** GET /gateway/bot's `shards` and `session_start_limit.max_concurrency`. */
  sharding: () => { shards: number; maxConcurrency: number };
  emit: (event: string, ...args: unknown[]) => void;
}

const ok = (body: unknown): RestResult => ({ status: 200, body });
const noContent = (): RestResult => ({ status: 204 });

export function buildRouter(deps: RestDeps): Router<Route> {
  const { world, interactions, commands } = deps;
  const r = new Router<Route>();
  const bot = (method: string, pattern: string, handle: Handler) => r.add(method, pattern, { auth: true, pattern, handle });
  const open = (method: string, pattern: string, handle: Handler) => r.add(method, pattern, { auth: false, pattern, handle });

  // ---- gateway, users, application
  open('GET', '/gateway', () => ok({ url: deps.gatewayUrl() }));
  bot('GET', '/gateway/bot', () => {
    const { shards, maxConcurrency } = deps.sharding();
    return ok({
      url: deps.gatewayUrl(),
      shards,
      session_start_limit: { total: 1000, remaining: Math.max(0, 1000 - deps.identifyCount()), reset_after: 86_400_000, max_concurrency: maxConcurrency },
    });
  });
  bot('GET', '/users/@me', () => ok(structuredClone(world.botUser)));
  bot('GET', '/users/@me/guilds', () =>
    ok(
      [...world.guilds.values()].map((g) => ({
        id: g.id,
        name: g.name,
        icon: null,
        banner: null,
        owner: g.ownerId === world.botUserId,
        permissions: world.memberPermissions(g, world.botUserId).toString(),
        features: [],
      })),
    ),
  );
  bot('GET', '/users/:user', ({ params }) => {
    const u = world.users.get(params.user as string);
    if (!u) throw Errors.unknownUser();
    return ok(structuredClone(u.user));
  });
  bot('GET', '/applications/@me', () => ok(applicationObject(world)));
  bot('GET', '/oauth2/applications/@me', () => ok(applicationObject(world)));

  // ---- application commands
  const app = (params: RouteParams): void => {
    if (params.app !== world.applicationId) throw Errors.missingAccess();
  };
  const guildScope = (params: RouteParams): string => {
    app(params);
    const id = params.guild as string;
    if (!world.guilds.has(id)) throw Errors.missingAccess();
    return id;
  };
  bot('GET', '/applications/:app/commands', ({ params }) => (app(params), ok(commands.list(null))));
  bot('PUT', '/applications/:app/commands', ({ params, body }) => (app(params), ok(commands.overwrite(null, body))));
  bot('POST', '/applications/:app/commands', ({ params, body }) => {
    app(params);
    const { created, command } = commands.upsert(null, body);
    return { status: created ? 201 : 200, body: command };
  });
  bot('GET', '/applications/:app/commands/:command', ({ params }) => (app(params), ok(commands.get(null, params.command as string))));
  bot('PATCH', '/applications/:app/commands/:command', ({ params, body }) => (app(params), ok(commands.patch(null, params.command as string, body))));
  bot('DELETE', '/applications/:app/commands/:command', ({ params }) => (app(params), commands.delete(null, params.command as string), noContent()));
  bot('GET', '/applications/:app/guilds/:guild/commands', ({ params }) => ok(commands.list(guildScope(params))));
  bot('PUT', '/applications/:app/guilds/:guild/commands', ({ params, body }) => ok(commands.overwrite(guildScope(params), body)));
  bot('POST', '/applications/:app/guilds/:guild/commands', ({ params, body }) => {
    const { created, command } = commands.upsert(guildScope(params), body);
    return { status: created ? 201 : 200, body: command };
  });
  bot('GET', '/applications/:app/guilds/:guild/commands/:command', ({ params }) => ok(commands.get(guildScope(params), params.command as string)));
  bot('PATCH', '/applications/:app/guilds/:guild/commands/:command', ({ params, body }) =>
    ok(commands.patch(guildScope(params), params.command as string, body)),
  );
  bot('DELETE', '/applications/:app/guilds/:guild/commands/:command', ({ params }) => {
    commands.delete(guildScope(params), params.command as string);
    return noContent();
  });

  // ---- interactions
  open('POST', '/interactions/:id/:token/callback', ({ params, body, files, query }) => {
    const result = interactions.callback(params.id as string, params.token as string, body, files, query.get('with_response') === 'true');
    return result === undefined ? noContent() : ok(result);
  });
  open('POST', '/webhooks/:app/:token', ({ params, body, files }) => ok(interactions.followUp(params.app as string, params.token as string, body, files)));
  open('GET', '/webhooks/:app/:token/messages/:message', ({ params }) =>
    ok(interactions.getMessage(params.app as string, params.token as string, params.message as string)),
  );
  open('PATCH', '/webhooks/:app/:token/messages/:message', ({ params, body, files }) =>
    ok(interactions.editMessage(params.app as string, params.token as string, params.message as string, body, files)),
  );
  open('DELETE', '/webhooks/:app/:token/messages/:message', ({ params }) => {
    interactions.deleteMessage(params.app as string, params.token as string, params.message as string);
    return noContent();
  });

  // ---- channels and messages
  const channelFor = (params: RouteParams): ChannelRecord => {
    const channel = world.channels.get(params.channel as string);
    if (!channel) throw Errors.unknownChannel();
    return channel;
  };
  const permsIn = (channel: ChannelRecord): bigint => {
    const perms = world.botPermissionsIn(channel);
    if (!has(perms, PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
    return perms;
  };
  /** Ephemeral messages are not reachable through channel routes. */
  const messageIn = (channel: ChannelRecord, id: string): MessageRecord => {
    const m = world.messages.get(id);
    if (!m || m.deleted || m.ephemeral || m.api.channel_id !== channel.id) throw Errors.unknownMessage();
    return m;
  };

  bot('GET', '/channels/:channel', ({ params }) => {
    const channel = channelFor(params);
    permsIn(channel);
    return ok(world.channelApi(channel));
  });
  bot('POST', '/channels/:channel/messages', ({ params, body, files }) => {
    const channel = channelFor(params);
    const perms = permsIn(channel);
    if (!TEXT_CHANNEL_TYPES.has(channel.type)) throw Errors.nonTextChannel();
    if (!has(perms, PermissionFlagsBits.SendMessages)) throw Errors.missingPermissions();
    const data = isRecord(body) ? body : {};
    const errors = new FormErrors();
    validateMessageBody(data, [], errors);
    errors.throwIfAny();
    if (Array.isArray(data.embeds) && data.embeds.length > 0 && !has(perms, PermissionFlagsBits.EmbedLinks)) throw Errors.missingPermissions();
    if (files.length > 0 && !has(perms, PermissionFlagsBits.AttachFiles)) throw Errors.missingPermissions();
    if (isRecord(data.message_reference) && !has(perms, PermissionFlagsBits.ReadMessageHistory)) throw Errors.missingPermissions();
    if (data.enforce_nonce === true && data.nonce !== undefined && data.nonce !== null) {
      const since = Date.now() - deps.nonceWindowMs;
      const previous = world
        .liveMessages(channel.id)
        .find((m) => m.api.author.id === world.botUserId && m.nonce === data.nonce && m.createdAt >= since);
      if (previous) return ok(structuredClone(previous.api));
    }
    const msg = deps.messages.create({
      channelId: channel.id,
      guildId: channel.guildId,
      body: data,
      files,
      author: world.botUser,
      type: isRecord(data.message_reference) ? MessageType.Reply : MessageType.Default,
    });
    deps.messages.assertNotEmpty(msg);
    world.addMessage(msg);
    deps.emit('message', toLocalMessage(msg));
    deps.emit('change');
    return ok(structuredClone(msg.api));
  });
  bot('GET', '/channels/:channel/messages', ({ params, query }) => {
    const channel = channelFor(params);
    const perms = permsIn(channel);
    if (!has(perms, PermissionFlagsBits.ReadMessageHistory)) return ok([]);
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50) || 50));
    let list = world.liveMessages(channel.id).filter((m) => !m.ephemeral);
    const before = query.get('before');
    const after = query.get('after');
    const around = query.get('around');
    if (before) list = list.filter((m) => BigInt(m.api.id) < BigInt(before));
    if (after) list = list.filter((m) => BigInt(m.api.id) > BigInt(after));
    let picked: MessageRecord[];
    if (around) {
      const older = list.filter((m) => BigInt(m.api.id) <= BigInt(around)).slice(-Math.ceil(limit / 2));
      const newer = list.filter((m) => BigInt(m.api.id) > BigInt(around)).slice(0, Math.floor(limit / 2));
      picked = [...older, ...newer];
    } else if (after && !before) picked = list.slice(0, limit);
    else picked = list.slice(-limit);
    return ok(picked.reverse().map((m) => structuredClone(m.api)));
  });
  bot('GET', '/channels/:channel/messages/:message', ({ params }) => {
    const channel = channelFor(params);
    const perms = permsIn(channel);
    if (!has(perms, PermissionFlagsBits.ReadMessageHistory)) throw Errors.missingAccess();
    return ok(structuredClone(messageIn(channel, params.message as string).api));
  });
  bot('PATCH', '/channels/:channel/messages/:message', ({ params, body, files }) => {
    const channel = channelFor(params);
    const perms = permsIn(channel);
    const m = messageIn(channel, params.message as string);
    const data = isRecord(body) ? body : {};
    if (m.api.author.id !== world.botUserId) {
      // Only `flags` (suppressing embeds) may be edited on others' messages, with MANAGE_MESSAGES.
      throw Errors.otherAuthor();
    }
    const errors = new FormErrors();
    validateMessageBody(data, [], errors);
    errors.throwIfAny();
    if (Array.isArray(data.embeds) && data.embeds.length > 0 && !has(perms, PermissionFlagsBits.EmbedLinks)) throw Errors.missingPermissions();
    if (files.length > 0 && !has(perms, PermissionFlagsBits.AttachFiles)) throw Errors.missingPermissions();
    deps.messages.edit(m, data as JsonRecord, files);
    deps.emit('messageUpdate', toLocalMessage(m));
    deps.emit('change');
    return ok(structuredClone(m.api));
  });
  bot('DELETE', '/channels/:channel/messages/:message', ({ params }) => {
    const channel = channelFor(params);
    const perms = permsIn(channel);
    const m = messageIn(channel, params.message as string);
    if (m.api.author.id !== world.botUserId && !has(perms, PermissionFlagsBits.ManageMessages)) throw Errors.missingPermissions();
    m.deleted = true;
    deps.emit('messageDelete', toLocalMessage(m));
    deps.emit('change');
    return noContent();
  });

  // ---- guilds
  const guildFor = (params: RouteParams) => {
    const guild = world.guilds.get(params.guild as string);
    if (!guild) throw Errors.unknownGuild();
    return guild;
  };
  bot('GET', '/guilds/:guild', ({ params, query }) => {
    const guild = guildFor(params);
    const body: JsonRecord = { ...world.guildApi(guild) };
    if (query.get('with_counts') === 'true') {
      body.approximate_member_count = guild.members.size;
      body.approximate_presence_count = 0;
    }
    return ok(body);
  });
  bot('GET', '/guilds/:guild/channels', ({ params }) => {
    const guild = guildFor(params);
    return ok(guild.channelIds.flatMap((id) => {
      const c = world.channels.get(id);
      return c ? [world.channelApi(c)] : [];
    }));
  });
  bot('GET', '/guilds/:guild/roles', ({ params }) => ok([...guildFor(params).roles.values()].map((role) => structuredClone(role))));
  bot('GET', '/guilds/:guild/members/:user', ({ params }) => {
    const guild = guildFor(params);
    const userId = params.user === '@me' ? world.botUserId : (params.user as string);
    if (!world.users.has(userId)) throw Errors.unknownUser();
    const member = world.memberApi(guild, userId);
    if (!member) throw Errors.unknownMember();
    return ok(member);
  });

  return r;
}

function applicationObject(world: World): APIApplication {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: '',
    bot_public: false,
    bot_require_code_grant: false,
    bot: structuredClone(world.botUser),
    summary: '',
    verify_key: '0'.repeat(64),
    team: null,
    flags: 0,
    flags_new: '0',
  } as unknown as APIApplication;
}
