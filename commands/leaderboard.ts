/** `/leaderboard [metric] [period]`: the server's top 10 and the caller's own rank, names without pings. */
import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { getLeaderboard, markMemberLeft, type Leaderboard, type LeaderboardEntry, type LeaderboardMetric } from '../src/progress/index.ts';
import { localizedChoice, localizedDescription, type Messages } from '../src/i18n/index.ts';
import { displayNames, plainName } from '../bot/members.ts';
import type { SlashCommand } from '../bot/types.ts';

const MEDALS = ['🥇', '🥈', '🥉'];
/** Members found gone are hidden and the board is read again, a bounded number of times. */
const MAX_REREADS = 3;

type Period = 'week' | 'month' | 'all';

export const leaderboard: SlashCommand = {
  data: {
    name: 'leaderboard',
    name_localizations: { 'pt-BR': 'ranking' },
    ...localizedDescription((text) => text.commands.leaderboard.description),
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'metric',
        name_localizations: { 'pt-BR': 'criterio' },
        ...localizedDescription((text) => text.commands.leaderboard.metric),
        choices: [
          localizedChoice((text) => text.choices.metricPoints, 'points'),
          localizedChoice((text) => text.choices.metricStreak, 'streak'),
          localizedChoice((text) => text.choices.metricAccuracy, 'accuracy'),
        ],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'period',
        name_localizations: { 'pt-BR': 'periodo' },
        ...localizedDescription((text) => text.commands.leaderboard.period),
        choices: [
          localizedChoice((text) => text.choices.periodWeek, 'week'),
          localizedChoice((text) => text.choices.periodMonth, 'month'),
          localizedChoice((text) => text.choices.periodAll, 'all'),
        ],
      },
    ],
  },

  async execute(interaction, { services, text }) {
    const metric = (interaction.options.getString('metric') ?? 'points') as LeaderboardMetric;
    const askedPeriod = interaction.options.getString('period') as Period | null;
    const period = askedPeriod ?? 'week';
    // Fetching the server and ten members can take a moment on a cold cache; Discord wants an answer within 3 s.
    await interaction.deferReply();
    // HTTP mode has no cached server: fetch it without caching it, since a cached server without its channels
    // would make /quiz status report the quiz channel as deleted.
    const guild = interaction.guild ?? (await interaction.client.guilds.fetch({ guild: interaction.guildId!, cache: false }));

    let board: Leaderboard;
    let names = new Map<string, string | null>();
    for (let read = 0; ; read++) {
      board = await getLeaderboard(services.db, guild.id, { metric, period, userId: interaction.user.id, now: services.now() });
      const ids = board.entries.map((entry) => entry.userId).filter((id) => !names.has(id));
      for (const [id, name] of await displayNames(guild, ids)) names.set(id, name);
      const gone = board.entries.filter((entry) => names.get(entry.userId) === null);
      if (gone.length === 0 || read >= MAX_REREADS) break;
      for (const entry of gone) await markMemberLeft(services.db, guild.id, entry.userId, services.now());
      names = new Map([...names].filter(([, name]) => name !== null));
    }

    const lines = board.entries
      .filter((entry) => names.get(entry.userId))
      .map((entry) => `${MEDALS[entry.rank - 1] ?? `**${entry.rank}.**`} ${plainName(names.get(entry.userId)!)} — ${formatValue(metric, entry, text)}`);
    const embed = new EmbedBuilder()
      .setColor(0xf1c40f)
      .setTitle(text.leaderboard.title(text.leaderboard.metrics[metric] ?? metric, periodLabel(metric, period, askedPeriod, text)))
      .setDescription(lines.length > 0 ? lines.join('\n') : text.leaderboard.empty)
      .addFields({ name: '\u200b', value: board.me ? text.leaderboard.yourRank(board.me.rank, formatValue(metric, board.me, text)) : text.leaderboard.notRanked });
    if (metric === 'accuracy') embed.setFooter({ text: text.leaderboard.accuracyNote(board.minAnswers) });
    await interaction.editReply({ embeds: [embed], allowedMentions: { parse: [] } });
  },
};

/** Streaks exist only as they are now: a streak board asked for a week or a month says it shows all time. */
function periodLabel(metric: LeaderboardMetric, period: Period, askedPeriod: Period | null, text: Messages): string {
  if (metric !== 'streak') return text.leaderboard.periods[period] ?? period;
  return (askedPeriod && text.leaderboard.streakAllTime[askedPeriod]) ?? text.leaderboard.periods.all!;
}

function formatValue(metric: LeaderboardMetric, entry: LeaderboardEntry, text: Messages): string {
  if (metric === 'points') return text.leaderboard.points(entry.value);
  if (metric === 'streak') return text.streak.days(entry.value);
  return text.leaderboard.accuracy(entry.value, entry.correct, entry.answered);
}
