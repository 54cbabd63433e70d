/** Public API of the notes parser: wiki-text (.txt) and Markdown (.md) notes → KnowledgeBase. */
import { buildKnowledgeBase } from './build.ts';
import { NotesError } from './errors.ts';
import { parseMarkdown } from './markdown.ts';
import type { Entry, KnowledgeBase, Topic } from './types.ts';
import { parseWiki } from './wiki.ts';

export type { Entry, EntryKind, KnowledgeBase, Section, TitleBlock, Topic } from './types.ts';
export { NotesError } from './errors.ts';
export { loadKnowledgeBase, mergeKnowledgeBases, parseNotesFiles, readNotesFile, readNotesFolder, NOTES_EXTENSIONS, type NotesFile } from './load.ts';
export { notesStats, type NotesStats } from './stats.ts';

/**
 * Parses one notes file. The format follows the name: ".md"/".markdown" is Markdown, anything else wiki text.
 * Throws NotesError (file, line, message) for empty or unusable notes.
 */
export function parseNotes(text: string, sourceName: string): KnowledgeBase {
  const clean = text.replace(/^\uFEFF/, '');
  if (clean.trim() === '') throw new NotesError(sourceName, 1, 'the notes file is empty');
  const doc = /\.(?:md|markdown)$/i.test(sourceName) ? parseMarkdown(clean, sourceName) : parseWiki(clean, sourceName);
  return buildKnowledgeBase(doc, sourceName);
}

/** Entries by id. */
export function entryById(kb: KnowledgeBase): Map<string, Entry> {
  return new Map(kb.entries.map((entry) => [entry.id, entry]));
}

/** "330.2 Xen"; a topic without a numeric code is shown by its title alone. */
export function topicLabel(topic: Pick<Topic, 'id' | 'title'>): string {
  if (!topic.title || topic.title === topic.id) return topic.id;
  return /^\d/.test(topic.id) ? `${topic.id} ${topic.title}` : topic.title;
}
