/** `/streak [member]`: current and best streak, freezes held, and whether today's question still waits. */
import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { getStreak } from '../src/progress/index.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import { plainName, targetMember } from '../bot/members.ts';
import type { SlashCommand } from '../bot/types.ts';


export const streak: SlashCommand = {
  data: {
    name: 'streak',
    name_localizations: { 'pt-BR': 'sequencia' },
    ...localizedDescription((text) => text.commands.streak.description),
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.User,
        name: 'member',
        name_localizations: { 'pt-BR': 'membro' },
        ...localizedDescription((text) => text.commands.streak.member),
      },
    ],
  },

  async execute(interaction, { services, text }) {
    const { userId, name } = targetMember(interaction);
    const view = await getStreak(services.db, interaction.guildId!, userId, services.now());
    const today = view.todayPending ? text.streak.todayPending : null;
    const embed = new EmbedBuilder()
      .setColor(view.current > 0 ? 0xf26b1d : 0x99aab5)
      .setTitle(text.streak.title(plainName(name)))
      .addFields(
        { name: text.streak.current, value: text.streak.days(view.current), inline: true },
        { name: text.streak.best, value: text.streak.days(view.best), inline: true },
        { name: text.streak.freezes, value: `${'🧊'.repeat(view.freezes) || '—'} (${view.freezes}/2)`, inline: true },
      )
      .setFooter({ text: text.streak.freezeHelp });
    if (today) embed.setDescription(today);
    await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
  },
};
