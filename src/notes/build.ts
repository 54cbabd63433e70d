/** Turns a parsed document into the shared KnowledgeBase model: stable, unique, Discord-safe ids. */
import type { DraftDocument, DraftSection } from './draft.ts';
import type { Entry, KnowledgeBase, Section, Topic } from './types.ts';
import { cutSlug, shortHash, slugify, truncate } from './text.ts';

export const MAX_ID_LENGTH = 64;
export const MAX_TITLE_LENGTH = 100;
/** Room kept for a "-xxxx" disambiguator (and a "-N" for identical twins). */
const BASE_ID_LENGTH = MAX_ID_LENGTH - 8;

/** "330.2" stays "330.2"; anything else becomes a slug. */
export function topicSlug(topicId: string): string {
  const slug = topicId
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cutSlug(slug || 'topic', 24);
}

export function buildKnowledgeBase(doc: DraftDocument, source: string): KnowledgeBase {
  const topics: Topic[] = doc.topics.map((topic) => ({ ...topic, source }));
  const sectionIds = new Map<DraftSection, string>();
  const sectionBases = doc.sections.map((section) => {
    const topic = topicSlug(section.topicId);
    const budget = BASE_ID_LENGTH - topic.length - 1;
    const title = section.path.at(-1) ?? '';
    const parent = section.path.at(-2);
    const parentPart = parent ? slugify(parent, 24) : '';
    const path = parentPart
      ? `${parentPart}-${slugify(title, budget - parentPart.length - 1)}`
      : slugify(title, budget);
    return `${topic}-${path.replace(/-+$/, '') || 'root'}`;
  });
  const sectionFinal = disambiguate(sectionBases, doc.sections.map((s) => `${s.path.join('\n')}\n${s.lineStart}`));
  const sections: Section[] = doc.sections.map((section, k) => {
    const id = sectionFinal[k]!;
    sectionIds.set(section, id);
    return {
      id,
      topicId: section.topicId,
      path: section.path,
      title: section.title,
      source,
      lineStart: section.lineStart,
      lineEnd: section.lineEnd,
    };
  });

  const entryBases = doc.entries.map((entry) => {
    const topic = topicSlug(entry.section.topicId);
    const sectionPart = slugify(entry.section.path.at(-1) ?? '', 20);
    const prefix = sectionPart ? `${topic}-${sectionPart}` : topic;
    const titlePart = slugify(entry.slug ?? entry.title, BASE_ID_LENGTH - prefix.length - 1) || entry.kind;
    return `${prefix}-${titlePart}`;
  });
  const entryFinal = disambiguate(entryBases, doc.entries.map((entry) => entry.text));
  const entries: Entry[] = doc.entries.map((entry, k) => ({
    id: entryFinal[k]!,
    topicId: entry.section.topicId,
    sectionId: sectionIds.get(entry.section)!,
    sectionPath: entry.section.path,
    title: truncate(entry.title, MAX_TITLE_LENGTH),
    kind: entry.kind,
    text: entry.text,
    identifiers: entry.identifiers,
    source,
    lineStart: entry.lineStart,
    lineEnd: entry.lineEnd,
  }));
  const kb: KnowledgeBase = { sources: [source], topics, sections, entries };
  if (doc.header) kb.titleBlocks = [{ source, ...doc.header }];
  return kb;
}

/**
 * Ids that collide get "-" + a hash of their content (so the suffix does not depend on position);
 * identical content under the same base id additionally gets "-2", "-3"… in file order.
 */
export function disambiguate(bases: string[], contents: string[]): string[] {
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  const seen = new Map<string, number>();
  return bases.map((base, k) => {
    if (counts.get(base) === 1) return base;
    const hashed = `${base}-${shortHash(contents[k]!)}`;
    const n = (seen.get(hashed) ?? 0) + 1;
    seen.set(hashed, n);
    return n === 1 ? hashed : `${hashed}-${n}`;
  });
}
