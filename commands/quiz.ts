/**
 * `/quiz setup|pause|resume|skip|now|status|retention`: the daily quiz's admin side (Manage Server). Thin glue
 * over src/schedule (and src/review for the spaced review's desired retention); posting itself is bot/quiz (the per-minute runner and, for `now`, the same sender).
 */
import {
  ApplicationCommandOptionType,
  ChannelType,
  EmbedBuilder,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type ChatInputCommandInteraction,
  type Client,
  type Guild,
} from 'discord.js';
import { formatNumber, localizedDescription, type Messages } from '../src/i18n/index.ts';
import { MAX_RETENTION, MIN_RETENTION, ReviewError, setRetention } from '../src/review/index.ts';
import {
  claimPostNow,
  openPost,
  parseDayList,
  pauseSchedule,
  resumeSchedule,
  scheduleStatus,
  ScheduleError,
  setupSchedule,
  skipNextPost,
  takePauseNotice,
  type ScheduleStatus,
} from '../src/schedule/index.ts';
import { replyEphemeral } from '../bot/dispatcher.ts';
import { daysLabel, localDateLabel, localTimeLabel, relativeTime } from '../bot/quiz/format.ts';
import { questionPicker, sendPost } from '../bot/quiz/publish.ts';
import { timezoneChoices } from '../bot/quiz/timezones.ts';
import type { CommandContext, SlashCommand } from '../bot/types.ts';

/** What the bot needs in the quiz channel, in the order they matter. */
const NEEDED = ['ViewChannel', 'SendMessages', 'EmbedLinks'] as const;

function subcommand(name: string, description: (m: Messages) => string, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, name, ...localizedDescription(description), options };
}

