/**
 * Permission arithmetic as documented by Discord ("Permissions → Permission Hierarchy / Permission Overwrites"):
 * base = @everyone | member roles (ADMINISTRATOR or ownership grants everything), then the channel's @everyone
 * overwrite, the union of role overwrites (deny then allow), then the member overwrite. Without VIEW_CHANNEL a
 * member has no permission in the channel; without SEND_MESSAGES the message-dependent ones are dropped.
 */
import { OverwriteType, PermissionFlagsBits, type APIOverwrite } from 'discord-api-types/v10';

export type PermissionName = keyof typeof PermissionFlagsBits;
/** A bitfield (bigint or decimal string, as Discord sends it) or a list of flag names. */
export type PermissionsInput = bigint | string | readonly PermissionName[];

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

const P = PermissionFlagsBits;

/** Close to what Discord gives @everyone in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.CreateInstantInvite |
  P.ChangeNickname |
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseExternalStickers |
  P.ReadMessageHistory |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak |
  P.Stream |
  P.UseVAD;

/** What a typical bot invite asks for. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands;

export function toPermissions(input: PermissionsInput): bigint {
  if (typeof input === 'bigint') return input;
  if (typeof input === 'string') {
    if (!/^\d+$/.test(input)) throw new TypeError(`invalid permission bitfield: ${input}`);
    return BigInt(input);
  }
  let bits = 0n;
  for (const name of input) {
    const bit = PermissionFlagsBits[name];
    if (bit === undefined) throw new TypeError(`unknown permission: ${String(name)}`);
    bits |= bit;
  }
  return bits;
}

export function has(bits: bigint, flag: bigint): boolean {
  return (bits & flag) === flag;
}

export interface PermissionSubject {
  userId: string;
  roleIds: readonly string[];
}

export interface PermissionGuild {
  id: string;
  ownerId: string;
  /** role id → permissions; the @everyone role has the guild's id. */
  rolePermissions(roleId: string): bigint | undefined;
}

export function basePermissions(guild: PermissionGuild, member: PermissionSubject): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let bits = guild.rolePermissions(guild.id) ?? 0n;
  for (const roleId of member.roleIds) bits |= guild.rolePermissions(roleId) ?? 0n;
  if (has(bits, P.Administrator)) return ALL_PERMISSIONS;
  return bits;
}

export function channelPermissions(
  guild: PermissionGuild,
  member: PermissionSubject,
  overwrites: readonly APIOverwrite[],
): bigint {
  const base = basePermissions(guild, member);
  if (has(base, P.Administrator)) return ALL_PERMISSIONS;
  let bits = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) bits = (bits & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== guild.id && member.roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === member.userId);
  if (own) bits = (bits & ~BigInt(own.deny)) | BigInt(own.allow);
  // Implicit permissions.
  if (!has(bits, P.ViewChannel)) return 0n;
  if (!has(bits, P.SendMessages)) bits &= ~(P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks);
  return bits;
}
