/**
 * The server's world: users, guilds (roles, members, channels with overwrites), messages and application
 * commands, plus builders of the API shapes Discord returns for them.
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildHubType,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  type APIApplicationCommand,
  type GuildMemberFlags,
  type ChannelFlags,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { channelPermissions, basePermissions, type PermissionGuild } from './permissions.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import type { LocalFile } from './types.ts';

export interface UserRecord {
  user: APIUser;
  /** The Discord client language of this user, sent as interaction `locale`. */
  locale: string;
}

export interface MemberRecord {
  userId: string;
  nick: string | null;
  roleIds: string[];
  joinedAt: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  description: string | null;
  roles: Map<string, APIRole>;
  channelIds: string[];
  members: Map<string, MemberRecord>;
  /** The managed role Discord creates for a bot invited with permissions. */
  botRoleId: string;
  joinedAt: string;
  systemChannelId: string | null;
}

export type SupportedChannelType = ChannelType.GuildText | ChannelType.GuildCategory | ChannelType.GuildAnnouncement | ChannelType.GuildVoice;

export interface ChannelRecord {
  id: string;
  guildId: string;
  type: SupportedChannelType;
  name: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  rateLimitPerUser: number;
  overwrites: APIOverwrite[];
  lastMessageId: string | null;
}

export interface MessageRecord {
  api: APIMessage;
  guildId: string | null;
  files: LocalFile[];
  ephemeral: boolean;
  /** For ephemeral messages: the only user who can see (and click) it. */
  visibleTo: string | null;
  allowedMentions: unknown;
  nonce: string | number | null;
  enforceNonce: boolean;
  interactionId: string | null;
  createdAt: number;
  deleted: boolean;
  editCount: number;
}

export const TEXT_CHANNEL_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildVoice]);

export class World {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  /** channel id → message ids in creation order. */
  readonly channelMessages = new Map<string, string[]>();
  /** key: guild id or '' for global → commands by id. */
  readonly commands = new Map<string, Map<string, APIApplicationCommand>>();

  constructor(
    readonly ids: SnowflakeGenerator,
    readonly botUserId: string,
    readonly applicationId: string,
  ) {}

  get botUser(): APIUser {
    const u = this.users.get(this.botUserId);
    if (!u) throw new Error('bot user missing');
    return u.user;
  }

  permissionGuild(guild: GuildRecord): PermissionGuild {
    return {
      id: guild.id,
      ownerId: guild.ownerId,
      rolePermissions: (roleId) => {
        const role = guild.roles.get(roleId);
        return role ? BigInt(role.permissions) : undefined;
      },
    };
  }

  memberPermissions(guild: GuildRecord, userId: string, channel?: ChannelRecord): bigint {
    const member = guild.members.get(userId);
    if (!member) return 0n;
    const subject = { userId, roleIds: member.roleIds };
    const pg = this.permissionGuild(guild);
    return channel ? channelPermissions(pg, subject, channel.overwrites) : basePermissions(pg, subject);
  }

  botPermissionsIn(channel: ChannelRecord): bigint {
    const guild = this.guilds.get(channel.guildId);
    return guild ? this.memberPermissions(guild, this.botUserId, channel) : 0n;
  }

  // ---- API shapes ----

  roleApi(role: APIRole): APIRole {
    return structuredClone(role);
  }

  memberApi(guild: GuildRecord, userId: string): APIGuildMember | undefined {
    const member = guild.members.get(userId);
    const user = this.users.get(userId);
    if (!member || !user) return undefined;
    return {
      user: structuredClone(user.user),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roleIds],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  channelApi(channel: ChannelRecord): APIChannel {
    const common = {
      id: channel.id,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: structuredClone(channel.overwrites),
      parent_id: channel.parentId,
      nsfw: channel.nsfw,
      flags: 0 as ChannelFlags,
    };
    switch (channel.type) {
      case ChannelType.GuildCategory:
        return { ...common, parent_id: null, type: ChannelType.GuildCategory };
      case ChannelType.GuildVoice:
        return {
          ...common,
          type: ChannelType.GuildVoice,
          bitrate: 64000,
          user_limit: 0,
          rtc_region: null,
          last_message_id: channel.lastMessageId,
          rate_limit_per_user: channel.rateLimitPerUser,
        };
      case ChannelType.GuildAnnouncement:
        return {
          ...common,
          type: ChannelType.GuildAnnouncement,
          topic: channel.topic,
          last_message_id: channel.lastMessageId,
          default_auto_archive_duration: 1440,
        };
      default:
        return {
          ...common,
          type: ChannelType.GuildText,
          topic: channel.topic,
          last_message_id: channel.lastMessageId,
          rate_limit_per_user: channel.rateLimitPerUser,
          default_auto_archive_duration: 1440,
        };
    }
  }

  guildApi(guild: GuildRecord): APIGuild {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: guild.description,
      owner_id: guild.ownerId,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      roles: [...guild.roles.values()].map((r) => this.roleApi(r)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: guild.systemChannelId,
      system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale as APIGuild['preferred_locale'],
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null as GuildHubType | null,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
  }

  guildCreatePayload(guild: GuildRecord): GatewayGuildCreateDispatchData {
    const bot = this.memberApi(guild, this.botUserId);
    return {
      ...this.guildApi(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      // With only the GUILDS intent Discord sends the bot's own member.
      members: bot ? [bot] : [],
      channels: guild.channelIds.flatMap((id) => {
        const c = this.channels.get(id);
        return c ? [this.channelApi(c)] : [];
      }) as GatewayGuildCreateDispatchData['channels'],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- messages ----

  addMessage(record: MessageRecord): void {
    this.messages.set(record.api.id, record);
    const list = this.channelMessages.get(record.api.channel_id) ?? [];
    list.push(record.api.id);
    this.channelMessages.set(record.api.channel_id, list);
    const channel = this.channels.get(record.api.channel_id);
    if (channel && !record.ephemeral) channel.lastMessageId = record.api.id;
  }

  liveMessages(channelId: string): MessageRecord[] {
    return (this.channelMessages.get(channelId) ?? []).flatMap((id) => {
      const m = this.messages.get(id);
      return m && !m.deleted ? [m] : [];
    });
  }

  commandsFor(guildId: string | null): Map<string, APIApplicationCommand> {
    const key = guildId ?? '';
    let map = this.commands.get(key);
    if (!map) {
      map = new Map();
      this.commands.set(key, map);
    }
    return map;
  }
}
