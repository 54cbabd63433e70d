/**
 * Display names for members without the privileged members intent: one REST fetch per member (no intent
 * needed), cached by discord.js. A member who left answers 10007 Unknown Member and comes back as null.
 */
import { DiscordAPIError, RESTJSONErrorCodes, type ChatInputCommandInteraction, type Guild } from 'discord.js';
import { escapeMarkdown } from '../src/format/markdown.ts';

export async function displayNames(guild: Guild, userIds: readonly string[]): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  await Promise.all(
    userIds.map(async (userId) => {
      try {
        const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId));
        names.set(userId, member.displayName);
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser)) {
          names.set(userId, null);
        } else {
          throw error;
        }
      }
    }),
  );
  return names;
}

/** Names go inside bold markdown; keep them from breaking it or pinging anyone. */
export function plainName(name: string): string {
  return escapeMarkdown(name).replace(/@/g, '@\u200b');
}

/** The member a `/streak`/`/stats` is about: the `member` option, or the caller; with their name in this server. */
export function targetMember(interaction: ChatInputCommandInteraction): { userId: string; name: string } {
  const chosen = interaction.options.getUser('member');
  const user = chosen ?? interaction.user;
  const member = chosen ? interaction.options.getMember('member') : interaction.member;
  const name = member && 'displayName' in member ? member.displayName : user.displayName;
  return { userId: user.id, name };
}
