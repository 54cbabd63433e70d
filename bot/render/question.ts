/**
 * A quiz question as Discord shows it: the question embed with its answer components, the fill-in modal,
 * the reveal embed and the member's private feedback. Pure builders: ids, labels and texts come in.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { Messages } from '../../src/i18n/index.ts';
import { correctAnswers, type Question, type Submission } from '../../src/questions/index.ts';
import type { AnswerIds } from '../quiz/ids.ts';
import { escapeMarkdown } from '../../src/format/markdown.ts';
import { clip } from '../../src/format/text.ts';

const QUESTION_COLOR = 0xf5a623;
const REVEAL_COLOR = 0x2ecc71;
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const FIELD_LIMIT = 1024;
/** Longest fill-in answer accepted from the modal (commands and paths are short). */
export const MAX_TYPED_ANSWER = 200;

export function letter(index: number): string {
  return LETTERS[index] ?? String(index + 1);
}

/** Where a question comes from in the notes, for the feedback and the reveal (whose "📖 Notas" button opens it). */
export interface Citation {
  /** The cited entry's id: what the notes button opens. */
  entryId: string;
  /** Entry title. */
  title: string;
  /** "330.2 Xen › Xen configuration". */
  where: string;
}

export interface QuestionCard {
  title: string;
  /** "330.2 Xen". */
  topic: string;
  /** A line under the options, e.g. "Respostas até …". */
  closes?: string;
}

function kindHint(question: Question, text: Messages): string {
  return text.quiz.kindHint[question.kind === 'fill-in' ? 'fill' : question.kind] ?? '';
}

function optionLines(question: Question, markCorrect: boolean): string {
  if (question.kind === 'fill-in') return '';
  return question.options
    .map((option, i) => `${markCorrect && option.correct ? '✅' : '▫️'} **${letter(i)})** ${option.text}`)
    .join('\n');
}

function footer(question: Question, text: Messages, first: string): { text: string } {
  return { text: [first, question.generated ? text.quiz.generated : ''].filter(Boolean).join(' · ') };
}

export function questionEmbed(question: Question, card: QuestionCard, text: Messages): EmbedBuilder {
  const parts = [question.prompt, optionLines(question, false), card.closes ?? ''].filter(Boolean);
  return new EmbedBuilder()
    .setColor(QUESTION_COLOR)
    .setTitle(clip(card.title, 256))
    .setDescription(clip(parts.join('\n\n'), 4000))
    .addFields({ name: text.quiz.topicLabel, value: clip(card.topic, FIELD_LIMIT) })
    .setFooter(footer(question, text, kindHint(question, text)));
}

/** Single choice: one button per option; multiple: a select menu (1..n); fill-in: a button opening the modal. */
export function answerRows(question: Question, ids: AnswerIds, text: Messages): ActionRowBuilder<MessageActionRowComponentBuilder>[] {
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>();
  if (question.kind === 'single') {
    row.addComponents(
      question.options.map((_, i) => new ButtonBuilder().setCustomId(ids.pick(i)).setLabel(letter(i)).setStyle(ButtonStyle.Primary)),
    );
  } else if (question.kind === 'multiple') {
    row.addComponents(
      new StringSelectMenuBuilder()
        .setCustomId(ids.multi())
        .setPlaceholder(text.quiz.selectPlaceholder)
        .setMinValues(1)
        .setMaxValues(question.options.length)
        .addOptions(question.options.map((option, i) => ({ label: clip(`${letter(i)}) ${option.text}`, 100), value: String(i) }))),
    );
  } else {
    row.addComponents(new ButtonBuilder().setCustomId(ids.type()).setLabel(text.quiz.answerButton).setStyle(ButtonStyle.Primary).setEmoji('✍️'));
  }
  return [row];
}

export function answerModal(ids: AnswerIds, inputId: string, text: Messages): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(ids.typed())
    .setTitle(clip(text.quiz.modalTitle, 45))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(clip(text.quiz.modalLabel, 45))
        .setTextInputComponent(
          new TextInputBuilder().setCustomId(inputId).setStyle(TextInputStyle.Short).setRequired(true).setMaxLength(MAX_TYPED_ANSWER),
        ),
    );
}

