/**
 * A member answering a quiz question, daily, practice or a /review question card: the components and the modal route here (their own
 * `answer` route, plus the `practice:` ids of older versions; see ids.ts and routes.ts). Options are clicked in
 * the order shown (the post's stored order, or the practice id's); the answer is graded with checkAnswer,
 * recorded with FILE indexes (and committed) by the progress module, and only then does the member get their
 * private feedback, which names the options by their shown letters. Nothing slow happens before the reply.
 */
import {
  MessageFlags,
  type ActionRowBuilder,
  type ButtonBuilder,
  type ButtonInteraction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { cutText } from '../../src/format/text.ts';
import { recordPracticeAnswer, recordReviewAnswer, type AnswerValue } from '../../src/progress/index.ts';
import { checkAnswer, toFileSubmission, type PresentedQuestion, type Submission } from '../../src/questions/index.ts';
import { getCard, questionCardKey } from '../../src/review/index.ts';
import { answerWindowOpen, getPost, type QuizPost } from '../../src/schedule/index.ts';
import { replyEphemeral } from '../dispatcher.ts';
import { notesButtonRow } from '../render/entry-buttons.ts';
import { nextRow } from '../review/screen.ts';
import { answerModal, feedbackText, MAX_TYPED_ANSWER } from '../render/question.ts';
import type { CommandContext, ComponentRoute } from '../types.ts';
import { citationOf, relativeTime } from './format.ts';
import { ANSWER_INPUT, ANSWER_PREFIX, answerIds, LEGACY_ANSWER_PREFIX, parseAnswerId, parseLegacyAnswerId, type ParsedAnswerId } from './ids.ts';
import { shownInFileOrder, shownPost, shownPractice } from './shown.ts';

type AnswerInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * Practice questions are ephemeral and their answers have no uniqueness in the database: the first answer per
 * practice message wins here (a double click, a stale client). Bounded; only this process's recent messages.
 */
const practiceAnswered = new Set<string>();
const PRACTICE_MEMORY = 10_000;

function claimPracticeAnswer(key: string): boolean {
  if (practiceAnswered.has(key)) return false;
  practiceAnswered.add(key);
  if (practiceAnswered.size > PRACTICE_MEMORY) practiceAnswered.delete(practiceAnswered.values().next().value!);
  return true;
}

async function dailyPost(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId): Promise<{ post: QuizPost; shown: PresentedQuestion } | null> {
  const post = await getPost(context.services.db, Number(id.ref));
  if (!post || post.guildId !== interaction.guildId) return null;
  const question = context.services.bank.byId.get(post.questionId);
  if (!question) return null;
  return { post, shown: id.legacy ? shownInFileOrder(question) : shownPost(question, post) };
}

function practiceQuestion(context: CommandContext, id: ParsedAnswerId): PresentedQuestion | null {
  const question = context.services.bank.byId.get(id.ref);
  if (!question) return null;
  return id.legacy ? shownInFileOrder(question) : shownPractice(question, id.order);
}

/** What is stored (see the answers table): the chosen options' indexes in the question FILE, or the typed text. */
function answerValue(submission: Submission): AnswerValue {
  if (submission.kind === 'fill-in') return submission.text.trim();
  const chosen = submission.kind === 'single' ? [submission.choice] : [...submission.choices].sort((a, b) => a - b);
  return chosen.map(String);
}

interface Graded {
  correct: boolean;
  /** As stored: file indexes or the typed text. */
  answer: AnswerValue;
}

/** The submission graded against the question as shown; null once the member was told why it cannot count. */
async function grade(interaction: AnswerInteraction, context: CommandContext, shown: PresentedQuestion, submission: Submission): Promise<Graded | null> {
  const { text } = context;
  const check = checkAnswer(shown.question, submission);
  if (check.invalid) {
    await replyEphemeral(interaction, check.invalid === 'empty' ? (text.quiz.kindHint.fill ?? text.errors.expiredButton) : text.errors.expiredButton);
    return null;
  }
  return { correct: check.correct, answer: answerValue(toFileSubmission(shown, submission)) };
}

/** A practice or review answer as the progress module records it. */
function ownAnswer(guildId: string, interaction: AnswerInteraction, context: CommandContext, shown: PresentedQuestion, graded: Graded) {
  const { question } = shown;
  return { guildId, userId: interaction.user.id, questionId: question.id, topicId: question.topic, ...graded, answeredAt: context.services.now() };
}

async function handleAnswerComponent(component: MessageComponentInteraction, context: CommandContext, id: ParsedAnswerId | null): Promise<void> {
  const { text } = context;
  if (!component.isButton() && !component.isStringSelectMenu()) return replyEphemeral(component, text.errors.expiredButton);
  const interaction = component;
  if (!id || id.action === 'typed') return replyEphemeral(interaction, text.errors.expiredButton);
  if (id.action === 'type') {
    if (id.mode === 'day') {
      const found = await dailyPost(interaction, context, id);
      if (!found) return replyEphemeral(interaction, text.errors.expiredButton);
      if (!answerWindowOpen(found.post, context.services.now())) return replyEphemeral(interaction, text.quiz.windowClosed);
    } else if (id.mode === 'train' && practiceAnswered.has(interaction.message.id)) {
      return replyEphemeral(interaction, text.quiz.alreadyAnswered);
    }
    return interaction.showModal(answerModal(answerIds(id.mode, id.ref, undefined, id.reps ?? undefined), ANSWER_INPUT, text));
  }
  if (id.action === 'pick') return answer(interaction, context, id, { kind: 'single', choice: id.option! });
  if (!interaction.isStringSelectMenu()) return replyEphemeral(interaction, text.errors.expiredButton);
  return answer(interaction, context, id, { kind: 'multiple', choices: interaction.values.map(Number) });
}

async function handleAnswerModal(interaction: ModalSubmitInteraction, context: CommandContext, id: ParsedAnswerId | null): Promise<void> {
  if (!id || id.action !== 'typed') return replyEphemeral(interaction, context.text.errors.expiredButton);
  const typed = cutText(interaction.fields.getTextInputValue(ANSWER_INPUT), MAX_TYPED_ANSWER);
  return answer(interaction, context, id, { kind: 'fill-in', text: typed });
}

/** `submission` is in shown positions; graded against the question as shown (the same as the file's, reordered). */
async function answer(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId, submission: Submission): Promise<void> {
  if (id.mode === 'day') return answerDaily(interaction, context, id, submission);
  return id.mode === 'rev' ? answerReview(interaction, context, id, submission) : answerPractice(interaction, context, id, submission);
}

async function answerDaily(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId, submission: Submission): Promise<void> {
  const { services, text } = context;
  const found = await dailyPost(interaction, context, id);
  if (!found) return replyEphemeral(interaction, text.errors.expiredButton);
  const { post, shown } = found;
  const question = shown.question;
  const graded = await grade(interaction, context, shown, submission);
  if (!graded) return;
  const result = await services.dailyAnswers.record({
    guildId: post.guildId,
    userId: interaction.user.id,
    postId: post.id,
    questionId: question.id,
    topicId: post.topicId,
    ...graded,
    answeredAt: services.now(),
  });
  // Committed: only now does the member hear about it.
  if (result.status === 'already-answered') return replyEphemeral(interaction, text.quiz.alreadyAnswered);
  if (result.status === 'window-closed') return replyEphemeral(interaction, text.quiz.windowClosed);
  const citation = citationOf(question, services.knowledge);
  const feedback = feedbackText({ question, submission, correct: result.correct, citation, streak: result.streak.current }, text);
  return replyEphemeral(interaction, feedback, notesButtonRow(citation?.entryId, text));
}

async function answerPractice(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId, submission: Submission): Promise<void> {
  const { services, text } = context;
  const shown = practiceQuestion(context, id);
  if (!shown || !interaction.guildId) return replyEphemeral(interaction, text.errors.expiredButton);
  const question = shown.question;
  const graded = await grade(interaction, context, shown, submission);
  if (!graded) return;
  const key = interaction.message?.id ?? interaction.id;
  if (!claimPracticeAnswer(key)) return replyEphemeral(interaction, text.quiz.alreadyAnswered);
  try {
    await recordPracticeAnswer(services.db, ownAnswer(interaction.guildId, interaction, context, shown, graded));
  } catch (error) {
    practiceAnswered.delete(key); // nothing was recorded: the member's retry is the first answer
    throw error;
  }
  const citation = citationOf(question, services.knowledge);
  const content = feedbackText({ question, submission, correct: graded.correct, citation }, text);
  return answerInPlace(interaction, content, notesButtonRow(citation?.entryId, text));
}

/** A /review question card: graded like practice, recorded with the card's step (first answer per showing wins). */
async function answerReview(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId, submission: Submission): Promise<void> {
  const { services, text } = context;
  const shown = practiceQuestion(context, id);
  const guildId = interaction.guildId;
  if (!shown || !guildId || id.reps === null) return replyEphemeral(interaction, text.errors.expiredButton);
  const question = shown.question;
  const graded = await grade(interaction, context, shown, submission);
  if (!graded) return;
  const result = await recordReviewAnswer(services.db, { ...ownAnswer(guildId, interaction, context, shown, graded), expectedReps: id.reps });
  // Committed (or refused as a second answer): only now does the member hear about it.
  if (result.status === 'stale') return replyEphemeral(interaction, text.review.alreadyAnswered);
  const card = await getCard(services.db, guildId, interaction.user.id, questionCardKey(question.id));
  const citation = citationOf(question, services.knowledge);
  const note = card ? `${text.review.note}\n${text.review.cardBack(relativeTime(card.due))}` : text.review.note;
  const content = feedbackText({ question, submission, correct: graded.correct, citation, note }, text);
  return answerInPlace(interaction, content, [...notesButtonRow(citation?.entryId, text), nextRow(context)]);
}

/** Practice and review questions are the member's own ephemeral message: answer in place; the answer buttons give way. */
async function answerInPlace(interaction: AnswerInteraction, content: string, components: ActionRowBuilder<ButtonBuilder>[]): Promise<void> {
  if (interaction.isMessageComponent() || interaction.isFromMessage()) {
    await interaction.update({ content, components, allowedMentions: { parse: [] } });
  } else {
    await interaction.reply({ content, components, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}

/** The answer components of this version. */
export const answerRoute: ComponentRoute = {
  prefix: ANSWER_PREFIX,
  component: (interaction, context, args) => handleAnswerComponent(interaction, context, parseAnswerId(args)),
  modal: (interaction, context, args) => handleAnswerModal(interaction, context, parseAnswerId(args)),
};

/** Answer buttons posted by older versions (`practice:…`, file order), still in channels. */
export const legacyAnswerRoute: ComponentRoute = {
  prefix: LEGACY_ANSWER_PREFIX,
  component: (interaction, context, args) => handleAnswerComponent(interaction, context, parseLegacyAnswerId(args)),
  modal: (interaction, context, args) => handleAnswerModal(interaction, context, parseLegacyAnswerId(args)),
};
