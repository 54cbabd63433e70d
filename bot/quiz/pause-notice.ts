/**
 * Telling a server that its daily quiz paused itself (channel gone, permission lost): a message in a channel
 * the bot can still write to, the server's system channel first, else the first text channel it may send in.
 * Sent once, when the pause happens (a paused server is not due again until an admin resumes it).
 */
import { ChannelType, PermissionFlagsBits, type Client, type Guild, type GuildTextBasedChannel } from 'discord.js';
import { languageFor, messages, type Language } from '../../src/i18n/index.ts';
import type { BotServices } from '../services.ts';

const CAN_POST = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages];

function noticeChannel(client: Client, guild: Guild, quizChannelId: string): GuildTextBasedChannel | null {
  const me = client.user;
  if (!me) return null;
  const usable = (channel: GuildTextBasedChannel | null | undefined): channel is GuildTextBasedChannel =>
    !!channel && channel.id !== quizChannelId && channel.type === ChannelType.GuildText && !!channel.permissionsFor(me)?.has(CAN_POST);
  if (usable(guild.systemChannel)) return guild.systemChannel;
  const texts = [...guild.channels.cache.values()]
    .filter((channel): channel is GuildTextBasedChannel => channel.type === ChannelType.GuildText)
    .sort((a, b) => ('rawPosition' in a && 'rawPosition' in b ? a.rawPosition - b.rawPosition : 0) || a.id.localeCompare(b.id));
  return texts.find(usable) ?? null;
}

/** The pause text in the server's language: which channel, why, and what an admin can do. */
export function pauseNoticeText(language: Language, quizChannelId: string, reason: string): string {
  const text = messages(language);
  return text.quiz.pausedForProblem(`<#${quizChannelId}>`, text.quiz.pauseReasons[reason] ?? reason);
}

/** Posts the notice; returns whether it went out. Never throws: the pause itself is already recorded. */
export async function announcePause(client: Client, services: BotServices, guildId: string, quizChannelId: string, reason: string): Promise<boolean> {
  const log = services.logger.child({ guild: guildId, channel: quizChannelId, reason });
  const guild = client.guilds.cache.get(guildId);
  const channel = guild ? noticeChannel(client, guild, quizChannelId) : null;
  if (!guild || !channel) {
    log.warn('quiz paused; no channel left to tell the server in (the next admin running /quiz is told)');
    return false;
  }
  try {
    await channel.send({ content: pauseNoticeText(languageFor(guild.preferredLocale), quizChannelId, reason), allowedMentions: { parse: [] } });
    log.info({ notice: channel.id }, 'quiz pause announced');
    return true;
  } catch (error) {
    log.warn({ err: error, notice: channel.id }, 'could not announce the quiz pause');
    return false;
  }
}
