/**
 * The mock exam as the member sees it, all in one ephemeral message edited in place: a question (with the time
 * left, its stored option order, the answer components, ◀ 🚩 ▶ ✅ and the navigator), the confirmation before
 * submitting with unanswered questions, and the result pages. Pure builders: the session comes in, a message
 * payload comes out (≤ 5 rows, ≤ 25 options per select, ≤ 6000 characters of embeds).
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  StringSelectMenuBuilder,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import { examResult, presentItem, remainingMs, shownSubmission, type Exam, type ExamItem, type ExamSession } from '../../src/exam/index.ts';
import { clip } from '../../src/format/text.ts';
import { formatPercent, type Language, type Messages } from '../../src/i18n/index.ts';
import type { Question } from '../../src/questions/index.ts';
import { citationOf, relativeTime, topicLabel } from '../quiz/format.ts';
import { answerRows, citationLine, correctAnswerLabel, questionEmbed, submissionLabel } from '../render/question.ts';
import type { Knowledge } from '../services.ts';
import { examAnswerIds, examIds } from './ids.ts';

type Row = ActionRowBuilder<MessageActionRowComponentBuilder>;

export interface ExamMessage {
  content: string;
  embeds: EmbedBuilder[];
  components: Row[];
}

export interface ViewContext {
  exam: Exam;
  knowledge: Knowledge;
  text: Messages;
  language: Language;
  now: number;
}

const RESULT_COLOR_PASS = 0x2ecc71;
const RESULT_COLOR_FAIL = 0xe67e22;
/** Discord: 25 options per select; the navigator splits the exam into as few equal chunks as that allows. */
const SELECT_OPTIONS = 25;
/** Room for the wrong answers on one result page (an embed's description holds 4096). */
const PAGE_CHARS = 3800;

/** "mm:ss" (hours folded into minutes: an exam is under a few hours). */
export function clockLabel(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function navigatorChunks(total: number): Array<{ from: number; to: number }> {
  const count = Math.ceil(total / SELECT_OPTIONS);
  const size = Math.ceil(total / count);
  return Array.from({ length: count }, (_, i) => ({ from: i * size, to: Math.min(total, (i + 1) * size) })).filter((c) => c.from < c.to);
}

/** One question of an open exam; `notice` is a line above it ("answer recorded", "resumed"). */
export function questionView(session: ExamSession, position: number, question: Question, view: ViewContext, notice?: string): ExamMessage {
  const { text } = view;
  const item = session.items[position]!;
  const shown = presentItem(question, item);
  const lines = [text.exam.timeLeft(relativeTime(session.deadline), clockLabel(remainingMs(session, view.now)))];
  const answer = shownSubmission(question, item);
  if (answer) lines.push(text.exam.yourAnswer(submissionLabel(shown.question, answer)));
  if (item.flagged) lines.push(text.exam.flaggedNote);
  const embed = questionEmbed(
    shown.question,
    { title: text.exam.title(session.examName, position + 1, session.total), topic: topicLabel(question.topic, view.knowledge), closes: lines.join('\n') },
    text,
  );
  const last = session.total - 1;
  const controls = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder().setCustomId(examIds.go(session.id, Math.max(0, position - 1), 'p')).setLabel(text.exam.previous).setStyle(ButtonStyle.Secondary).setDisabled(position === 0),
    new ButtonBuilder()
      .setCustomId(examIds.flag(session.id, position))
      .setLabel(item.flagged ? text.exam.unflag : text.exam.flag)
      .setStyle(item.flagged ? ButtonStyle.Danger : ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(examIds.go(session.id, Math.min(last, position + 1), 'n')).setLabel(text.exam.next).setStyle(ButtonStyle.Secondary).setDisabled(position === last),
    new ButtonBuilder().setCustomId(examIds.submit(session.id, position)).setLabel(text.exam.submit).setStyle(ButtonStyle.Success),
  );
  const navigators = navigatorChunks(session.total)
    .slice(0, 3)
    .map((chunk, index) =>
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId(examIds.nav(session.id, index))
          .setPlaceholder(text.exam.navigator(chunk.from + 1, chunk.to))
          .addOptions(
            session.items.slice(chunk.from, chunk.to).map((it: ExamItem) => ({
              label: text.exam.navOption(it.position + 1),
              description: text.exam.navState(it.answer !== null, it.flagged),
              value: String(it.position),
              emoji: it.position === position ? '👉' : it.flagged ? '🚩' : it.answer !== null ? '✏️' : '▫️',
            })),
          ),
      ),
    );
  return {
    content: notice ?? '',
    embeds: [embed],
    components: [...answerRows(shown.question, examAnswerIds(session.id, position), text), controls, ...navigators],
  };
}

