/**
 * Builders of INTERACTION_CREATE payloads as Discord sends them: common fields (guild, channel with
 * permissions, member with permissions, app_permissions, locale, guild_locale, token, version 1,
 * entitlements, authorizing_integration_owners, context) and command options typed from the registered
 * command definition, with `resolved` users/members/roles/channels.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  type APIInteractionGuildMember,
} from 'discord-api-types/v10';
import { has } from './permissions.ts';
import { TEXT_CHANNEL_TYPES, type ChannelRecord, type GuildRecord, type World } from './state.ts';
import { UserActionError } from './types.ts';

export type OptionValue = string | number | boolean;

export interface InteractionContext {
  guild: GuildRecord;
  channel: ChannelRecord;
  userId: string;
  locale: string;
}

export interface InteractionIdentity {
  id: string;
  token: string;
}

/** Fields every guild interaction carries. */
export function basePayload(world: World, ctx: InteractionContext, who: InteractionIdentity): Record<string, unknown> {
  const { guild, channel, userId } = ctx;
  const memberApi = world.memberApi(guild, userId);
  if (!memberApi) throw new UserActionError(`user ${userId} is not a member of guild ${guild.id}`);
  const userPerms = world.memberPermissions(guild, userId, channel);
  const member: APIInteractionGuildMember = { ...memberApi, user: memberApi.user!, permissions: userPerms.toString() };
  return {
    id: who.id,
    application_id: world.applicationId,
    token: who.token,
    version: 1,
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    channel: { ...world.channelApi(channel), permissions: userPerms.toString() },
    channel_id: channel.id,
    member,
    app_permissions: world.botPermissionsIn(channel).toString(),
    locale: ctx.locale,
    guild_locale: guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** The user must see the channel and be allowed to use application commands there. */
export function assertCanInteract(world: World, ctx: InteractionContext): void {
  if (!TEXT_CHANNEL_TYPES.has(ctx.channel.type)) throw new UserActionError(`channel ${ctx.channel.id} is not a text channel`);
  const perms = world.memberPermissions(ctx.guild, ctx.userId, ctx.channel);
  if (!has(perms, PermissionFlagsBits.ViewChannel)) throw new UserActionError(`user ${ctx.userId} cannot see channel ${ctx.channel.id}`);
  if (!has(perms, PermissionFlagsBits.UseApplicationCommands)) {
    throw new UserActionError(`user ${ctx.userId} lacks USE_APPLICATION_COMMANDS in channel ${ctx.channel.id}`);
  }
}

export interface CommandInvocation {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** For autocomplete: the option being typed; its value is sent as the raw string typed so far. */
  focused?: string;
}

export function findCommand(world: World, guildId: string, name: string, type = ApplicationCommandType.ChatInput): APIApplicationCommand {
  for (const scope of [guildId, null]) {
    for (const cmd of world.commandsFor(scope).values()) if (cmd.name === name && cmd.type === type) return cmd;
  }
  throw new UserActionError(`no command named "${name}" is registered for guild ${guildId} (register it through the API first)`);
}

export function assertCommandVisible(world: World, ctx: InteractionContext, cmd: APIApplicationCommand): void {
  if (cmd.default_member_permissions === null || cmd.default_member_permissions === undefined) return;
  const needed = BigInt(cmd.default_member_permissions);
  const perms = world.memberPermissions(ctx.guild, ctx.userId, ctx.channel);
  if (!has(perms, needed) && !has(perms, PermissionFlagsBits.Administrator)) {
    throw new UserActionError(`command /${cmd.name} is hidden from user ${ctx.userId} (default_member_permissions)`);
  }
}

export function commandData(
  world: World,
  ctx: InteractionContext,
  cmd: APIApplicationCommand,
  inv: CommandInvocation,
): Record<string, unknown> {
  let defs: readonly APIApplicationCommandOption[] = cmd.options ?? [];
  const resolved: APIInteractionDataResolved = {};
  const wrap: Array<{ type: ApplicationCommandOptionType; name: string }> = [];
  if (inv.subcommandGroup !== undefined) {
    const group = defs.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === inv.subcommandGroup);
    if (!group || group.type !== ApplicationCommandOptionType.SubcommandGroup) {
      throw new UserActionError(`/${cmd.name} has no subcommand group "${inv.subcommandGroup}"`);
    }
    wrap.push({ type: group.type, name: group.name });
    defs = group.options ?? [];
  }
  if (inv.subcommand !== undefined) {
    const sub = defs.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === inv.subcommand);
    if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) throw new UserActionError(`/${cmd.name} has no subcommand "${inv.subcommand}"`);
    wrap.push({ type: sub.type, name: sub.name });
    defs = sub.options ?? [];
  } else if (defs.some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup)) {
    throw new UserActionError(`/${cmd.name} needs a subcommand`);
  }

  const given = inv.options ?? {};
  const leaf: APIApplicationCommandInteractionDataOption[] = [];
  for (const [name, value] of Object.entries(given)) {
    const def = defs.find((d) => d.name === name);
    if (!def) throw new UserActionError(`/${cmd.name} has no option "${name}"`);
    if (inv.focused === name) {
      if (!('autocomplete' in def) || def.autocomplete !== true) throw new UserActionError(`option "${name}" of /${cmd.name} has no autocomplete`);
      leaf.push({ name, type: def.type, value: String(value), focused: true } as APIApplicationCommandInteractionDataOption);
      continue;
    }
    leaf.push(convertOption(world, ctx, def, value, resolved, inv.focused !== undefined));
  }
  if (inv.focused !== undefined && !(inv.focused in given)) {
    const def = defs.find((d) => d.name === inv.focused);
    if (!def || !('autocomplete' in def) || def.autocomplete !== true) {
      throw new UserActionError(`option "${inv.focused}" of /${cmd.name} has no autocomplete`);
    }
    leaf.push({ name: def.name, type: def.type, value: '', focused: true } as APIApplicationCommandInteractionDataOption);
  }
  if (inv.focused === undefined) {
    for (const def of defs) {
      if ('required' in def && def.required && !(def.name in given)) throw new UserActionError(`/${cmd.name}: option "${def.name}" is required`);
    }
  }

  let options: APIApplicationCommandInteractionDataOption[] = leaf;
  for (const w of [...wrap].reverse()) {
    options = [{ type: w.type, name: w.name, options } as APIApplicationCommandInteractionDataOption];
  }
  const data: Record<string, unknown> = { id: cmd.id, name: cmd.name, type: cmd.type };
  if (options.length > 0) data.options = options;
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  if (cmd.guild_id) data.guild_id = cmd.guild_id;
  return data;
}

