/** `/forget-me`: deletes the caller's data in this server (answers, progress, review cards), after a confirmation button only they can press. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { forgetEverything } from '../src/members/forget.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import { customId, type SlashCommand } from '../bot/types.ts';


export const forgetMe: SlashCommand = {
  data: {
    name: 'forget-me',
    name_localizations: { 'pt-BR': 'esquecer-me' },
    ...localizedDescription((text) => text.commands.forgetMe.description),
    dm_permission: false,
  },

  async execute(interaction, { text }) {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(customId('forget-me', 'confirm', interaction.user.id)).setLabel(text.forget.confirmButton).setStyle(ButtonStyle.Danger),
      new ButtonBuilder().setCustomId(customId('forget-me', 'cancel', interaction.user.id)).setLabel(text.forget.cancelButton).setStyle(ButtonStyle.Secondary),
    );
    await interaction.reply({ content: text.forget.confirm, components: [row], flags: MessageFlags.Ephemeral });
  },

  async component(interaction, { services, text }, [action, ownerId]) {
    if (ownerId !== interaction.user.id) {
      await interaction.reply({ content: text.errors.notYours, flags: MessageFlags.Ephemeral });
      return;
    }
    if (action !== 'confirm') {
      await interaction.update({ content: text.forget.cancelled, components: [] });
      return;
    }
    const deleted = await forgetEverything(services.db, interaction.guildId!, interaction.user.id);
    await interaction.update({ content: `${text.forget.done(deleted.answers, deleted.progress)}\n${text.forget.cards(deleted.cards)}`, components: [] });
  },
};
