/**
 * `/stats [member]`: answers, accuracy overall and per topic with exam weights, the spaced review (cards due,
 * reviewed today, predicted recall per topic), the weakest topic, and a heatmap.
 */
import { ApplicationCommandOptionType, AttachmentBuilder, EmbedBuilder } from 'discord.js';
import { DateTime } from 'luxon';
import { examHistory } from '../src/exam/index.ts';
import { getStats, renderHeatmap, settleCardSteps, type MemberStats, type TopicStats } from '../src/progress/index.ts';
import { dueSummary, recallByTopic, reviewedToday, type RecallByTopic } from '../src/review/index.ts';
import { formatNumber, formatPercent, localizedDescription, type Language, type Messages } from '../src/i18n/index.ts';
import { clip } from '../src/format/text.ts';
import { plainName, targetMember } from '../bot/members.ts';
import type { SlashCommand } from '../bot/types.ts';

const HEATMAP_FILE = 'heatmap.png';
const FIELD_LIMIT = 1024;

export const stats: SlashCommand = {
  data: {
    name: 'stats',
    name_localizations: { 'pt-BR': 'estatisticas' },
    ...localizedDescription((text) => text.commands.stats.description),
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.User,
        name: 'member',
        name_localizations: { 'pt-BR': 'membro' },
        ...localizedDescription((text) => text.commands.stats.member),
      },
    ],
  },

  async execute(interaction, { services, text, language }) {
    const { userId, name } = targetMember(interaction);
    const guildId = interaction.guildId!;
    const now = services.now();
    const result = await getStats(services.db, guildId, userId, { now });
    await settleCardSteps(services.db); // the daily answers' card steps still pending, before reading cards
    const due = await dueSummary(services.db, guildId, userId, now);
    const recall = await recallByTopic(services.db, guildId, userId, now);
    const hasCards = due.due > 0 || due.nextDueAt !== null;
    const embed = new EmbedBuilder().setColor(0x2b7de9).setTitle(text.stats.title(plainName(name)));
    const exams = await examsField(services.db, guildId, userId, text, language);
    if (result.answered === 0 && !hasCards) {
      embed.setDescription(text.stats.none);
      if (exams) embed.addFields(exams);
      await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
      return;
    }
    if (result.answered > 0) {
      embed.addFields(
        { name: text.stats.answers, value: formatNumber(result.answered, language), inline: true },
        { name: text.stats.accuracy, value: formatPercent(result.accuracy, language), inline: true },
        { name: text.stats.points, value: formatNumber(result.points, language), inline: true },
        { name: text.stats.byTopic, value: result.topics.map((topic) => topicLine(topic, text, language)).join('\n') },
      );
    }
    embed.addFields(
      { name: text.stats.cardsDue, value: formatNumber(due.due, language), inline: true },
      { name: text.stats.reviewedToday, value: formatNumber(await reviewedToday(services.db, guildId, userId, now), language), inline: true },
    );
    if (recall.topics.length > 0) {
      const lines = recall.topics.map((topic) => text.stats.recallLine(topic.topicId, topic.cards, formatPercent(topic.averageRecall, language)));
      embed.addFields({ name: text.stats.recallByTopic, value: clip(lines.join('\n'), FIELD_LIMIT) });
    }
    const weakest = weakestField(result, recall, text, language);
    if (weakest) embed.addFields(weakest);
    if (exams) embed.addFields(exams);
    const picture = await renderHeatmap({ title: text.stats.heatmapTitle(name), counts: result.days.counts, to: result.days.to, locale: language });
    embed.setImage(`attachment://${HEATMAP_FILE}`);
    await interaction.reply({
      embeds: [embed],
      files: [new AttachmentBuilder(picture.png, { name: HEATMAP_FILE })],
      allowedMentions: { parse: [] },
    });
  },
};

/** By predicted recall once a topic has enough reviewed cards (WEAKEST_TOPIC_MIN_CARDS), else by raw accuracy. */
function weakestField(result: MemberStats, recall: RecallByTopic, text: Messages, language: Language): { name: string; value: string } | null {
  const byRecall = recall.weakest === null ? undefined : recall.topics.find((topic) => topic.topicId === recall.weakest);
  if (byRecall) return { name: text.stats.weakestByRecall, value: text.stats.recallLine(byRecall.topicId, byRecall.cards, formatPercent(byRecall.averageRecall, language)) };
  if (result.weakestTopic) return { name: text.stats.weakest, value: topicLine(result.weakestTopic, text, language) };
  return null;
}

function topicLine(topic: TopicStats, text: Messages, language: Language): string {
  return text.stats.topicLine(topic.topicId, topic.weight, topic.answered, formatPercent(topic.accuracy, language));
}

/** The member's last mock exams (/exam): date in the server's timezone, the scaled estimate, the raw share. */
async function examsField(db: Parameters<typeof examHistory>[0], guildId: string, userId: string, text: Messages, language: Language) {
  const history = await examHistory(db, guildId, userId, 5);
  if (history.length === 0) return null;
  const lines = history.map((entry) =>
    text.exam.historyLine(
      DateTime.fromISO(entry.localDate).setLocale(language).toLocaleString(DateTime.DATE_SHORT),
      entry.scaled,
      formatPercent(entry.total === 0 ? 0 : entry.correct / entry.total, language),
    ),
  );
  return { name: text.exam.historyTitle, value: lines.join('\n') };
}
