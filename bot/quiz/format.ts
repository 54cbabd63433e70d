/** Dates, times, days and topics as the quiz messages show them, in the server's timezone and the reader's language. */
import { DateTime } from 'luxon';
import type { Language, Messages } from '../../src/i18n/index.ts';
import { ALL_DAYS_MASK, daysFromMask } from '../../src/schedule/index.ts';
import type { Question } from '../../src/questions/index.ts';
import { entryReference } from '../../src/format/entry.ts';
import { clip } from '../../src/format/text.ts';
import type { Citation } from '../render/question.ts';
import type { Knowledge } from '../services.ts';

/** "segunda-feira, 11 de março de 2024" / "Monday, March 11, 2024". */
export function localDateLabel(localDate: string, language: Language): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' })
    .setLocale(language)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "ter., 12 de mar., 09:00 (America/New_York)": wall-clock time in the server's zone, with the zone named. */
export function localTimeLabel(instantMs: number, timezone: string, language: Language): string {
  const local = DateTime.fromMillis(instantMs, { zone: timezone })
    .setLocale(language)
    .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return `${local} (${timezone})`;
}

/** Discord renders this in each reader's own zone ("em 3 horas"). */
export function relativeTime(instantMs: number): string {
  return `<t:${Math.floor(instantMs / 1000)}:R>`;
}

export function daysLabel(mask: number, text: Messages): string {
  if (mask === ALL_DAYS_MASK) return text.quiz.daysAll;
  return daysFromMask(mask)
    .map((day) => text.quiz.weekdays[day - 1])
    .join(', ');
}

/** "330.2 Xen". */
export function topicLabel(topicId: string, knowledge: Knowledge): string {
  const topic = knowledge.topics.get(topicId);
  return topic ? `${topic.id} ${topic.title}` : topicId;
}

/** The notes entry a question cites: its id (for the notes button), title and place in the notes. */
export function citationOf(question: Question, knowledge: Knowledge): Citation | null {
  const entry = knowledge.entries.get(question.source);
  if (!entry) return null;
  return { entryId: entry.id, title: clip(entry.title, 120), where: clip(entryReference(entry, knowledge.topics.get(entry.topicId)), 200) };
}
