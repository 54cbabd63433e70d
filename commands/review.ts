/**
 * `/review`: the member's due review cards, one at a time, only for them. Question cards are answered like
 * /practice (the `answer` route, mode `rev`); notes flashcards are turned over and self-rated here. Every
 * answer is committed (card stepped, FSRS via src/review) before the member sees the result.
 */
import { MessageFlags } from 'discord.js';
import { localizedDescription } from '../src/i18n/index.ts';
import { flashcardKey, getCard, rateShownCard } from '../src/review/index.ts';
import { replyEphemeral } from '../bot/dispatcher.ts';
import { parseReviewId } from '../bot/review/ids.ts';
import { relativeTime } from '../bot/quiz/format.ts';
import { flashcardBack, nextRow, reviewScreen } from '../bot/review/screen.ts';
import type { SlashCommand } from '../bot/types.ts';

export const review: SlashCommand = {
  data: {
    name: 'review',
    name_localizations: { 'pt-BR': 'revisar' },
    ...localizedDescription((text) => text.commands.review.description),
    dm_permission: false,
  },

  async execute(interaction, context) {
    const screen = await reviewScreen(context, interaction.guildId!, interaction.user.id);
    await interaction.reply({ ...screen, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },

  async component(component, context, args) {
    const { services, text } = context;
    const id = parseReviewId(args);
    const guildId = component.guildId;
    if (!component.isButton()) return replyEphemeral(component, text.errors.expiredButton);
    const interaction = component;
    if (!id || !guildId) return replyEphemeral(interaction, text.errors.expiredButton);
    // The review is the member's own ephemeral message; every step replaces it in place.
    if (id.action === 'next') {
      await interaction.update({ ...(await reviewScreen(context, guildId, interaction.user.id)), allowedMentions: { parse: [] } });
      return;
    }
    const entry = services.knowledge.entries.get(id.entryId);
    const card = await getCard(services.db, guildId, interaction.user.id, flashcardKey(id.entryId));
    if (!entry || !card) return replyEphemeral(interaction, text.review.cardGone);
    if (card.reps !== id.reps) return replyEphemeral(interaction, text.review.alreadyAnswered);
    if (id.action === 'show') {
      await interaction.update({ content: text.review.rateHint, ...flashcardBack(context, entry, id.reps), allowedMentions: { parse: [] } });
      return;
    }
    const rated = await rateShownCard(
      services.db,
      { guildId, userId: interaction.user.id, cardKey: card.cardKey, topicId: card.topicId, correct: id.rating !== 'again', rating: id.rating === 'again' ? undefined : id.rating, source: 'review', at: services.now() },
      id.reps,
    );
    // Committed (or refused): only now does the member hear about it.
    if (!rated) return replyEphemeral(interaction, text.review.alreadyAnswered);
    const content = text.review.rated(text.review.ratings[id.rating] ?? id.rating, relativeTime(rated.card.due));
    const back = flashcardBack(context, entry, id.reps);
    await interaction.update({ content, embeds: back.embeds, components: [nextRow(context)], allowedMentions: { parse: [] } });
  },
};
