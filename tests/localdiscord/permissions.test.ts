import { OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS, basePermissions, channelPermissions, toPermissions, type PermissionGuild } from '../../localdiscord/permissions.ts';

const guildId = '100';
const roles = new Map<string, bigint>([
  [guildId, P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory],
  ['1', P.ManageMessages],
  ['2', P.Administrator],
  ['3', 0n],
]);
const guild: PermissionGuild = { id: guildId, ownerId: '900', rolePermissions: (id) => roles.get(id) };
const ow = (id: string, type: OverwriteType, allow: bigint, deny: bigint) => ({ id, type, allow: allow.toString(), deny: deny.toString() });

describe('Discord permission computation', () => {
  test('base permissions: @everyone | roles; owner and ADMINISTRATOR get everything', () => {
    expect(basePermissions(guild, { userId: '5', roleIds: ['1'] })).toBe(roles.get(guildId)! | P.ManageMessages);
    expect(basePermissions(guild, { userId: '900', roleIds: [] })).toBe(ALL_PERMISSIONS);
    expect(basePermissions(guild, { userId: '5', roleIds: ['2'] })).toBe(ALL_PERMISSIONS);
  });

  test('overwrites apply @everyone, then all roles (deny before allow), then the member', () => {
    const member = { userId: '5', roleIds: ['1', '3'] };
    const overwrites = [
      ow(guildId, OverwriteType.Role, 0n, P.SendMessages | P.EmbedLinks),
      ow('1', OverwriteType.Role, P.SendMessages, 0n),
      ow('3', OverwriteType.Role, 0n, P.SendMessages),
    ];
    // Role allow wins over another role's deny at the same level.
    expect(channelPermissions(guild, member, overwrites) & P.SendMessages).toBe(P.SendMessages);
    expect(channelPermissions(guild, member, overwrites) & P.EmbedLinks).toBe(0n);
    const withMember = [...overwrites, ow('5', OverwriteType.Member, P.EmbedLinks, P.SendMessages)];
    const bits = channelPermissions(guild, member, withMember);
    expect(bits & P.SendMessages).toBe(0n);
    // Without SEND_MESSAGES, EMBED_LINKS is implicitly dropped even though the member overwrite allows it.
    expect(bits & P.EmbedLinks).toBe(0n);
  });

  test('no VIEW_CHANNEL means no permission at all; ADMINISTRATOR ignores overwrites', () => {
    const hidden = [ow(guildId, OverwriteType.Role, 0n, P.ViewChannel)];
    expect(channelPermissions(guild, { userId: '5', roleIds: [] }, hidden)).toBe(0n);
    expect(channelPermissions(guild, { userId: '5', roleIds: ['2'] }, hidden)).toBe(ALL_PERMISSIONS);
  });

  test('permission inputs: names, bigint, decimal strings', () => {
    expect(toPermissions(['ViewChannel', 'SendMessages'])).toBe(P.ViewChannel | P.SendMessages);
    expect(toPermissions('2048')).toBe(P.SendMessages);
    expect(() => toPermissions('x')).toThrow();
    expect(() => toPermissions(['Nope' as never])).toThrow(/unknown permission/);
  });
});