export const quiz: SlashCommand = {
  adminOnly: true,
  data: {
    name: 'quiz',
    ...localizedDescription((text) => text.commands.quiz.description),
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    options: [
      subcommand('setup', (m) => m.commands.quiz.setup, [
        { type: ApplicationCommandOptionType.Channel, name: 'channel', ...localizedDescription((m) => m.commands.quiz.channel), required: true, channel_types: [ChannelType.GuildText] },
        { type: ApplicationCommandOptionType.String, name: 'time', ...localizedDescription((m) => m.commands.quiz.time), required: true, min_length: 4, max_length: 5 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', ...localizedDescription((m) => m.commands.quiz.timezone), required: true, autocomplete: true, max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'days', ...localizedDescription((m) => m.commands.quiz.days), max_length: 100 },
      ]),
      subcommand('pause', (m) => m.commands.quiz.pause),
      subcommand('resume', (m) => m.commands.quiz.resume),
      subcommand('skip', (m) => m.commands.quiz.skip),
      subcommand('now', (m) => m.commands.quiz.now),
      subcommand('status', (m) => m.commands.quiz.status),
      subcommand('retention', (m) => m.commands.quiz.retention, [
        { type: ApplicationCommandOptionType.Number, name: 'value', ...localizedDescription((m) => m.commands.quiz.retentionValue), required: true, min_value: MIN_RETENTION, max_value: MAX_RETENTION },
      ]),
    ],
  },

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? timezoneChoices(String(focused.value)) : []);
  },

  async execute(interaction, context) {
    await runSubcommand(interaction, context);
    // A pause the bot made itself (channel gone, permission lost) is told to the first admin here after it,
    // once; setup and resume end the pause, and status shows it.
    const subcommandName = interaction.options.getSubcommand();
    if (subcommandName === 'setup' || subcommandName === 'resume') return;
    const notice = await takePauseNotice(context.services.db, interaction.guildId!);
    if (notice && subcommandName !== 'status') {
      await interaction.followUp({
        content: context.text.quiz.pausedForProblem(`<#${notice.channelId}>`, context.text.quiz.pauseReasons[notice.reason] ?? notice.reason),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    }
  },
};

async function runSubcommand(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  try {
    switch (interaction.options.getSubcommand()) {
      case 'setup':
        return await setup(interaction, context);
      case 'pause':
        await pauseSchedule(context.services.db, interaction.guildId!, context.services.now());
        return await replyEphemeral(interaction, context.text.quiz.paused);
      case 'resume': {
        const status = await resumeSchedule(context.services.db, interaction.guildId!, context.services.now());
        return await replyEphemeral(interaction, context.text.quiz.resumed(nextLabel(status, context)));
      }
      case 'skip': {
        const status = await skipNextPost(context.services.db, interaction.guildId!, context.services.now());
        const skipped = status.skipDate ? localDateLabel(status.skipDate, context.language) : context.text.quiz.nextNone;
        return await replyEphemeral(interaction, context.text.quiz.skipped(skipped, nextLabel(status, context)));
      }
      case 'now':
        return await postNow(interaction, context);
      case 'status':
        return await status(interaction, context);
      case 'retention': {
        const value = await setRetention(context.services.db, interaction.guildId!, interaction.options.getNumber('value', true), context.services.now());
        return await replyEphemeral(interaction, context.text.quiz.retentionSet(formatNumber(value, context.language, 2)));
      }
      default:
        return await replyEphemeral(interaction, context.text.errors.unknownCommand);
    }
  } catch (error) {
    // Domain refusals (bad time, unknown zone, not configured, retention out of range…) are answers, not failures.
    if (error instanceof ReviewError && error.code === 'invalid_retention') return await replyEphemeral(interaction, context.text.quiz.retentionInvalid);
    if (!(error instanceof ScheduleError)) throw error;
    await replyEphemeral(interaction, context.text.quiz.invalid[error.code] ?? context.text.errors.internal);
  }
}

function nextLabel(status: ScheduleStatus, { text, language }: CommandContext): string {
  if (status.nextPostAt === null) return text.quiz.nextNone;
  return `${localTimeLabel(status.nextPostAt, status.timezone, language)} ${relativeTime(status.nextPostAt)}`;
}

/** null: the channel is not in the bot's cache (deleted, or not visible at all). */
function missingPermissions(client: Client, guild: Guild | null, channelId: string): string[] | null {
  const channel = guild?.channels.cache.get(channelId);
  if (!channel || !client.user) return null;
  const permissions = channel.permissionsFor(client.user);
  if (!permissions) return [...NEEDED];
  return NEEDED.filter((name) => !permissions.has(PermissionFlagsBits[name]));
}

function permissionsLine(client: Client, guild: Guild | null, channelId: string, text: Messages): string {
  // No gateway (HTTP interactions mode): nothing sends the channels and roles, whatever server object is at hand.
  if (guild === null || client.ws.shards.size === 0) return text.quiz.permissionsUnchecked;
  const missing = missingPermissions(client, guild, channelId);
  if (missing === null) return text.quiz.channelMissing;
  if (missing.length === 0) return text.quiz.permissionsOk;
  return text.quiz.permissionsMissing(missing.map((name) => text.quiz.permissionNames[name] ?? name).join(', '));
}

async function setup(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { services, text } = context;
  const channel = interaction.options.getChannel('channel', true);
  if (channel.type !== ChannelType.GuildText) return replyEphemeral(interaction, text.quiz.channelNotText);
  const daysText = interaction.options.getString('days');
  const status = await setupSchedule(
    services.db,
    {
      guildId: interaction.guildId!,
      channelId: channel.id,
      time: interaction.options.getString('time', true),
      timezone: interaction.options.getString('timezone', true),
      days: daysText === null ? undefined : parseDayList(daysText),
    },
    services.now(),
  );
  const lines = [text.quiz.setupDone(`<#${channel.id}>`, status.time, status.timezone, daysLabel(status.daysMask, text), nextLabel(status, context))];
  // A pending /quiz skip survives a new setup; when the new schedule makes it meaningless, the admin is told.
  if (status.skipDate) lines.push(text.quiz.skipKept(localDateLabel(status.skipDate, context.language)));
  if (status.clearedSkipDate) lines.push(text.quiz.skipCleared(localDateLabel(status.clearedSkipDate, context.language)));
  const missing = missingPermissions(interaction.client, interaction.guild, channel.id);
  if (missing && missing.length > 0) lines.push(permissionsLine(interaction.client, interaction.guild, channel.id, text));
  await replyEphemeral(interaction, lines.join('\n'));
}

async function status(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { services, text } = context;
  const current = await scheduleStatus(services.db, interaction.guildId!);
  if (!current) return replyEphemeral(interaction, text.quiz.notConfigured);
  const state = current.paused
    ? text.quiz.statusPaused(text.quiz.pauseReasons[current.pausedReason ?? 'manual'] ?? current.pausedReason ?? '')
    : text.quiz.statusActive;
  const embed = new EmbedBuilder()
    .setTitle(text.quiz.statusTitle)
    .addFields(
      { name: text.quiz.statusChannel, value: `<#${current.channelId}>`, inline: true },
      { name: text.quiz.statusSchedule, value: `${current.time} (${current.timezone}), ${daysLabel(current.daysMask, text)}`, inline: true },
      { name: text.quiz.statusNext, value: nextLabel(current, context) },
      { name: text.quiz.statusState, value: state },
      { name: text.quiz.statusPermissions, value: permissionsLine(interaction.client, interaction.guild, current.channelId, text) },
    );
  // Today's question, linked: after a restart the bot holds nothing else that could show it again.
  const open = await openPost(services.db, current.guildId, services.now());
  if (open?.messageId) {
    embed.addFields({
      name: text.quiz.statusOpenPost,
      value: text.quiz.statusOpenPostLink(localDateLabel(open.localDate, context.language), messageLink(current.guildId, open.channelId, open.messageId)),
    });
  }
  if (current.skipDate) embed.setFooter({ text: text.quiz.statusSkip(localDateLabel(current.skipDate, context.language)) });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

async function postNow(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { services, text } = context;
  const guildId = interaction.guildId!;
  // Sending goes through Discord: acknowledge first, the 3-second window is not ours to spend.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const now = services.now();
  const outcome = await claimPostNow(services.db, guildId, now, questionPicker(services, now));
  let content: string;
  if (outcome.claimed) {
    const sent = await sendPost(interaction.client, services, outcome.post);
    if (sent.status === 'sent') content = text.quiz.postedNow(messageLink(guildId, outcome.post.channelId, sent.messageId));
    else if (sent.status === 'deferred') content = text.quiz.sendRetrying;
    else {
      await takePauseNotice(services.db, guildId); // this admin is being told right here
      content = text.quiz.sendFailed(text.quiz.pauseReasons[sent.reason] ?? sent.reason);
    }
  } else if (outcome.reason === 'no_schedule') {
    content = text.quiz.notConfigured;
  } else if (outcome.reason === 'paused') {
    content = text.quiz.nowWhilePaused;
  } else if (outcome.post.messageId) {
    content = text.quiz.alreadyPostedToday(messageLink(guildId, outcome.post.channelId, outcome.post.messageId));
  } else if (outcome.post.status === 'failed') {
    content = text.quiz.todayFailed(text.quiz.pauseReasons[outcome.post.lastError ?? ''] ?? outcome.post.lastError ?? '?');
  } else {
    content = text.quiz.nowSending;
  }
  await interaction.editReply({ content, allowedMentions: { parse: [] } });
}
