/** What a format parser (wiki text, Markdown) hands to the id builder: everything but ids. Lines are 1-based. */
import type { EntryKind } from './types.ts';

export interface DraftTopic {
  id: string;
  title: string;
  weight: number | null;
  objectives: string[];
  terms: string[];
  lineStart: number;
  lineEnd: number;
}

export interface DraftSection {
  topicId: string;
  /** Headings from the topic down to this section (topic title excluded); empty for a topic's root section. */
  path: string[];
  title: string;
  /** The heading line (the topic heading line for a root section). */
  lineStart: number;
  lineEnd: number;
}

export interface DraftEntry {
  section: DraftSection;
  kind: EntryKind;
  title: string;
  /** What the id slug is built from when it should differ from the title (table rows: prefix + key). */
  slug?: string;
  /** Tells two same-titled entries of a section apart before a hash is needed (e.g. the term a nested term sits under). */
  qualifier?: string;
  text: string;
  identifiers: string[];
  lineStart: number;
  lineEnd: number;
}

export interface DraftDocument {
  /** Lines before the first topic (page title, export chrome), if any. */
  header: { title: string; lineStart: number; lineEnd: number } | null;
  topics: DraftTopic[];
  sections: DraftSection[];
  entries: DraftEntry[];
}
