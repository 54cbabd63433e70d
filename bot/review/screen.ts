/**
 * What /review shows: how many cards are due and the longest-waiting one (a question in a fresh option order,
 * or a notes flashcard's front), or, when none is due, when the next one is. Also the flashcard's back with
 * the self-rating buttons, and the "next" row under every answered card.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import { clip } from '../../src/format/text.ts';
import type { Entry } from '../../src/notes/types.ts';
import { settleCardSteps } from '../../src/progress/index.ts';
import { dueCards, dueSummary, type ReviewCard } from '../../src/review/index.ts';
import { answerIds } from '../quiz/ids.ts';
import { relativeTime, topicLabel } from '../quiz/format.ts';
import { newOrder, shownPractice } from '../quiz/shown.ts';
import { entryEmbed, entryParts } from '../render/entry.ts';
import { answerRows, questionEmbed } from '../render/question.ts';
import type { CommandContext } from '../types.ts';
import { RATINGS, reviewIds } from './ids.ts';

/** Due cards looked at for one whose question or entry still exists (the bank and notes can be edited). */
const LOOK_AHEAD = 25;
const FLASHCARD_COLOR = 0x9b59b6;

export interface ReviewScreen {
  content: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}

/** The member's review as it stands now: the first due card, or when the next one is due. */
export async function reviewScreen(context: CommandContext, guildId: string, userId: string): Promise<ReviewScreen> {
  const { services, text } = context;
  const now = services.now();
  await settleCardSteps(services.db); // the daily answers' card steps still pending, first (a no-op when none is)
  const summary = await dueSummary(services.db, guildId, userId, now);
  if (summary.due > 0) {
    for (const card of await dueCards(services.db, guildId, userId, now, LOOK_AHEAD)) {
      const shown = cardScreen(context, card);
      if (shown) return { content: text.review.due(summary.due), ...shown };
    }
  }
  const content = summary.nextDueAt !== null ? text.review.noneDue(relativeTime(summary.nextDueAt)) : text.review.noCards;
  return { content, embeds: [], components: [] };
}

function cardScreen(context: CommandContext, card: ReviewCard): Omit<ReviewScreen, 'content'> | null {
  const { services, text } = context;
  if (card.kind === 'question') {
    const question = services.bank.byId.get(card.id);
    if (!question) return null;
    const order = newOrder(question);
    const shown = shownPractice(question, order).question;
    return {
      embeds: [questionEmbed(shown, { title: text.review.title, topic: topicLabel(question.topic, services.knowledge) }, text)],
      components: answerRows(shown, answerIds('rev', question.id, order, card.reps), text),
    };
  }
  const entry = services.knowledge.entries.get(card.id);
  if (!entry) return null;
  const front = new EmbedBuilder()
    .setColor(FLASHCARD_COLOR)
    .setAuthor({ name: clip(`${text.review.flashcardTitle} · ${topicLabel(entry.topicId, services.knowledge)}`, 256) })
    .setTitle(clip(entry.title, 256))
    .setDescription(text.review.flashcardHint);
  const show = new ButtonBuilder().setCustomId(reviewIds.show(entry.id, card.reps)).setLabel(text.review.show).setStyle(ButtonStyle.Primary);
  return { embeds: [front], components: [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(show)] };
}

/** The flashcard's back: its note as /term shows it, and Again / Hard / Good / Easy. */
export function flashcardBack(context: CommandContext, entry: Entry, reps: number): Omit<ReviewScreen, 'content'> {
  const { services, text } = context;
  const embed = entryEmbed(entry, entryParts(entry), services.knowledge.topics.get(entry.topicId), 0, text);
  const buttons = RATINGS.map((rating) =>
    new ButtonBuilder()
      .setCustomId(reviewIds.rate(entry.id, reps, rating))
      .setLabel(text.review.ratings[rating] ?? rating)
      .setStyle(rating === 'again' ? ButtonStyle.Danger : rating === 'good' ? ButtonStyle.Success : ButtonStyle.Secondary),
  );
  return { embeds: [embed], components: [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(buttons)] };
}

/** "Next" under an answered card. */
export function nextRow(context: CommandContext): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(reviewIds.next()).setLabel(context.text.review.next).setStyle(ButtonStyle.Primary),
  );
}