function convertOption(
  world: World,
  ctx: InteractionContext,
  def: APIApplicationCommandOption,
  value: OptionValue,
  resolved: APIInteractionDataResolved,
  partial: boolean,
): APIApplicationCommandInteractionDataOption {
  const fail = (why: string): never => {
    throw new UserActionError(`option "${def.name}": ${why}`);
  };
  const out = (v: OptionValue) => ({ name: def.name, type: def.type, value: v }) as APIApplicationCommandInteractionDataOption;
  switch (def.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') return fail('expected a string');
      if (!partial) {
        if (def.min_length !== undefined && [...value].length < def.min_length) fail(`shorter than ${def.min_length}`);
        if (def.max_length !== undefined && [...value].length > def.max_length) fail(`longer than ${def.max_length}`);
        if (def.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === value)) fail('not one of the choices');
      }
      return out(value);
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('expected a number');
      if (def.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value)) fail('expected an integer');
      if (!partial) {
        if (def.min_value !== undefined && value < def.min_value) fail(`less than ${def.min_value}`);
        if (def.max_value !== undefined && value > def.max_value) fail(`greater than ${def.max_value}`);
        if (def.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === value)) fail('not one of the choices');
      }
      return out(value);
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') return fail('expected a boolean');
      return out(value);
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      const id = String(value);
      const user = world.users.get(id);
      if (user) {
        (resolved.users ??= {})[id] = structuredClone(user.user);
        const member = world.memberApi(ctx.guild, id);
        if (member) {
          const { user: _u, ...rest } = member;
          (resolved.members ??= {})[id] = { ...rest, permissions: world.memberPermissions(ctx.guild, id, ctx.channel).toString() };
        }
        return out(id);
      }
      const role = def.type === ApplicationCommandOptionType.Mentionable ? ctx.guild.roles.get(id) : undefined;
      if (role) {
        (resolved.roles ??= {})[id] = structuredClone(role);
        return out(id);
      }
      return fail(`unknown ${def.type === ApplicationCommandOptionType.User ? 'user' : 'user or role'} ${id}`);
    }
    case ApplicationCommandOptionType.Role: {
      const id = String(value);
      const role = ctx.guild.roles.get(id);
      if (!role) return fail(`unknown role ${id}`);
      (resolved.roles ??= {})[id] = structuredClone(role);
      return out(id);
    }
    case ApplicationCommandOptionType.Channel: {
      const id = String(value);
      const channel = world.channels.get(id);
      if (!channel || channel.guildId !== ctx.guild.id) return fail(`unknown channel ${id} in guild ${ctx.guild.id}`);
      if (def.channel_types && def.channel_types.length > 0 && !def.channel_types.includes(channel.type as never)) {
        fail(`channel type ${channel.type} not allowed (${def.channel_types.join(', ')})`);
      }
      (resolved.channels ??= {})[id] = resolvedChannel(world, ctx, channel);
      return out(id);
    }
    default:
      return fail(`option type ${def.type} is not supported by the local server`);
  }
}

export function resolvedChannel(world: World, ctx: InteractionContext, channel: ChannelRecord): APIInteractionDataResolvedChannel {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type as Exclude<ChannelType, ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread>,
    permissions: world.memberPermissions(ctx.guild, ctx.userId, channel).toString(),
  } as APIInteractionDataResolvedChannel;
}