/** The right answer as shown to members: "**B)** text" per correct option, or the first accepted fill-in answer. */
export function correctAnswerLabel(question: Question): string {
  if (question.kind === 'fill-in') return `\`${correctAnswers(question)[0] ?? ''}\``;
  return question.options
    .map((option, i) => (option.correct ? `**${letter(i)})** ${option.text}` : null))
    .filter((line): line is string => line !== null)
    .join(' · ');
}

export function submissionLabel(question: Question, submission: Submission): string {
  if (submission.kind === 'fill-in') return `\`${clip(submission.text.replace(/`/g, "'").trim(), 100)}\``;
  if (question.kind === 'fill-in') return '';
  const chosen = submission.kind === 'single' ? [submission.choice] : [...submission.choices].sort((a, b) => a - b);
  return chosen.map((i) => `**${letter(i)})** ${question.options[i]?.text ?? '?'}`).join(' · ');
}

/** "Hypervisor — 330.1 Virtualization Concepts › Terminology", shown literally. */
function citationText(citation: Citation): string {
  return `${escapeMarkdown(citation.title, { keepLinks: true })} — ${escapeMarkdown(citation.where, { keepLinks: true })}`;
}

/** "📖 Source in the notes: title — where", escaped; `maxLength` clips the citation itself (a line among many). */
export function citationLine(citation: Citation, text: Messages, maxLength = Infinity): string {
  return `📖 **${text.quiz.sourceLabel}:** ${clip(citationText(citation), maxLength)}`;
}

export interface RevealCard {
  title: string;
  topic: string;
  answered: number;
  /** 0..100. */
  correctPercent: number;
  citation: Citation | null;
}

/** The question message after its window closed: answer marked, stats, explanation, source. */
export function revealEmbed(question: Question, card: RevealCard, text: Messages): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(REVEAL_COLOR)
    .setTitle(clip(card.title, 256))
    .setDescription(clip([question.prompt, optionLines(question, true)].filter(Boolean).join('\n\n'), 4000))
    .addFields(
      { name: text.quiz.answerLabel, value: clip(correctAnswerLabel(question), FIELD_LIMIT) },
      { name: text.quiz.explanation, value: clip(question.explanation, FIELD_LIMIT) },
    );
  if (card.citation) {
    embed.addFields({
      name: text.quiz.sourceLabel,
      value: clip(citationText(card.citation), FIELD_LIMIT),
    });
  }
  embed.addFields({ name: text.quiz.topicLabel, value: clip(card.topic, FIELD_LIMIT) });
  return embed.setFooter(footer(question, text, text.quiz.revealStats(card.answered, card.correctPercent)));
}

export interface Feedback {
  question: Question;
  submission: Submission;
  correct: boolean;
  citation: Citation | null;
  /** Daily: the streak after this answer. Practice: omitted. */
  streak?: number;
  /** What the answer counts for, instead of the practice note (a review answer). */
  note?: string;
}

/** The member's private feedback after their answer was recorded. */
export function feedbackText(feedback: Feedback, text: Messages): string {
  const { question } = feedback;
  const lines = [feedback.correct ? text.quiz.recordedRight : text.quiz.recordedWrong(correctAnswerLabel(question))];
  if (!feedback.correct) lines.push(text.quiz.yourAnswer(submissionLabel(question, feedback.submission)));
  lines.push(`**${text.quiz.explanation}:** ${question.explanation}`);
  if (feedback.citation) lines.push(citationLine(feedback.citation, text));
  if (feedback.streak !== undefined) lines.push(text.quiz.streakNow(feedback.streak));
  else if (feedback.note !== undefined) lines.push(feedback.note);
  else lines.push(`${text.quiz.practiceNote} ${text.quiz.practiceAgain}`);
  return clip(lines.join('\n'), 2000);
}
