/**
 * The mock exam's components (`exam:` ids, see ids.ts): every click reads the exam from the database, checks it is the
 * clicker's, writes (committed) through src/exam, then edits the ephemeral message in place. An exam past its
 * deadline is submitted by the first interaction that sees it, which shows the result.
 */
import { MessageFlags, type MessageComponentInteraction, type ModalSubmitInteraction } from 'discord.js';
import { cutText } from '../../src/format/text.ts';
import {
  answerExamItem,
  flagExamItem,
  getExamSession,
  loadExam,
  moveExamTo,
  submitExam,
  type ExamSession,
  type ItemWriteResult,
} from '../../src/exam/index.ts';
import type { Submission } from '../../src/questions/index.ts';
import { replyEphemeral } from '../dispatcher.ts';
import { answerModal, MAX_TYPED_ANSWER } from '../render/question.ts';
import type { CommandContext, ComponentRoute } from '../types.ts';
import { EXAM_ANSWER_INPUT, EXAM_PREFIX, examAnswerIds, parseExamId, type ParsedExamId } from './ids.ts';
import { confirmView, questionView, resultView, type ExamMessage, type ViewContext } from './view.ts';

type Editable = MessageComponentInteraction | ModalSubmitInteraction;

export function viewContext(context: CommandContext): ViewContext {
  return { exam: loadExam(), knowledge: context.services.knowledge, text: context.text, language: context.language, now: context.services.now() };
}

/** The question at `position` (or the result when its question left the bank). */
export function questionMessage(session: ExamSession, position: number, context: CommandContext, notice?: string): ExamMessage {
  const item = session.items[position];
  const question = item ? context.services.bank.byId.get(item.questionId) : undefined;
  if (!question) return resultView(session, 0, context.services.bank.byId, viewContext(context), context.text.errors.expiredButton);
  return questionView(session, position, question, viewContext(context), notice);
}

export function finishedMessage(session: ExamSession, context: CommandContext, page = 0, notice?: string): ExamMessage {
  return resultView(session, page, context.services.bank.byId, viewContext(context), notice);
}

/** How the question at `position` is answered: the hint for an answer that does not fit it. */
function answerHint(session: ExamSession, position: number, context: CommandContext): string {
  const kind = context.services.bank.byId.get(session.items[position]?.questionId ?? '')?.kind;
  const hint = kind === undefined ? undefined : context.text.quiz.kindHint[kind === 'fill-in' ? 'fill' : kind];
  return hint ?? context.text.errors.expiredButton;
}

