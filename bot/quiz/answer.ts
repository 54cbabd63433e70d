/**
 * A member answering a quiz question, daily or practice: the components and the modal route here (through the
 * `practice` command, see ids.ts). The answer is graded with checkAnswer, recorded (and committed) by the
 * progress module, and only then does the member get their private feedback. Nothing slow happens before the reply.
 */
import {
  MessageFlags,
  type ButtonInteraction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { cutText } from '../../src/format/text.ts';
import { recordPracticeAnswer, type AnswerValue } from '../../src/progress/index.ts';
import { checkAnswer, type Question, type Submission } from '../../src/questions/index.ts';
import { answerWindowOpen, getPost, type QuizPost } from '../../src/schedule/index.ts';
import { replyEphemeral } from '../dispatcher.ts';
import { notesButtonRow } from '../render/entry-buttons.ts';
import { answerModal, feedbackText, MAX_TYPED_ANSWER } from '../render/question.ts';
import type { CommandContext } from '../types.ts';
import { citationOf } from './format.ts';
import { ANSWER_INPUT, answerIds, parseAnswerId, type ParsedAnswerId } from './ids.ts';

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

function dailyPost(interaction: AnswerInteraction, context: CommandContext, ref: string): { post: QuizPost; question: Question } | null {
  const post = getPost(context.services.db, Number(ref));
  if (!post || post.guildId !== interaction.guildId) return null;
  const question = context.services.bank.byId.get(post.questionId);
  return question ? { post, question } : null;
}

/** What is stored (see the answers table): the chosen option ids (their indexes in the question) or the typed text. */
function answerValue(submission: Submission): AnswerValue {
  if (submission.kind === 'fill-in') return submission.text.trim();
  const chosen = submission.kind === 'single' ? [submission.choice] : [...submission.choices].sort((a, b) => a - b);
  return chosen.map(String);
}

export async function handleAnswerComponent(component: MessageComponentInteraction, context: CommandContext, args: string[]): Promise<void> {
  const { text } = context;
  if (!component.isButton() && !component.isStringSelectMenu()) {
    await component.reply({ content: text.errors.expiredButton, flags: MessageFlags.Ephemeral });
    return;
  }
  const interaction = component;
  const id = parseAnswerId(args);
  if (!id || id.action === 'typed') return replyEphemeral(interaction, text.errors.expiredButton);
  if (id.action === 'type') {
    if (id.mode === 'day') {
      const found = dailyPost(interaction, context, id.ref);
      if (!found) return replyEphemeral(interaction, text.errors.expiredButton);
      if (!answerWindowOpen(found.post, context.services.now())) return replyEphemeral(interaction, text.quiz.windowClosed);
    } else if (practiceAnswered.has(interaction.message.id)) {
      return replyEphemeral(interaction, text.quiz.alreadyAnswered);
    }
    return interaction.showModal(answerModal(answerIds(id.mode, id.ref), ANSWER_INPUT, text));
  }
  if (id.action === 'pick') return answer(interaction, context, id, { kind: 'single', choice: id.option! });
  if (!interaction.isStringSelectMenu()) return replyEphemeral(interaction, text.errors.expiredButton);
  return answer(interaction, context, id, { kind: 'multiple', choices: interaction.values.map(Number) });
}

export async function handleAnswerModal(interaction: ModalSubmitInteraction, context: CommandContext, args: string[]): Promise<void> {
  const id = parseAnswerId(args);
  if (!id || id.action !== 'typed') return replyEphemeral(interaction, context.text.errors.expiredButton);
  const typed = cutText(interaction.fields.getTextInputValue(ANSWER_INPUT), MAX_TYPED_ANSWER);
  return answer(interaction, context, id, { kind: 'fill-in', text: typed });
}

async function answer(interaction: AnswerInteraction, context: CommandContext, id: ParsedAnswerId, submission: Submission): Promise<void> {
  return id.mode === 'day' ? answerDaily(interaction, context, id.ref, submission) : answerPractice(interaction, context, id.ref, submission);
}

async function answerDaily(interaction: AnswerInteraction, context: CommandContext, ref: string, submission: Submission): Promise<void> {
  const { services, text } = context;
  const found = dailyPost(interaction, context, ref);
  if (!found) return replyEphemeral(interaction, text.errors.expiredButton);
  const { post, question } = found;
  const check = checkAnswer(question, submission);
  if (check.invalid === 'empty') return replyEphemeral(interaction, text.quiz.kindHint.fill ?? text.errors.expiredButton);
  if (check.invalid) return replyEphemeral(interaction, text.errors.expiredButton);
  const result = await services.dailyAnswers.record({
    guildId: post.guildId,
    userId: interaction.user.id,
    postId: post.id,
    questionId: question.id,
    topicId: post.topicId,
    answer: answerValue(submission),
    correct: check.correct,
    answeredAt: services.now(),
  });
  // Committed: only now does the member hear about it.
  if (result.status === 'already-answered') return replyEphemeral(interaction, text.quiz.alreadyAnswered);
  if (result.status === 'window-closed') return replyEphemeral(interaction, text.quiz.windowClosed);
  const citation = citationOf(question, services.knowledge);
  const feedback = feedbackText({ question, submission, correct: result.correct, citation, streak: result.streak.current }, text);
  return replyEphemeral(interaction, feedback, notesButtonRow(citation?.entryId, text));
}

async function answerPractice(interaction: AnswerInteraction, context: CommandContext, questionId: string, submission: Submission): Promise<void> {
  const { services, text } = context;
  const question = services.bank.byId.get(questionId);
  if (!question || !interaction.guildId) return replyEphemeral(interaction, text.errors.expiredButton);
  const check = checkAnswer(question, submission);
  if (check.invalid === 'empty') return replyEphemeral(interaction, text.quiz.kindHint.fill ?? text.errors.expiredButton);
  if (check.invalid) return replyEphemeral(interaction, text.errors.expiredButton);
  const key = interaction.message?.id ?? interaction.id;
  if (!claimPracticeAnswer(key)) return replyEphemeral(interaction, text.quiz.alreadyAnswered);
  recordPracticeAnswer(services.db, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    questionId: question.id,
    topicId: question.topic,
    answer: answerValue(submission),
    correct: check.correct,
    answeredAt: services.now(),
  });
  const citation = citationOf(question, services.knowledge);
  const content = feedbackText({ question, submission, correct: check.correct, citation }, text);
  const components = notesButtonRow(citation?.entryId, text);
  // The practice question is the member's own ephemeral message: answer in place; its answer buttons give way to the notes.
  if (interaction.isMessageComponent() || interaction.isFromMessage()) {
    await interaction.update({ content, components, allowedMentions: { parse: [] } });
  } else {
    await interaction.reply({ content, components, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}