/** Before submitting with unanswered questions. */
export function confirmView(session: ExamSession, position: number, view: ViewContext): ExamMessage {
  const unanswered = session.items.filter((item) => item.answer === null).length;
  return {
    content: `${view.text.exam.confirmSubmit(unanswered, session.total)}\n${view.text.exam.timeLeft(relativeTime(session.deadline), clockLabel(remainingMs(session, view.now)))}`,
    embeds: [],
    components: [
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new ButtonBuilder().setCustomId(examIds.confirm(session.id, position)).setLabel(view.text.exam.confirm).setStyle(ButtonStyle.Danger),
        new ButtonBuilder().setCustomId(examIds.back(session.id, position)).setLabel(view.text.exam.cancel).setStyle(ButtonStyle.Secondary),
      ),
    ],
  };
}

/** One wrong or unanswered question of the result: the answers, the explanation and where it comes from. */
function wrongBlock(item: ExamItem, question: Question | undefined, view: ViewContext): string {
  const { text } = view;
  const header = text.exam.wrongHeader(item.position + 1, topicLabel(item.topicId, view.knowledge));
  if (!question) return header;
  const shown = presentItem(question, item).question;
  const answer = shownSubmission(question, item);
  const citation = citationOf(question, view.knowledge);
  return [
    header,
    clip(question.prompt, 300),
    `${text.quiz.yourAnswer(answer ? clip(submissionLabel(shown, answer), 300) : text.exam.unanswered)}`,
    `**${text.quiz.answerLabel}:** ${clip(correctAnswerLabel(shown), 300)}`,
    `**${text.quiz.explanation}:** ${clip(question.explanation, 500)}`,
    citation ? citationLine(citation, text, 250) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The wrong answers, cut into pages that each fit one embed. */
function wrongPages(session: ExamSession, bank: ReadonlyMap<string, Question>, view: ViewContext): string[] {
  const pages: string[] = [];
  let page = '';
  for (const item of examResult(view.exam, session).wrong) {
    const block = wrongBlock(item, bank.get(item.questionId), view);
    if (page && page.length + block.length + 2 > PAGE_CHARS) {
      pages.push(page);
      page = '';
    }
    page = page ? `${page}\n\n${block}` : block;
  }
  if (page) pages.push(page);
  return pages;
}

/** Page 0: the score and the per-topic breakdown; pages 1…: the wrong answers. */
export function resultView(session: ExamSession, page: number, bank: ReadonlyMap<string, Question>, view: ViewContext, notice?: string): ExamMessage {
  const { exam, text, language } = view;
  const result = examResult(exam, session);
  const pages = wrongPages(session, bank, view);
  const current = Math.min(Math.max(0, page), pages.length);
  let embed: EmbedBuilder;
  if (current === 0) {
    embed = new EmbedBuilder()
      .setColor(result.passed ? RESULT_COLOR_PASS : RESULT_COLOR_FAIL)
      .setTitle(clip(text.exam.resultTitle(session.examName), 256))
      .addFields(
        { name: text.exam.scoreLabel, value: text.exam.score(result.correct, result.total, formatPercent(result.fraction, language)), inline: true },
        { name: text.exam.scaledLabel, value: text.exam.scaled(result.scaled, exam.scale.min, exam.scale.max, exam.passingScore), inline: true },
        { name: '\u200b', value: text.exam.verdict(result.passed) },
        {
          name: text.exam.byTopic,
          value: clip(result.topics.map((t) => text.exam.topicLine(t.topicId, t.name, t.correct, t.total)).join('\n'), 1024),
        },
      )
      .setDescription(result.wrong.length === 0 ? text.exam.allRight : text.exam.reviewNote)
      .setFooter({ text: clip(text.exam.estimateNote(formatPercent(exam.assumedPassFraction, language), exam.passingScore), 2048) });
  } else {
    embed = new EmbedBuilder()
      .setColor(RESULT_COLOR_FAIL)
      .setTitle(text.exam.wrongTitle(current, pages.length))
      .setDescription(clip(pages[current - 1]!, 4096));
  }
  const components: Row[] = [];
  if (pages.length > 0) {
    components.push(
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new ButtonBuilder().setCustomId(examIds.result(session.id, 0, 's')).setLabel(text.exam.summary).setStyle(ButtonStyle.Secondary).setDisabled(current === 0),
        new ButtonBuilder().setCustomId(examIds.result(session.id, Math.max(1, current - 1), 'p')).setLabel(text.exam.previous).setStyle(ButtonStyle.Secondary).setDisabled(current <= 1),
        new ButtonBuilder().setCustomId(examIds.result(session.id, Math.min(pages.length, current + 1), 'n')).setLabel(current === 0 ? text.exam.errors : text.exam.next).setStyle(ButtonStyle.Primary).setDisabled(current === pages.length),
      ),
    );
  }
  return { content: notice ?? '', embeds: [embed], components };
}