async function show(interaction: Editable, message: ExamMessage): Promise<void> {
  const payload = { ...message, allowedMentions: { parse: [] } };
  if (interaction.isMessageComponent() || interaction.isFromMessage()) await interaction.update(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

/** The exam of the id if it is the clicker's; otherwise the refusal was sent and null returned. */
async function ownExam(interaction: Editable, context: CommandContext, id: ParsedExamId | null): Promise<ExamSession | null> {
  const session = id ? await getExamSession(context.services.db, loadExam(), id.examId, context.services.now()) : null;
  if (!id || !session) {
    await replyEphemeral(interaction, context.text.errors.expiredButton);
    return null;
  }
  if (session.userId !== interaction.user.id || session.guildId !== interaction.guildId) {
    await replyEphemeral(interaction, context.text.exam.notYours);
    return null;
  }
  if (session.submittedAt !== null) {
    // Over: by the member earlier, or by the deadline just now. Either way the click shows the result.
    const notice = session.timedOut ? context.text.exam.timedOut : context.text.exam.alreadySubmitted;
    await show(interaction, finishedMessage(session, context, id.action === 'res' ? id.index : 0, id.action === 'res' ? undefined : notice));
    return null;
  }
  return session;
}

async function afterWrite(interaction: Editable, context: CommandContext, result: ItemWriteResult, position: number, notice?: string): Promise<void> {
  const { text } = context;
  if (result.status === 'not-yours') return replyEphemeral(interaction, text.exam.notYours);
  if (result.status === 'finished') return show(interaction, finishedMessage(result.session, context, 0, result.session.timedOut ? text.exam.timedOut : text.exam.alreadySubmitted));
  if (result.status !== 'ok') return replyEphemeral(interaction, text.errors.expiredButton);
  await moveExamTo(context.services.db, result.session.id, position);
  return show(interaction, questionMessage(result.session, position, context, notice));
}

async function answer(interaction: Editable, context: CommandContext, session: ExamSession, position: number, submission: Submission): Promise<void> {
  const { services, text } = context;
  const result = await answerExamItem(services.db, loadExam(), services.bank, { examId: session.id, userId: interaction.user.id, position, now: services.now(), submission });
  if (result.status === 'invalid') return replyEphemeral(interaction, answerHint(session, position, context));
  // Committed; on to the next question (the last one stays), the member can come back with ◀ or the navigator.
  const next = Math.min(session.total - 1, position + 1);
  return afterWrite(interaction, context, result, next, text.exam.recorded(position + 1));
}

async function handleComponent(interaction: MessageComponentInteraction, context: CommandContext, args: string[]): Promise<void> {
  const id = parseExamId(args);
  const session = await ownExam(interaction, context, id);
  if (!session || !id) return;
  const { services } = context;
  const position = id.index;
  switch (id.action) {
    case 'pick':
      return answer(interaction, context, session, position, { kind: 'single', choice: id.option! });
    case 'multi':
      if (!interaction.isStringSelectMenu()) break;
      return answer(interaction, context, session, position, { kind: 'multiple', choices: interaction.values.map(Number) });
    case 'type':
      return interaction.showModal(answerModal(examAnswerIds(session.id, position), EXAM_ANSWER_INPUT, context.text));
    case 'flag': {
      const flagged = !session.items[position]?.flagged;
      const result = await flagExamItem(services.db, loadExam(), { examId: session.id, userId: interaction.user.id, position, now: services.now(), flagged });
      return afterWrite(interaction, context, result, position);
    }
    case 'go':
    case 'back':
      if (position >= session.total) break;
      await moveExamTo(services.db, session.id, position);
      return show(interaction, questionMessage(session, position, context));
    case 'nav': {
      const target = interaction.isStringSelectMenu() ? Number(interaction.values[0]) : NaN;
      if (!Number.isInteger(target) || target < 0 || target >= session.total) break;
      await moveExamTo(services.db, session.id, target);
      return show(interaction, questionMessage(session, target, context));
    }
    case 'submit':
      if (session.items.some((item) => item.answer === null)) return show(interaction, confirmView(session, position, viewContext(context)));
      return show(interaction, finishedMessage(await submitExam(services.db, loadExam(), session.id, services.now()), context));
    case 'confirm':
      return show(interaction, finishedMessage(await submitExam(services.db, loadExam(), session.id, services.now()), context));
    case 'res':
      // An open exam has no result pages yet: back to where the member was.
      return show(interaction, questionMessage(session, session.position, context));
    case 'typed':
      break;
  }
  return replyEphemeral(interaction, context.text.errors.expiredButton);
}

async function handleModal(interaction: ModalSubmitInteraction, context: CommandContext, args: string[]): Promise<void> {
  const id = parseExamId(args);
  if (!id || id.action !== 'typed') return replyEphemeral(interaction, context.text.errors.expiredButton);
  const session = await ownExam(interaction, context, id);
  if (!session) return;
  const typed = cutText(interaction.fields.getTextInputValue(EXAM_ANSWER_INPUT), MAX_TYPED_ANSWER);
  return answer(interaction, context, session, id.index, { kind: 'fill-in', text: typed });
}

export const examRoute: ComponentRoute = {
  prefix: EXAM_PREFIX,
  component: handleComponent,
  modal: handleModal,
};
