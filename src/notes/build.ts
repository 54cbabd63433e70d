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

/** A title is never empty: the entry's first words, or its kind. */
function ensureTitle(title: string, text: string, kind: string): string {
  if (title.trim()) return title;
  const line = text
    .split('\n')
    .map((l) => l.replace(/^[\s•*#$>-]+/u, '').trim())
    .find((l) => /[\p{L}\p{N}]/u.test(l));
  return line ? truncate(line, 90) : kind;
}

export function buildKnowledgeBase(doc: DraftDocument, source: string): KnowledgeBase {
  for (const entry of doc.entries) entry.title = ensureTitle(entry.title, entry.text, entry.kind);
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

  const prefixes = new Map<DraftSection, string>();
  const sectionPrefix = (section: DraftSection): string => {
    let prefix = prefixes.get(section);
    if (prefix === undefined) {
      const topic = topicSlug(section.topicId);
      const sectionPart = slugify(section.path.at(-1) ?? '', 20);
      prefix = sectionPart ? `${topic}-${sectionPart}` : topic;
      prefixes.set(section, prefix);
    }
    return prefix;
  };
  const entryBase = (entry: DraftDocument['entries'][number], qualified: boolean): string => {
    const prefix = sectionPrefix(entry.section);
    // The qualifier goes at the end, where a long title cannot cut it off.
    const qualifier = qualified && entry.qualifier ? slugify(entry.qualifier, 20) : '';
    const budget = BASE_ID_LENGTH - prefix.length - 1 - (qualifier ? qualifier.length + 1 : 0);
    const titlePart = (entry.slug ? slugify(entry.slug, budget) : titleSlug(entry.title, budget)) || entry.kind;
    return qualifier ? `${prefix}-${titlePart}-${qualifier}` : `${prefix}-${titlePart}`;
  };
  let entryBases = doc.entries.map((entry) => entryBase(entry, false));
  const baseCounts = countValues(entryBases);
  // Same-titled entries first get the term they sit under ("…-arquitetura-ovirt-host"), then a content hash.
  entryBases = entryBases.map((base, k) => (baseCounts.get(base)! > 1 && doc.entries[k]!.qualifier ? entryBase(doc.entries[k]!, true) : base));
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
const STOPWORDS = new Set(
  'a o as os de do da dos das e em no na nos nas um uma uns umas para por pelo pela com que ao aos se the of and to in on for with is are'.split(' '),
);

/** A title slug without filler words, so more of the title fits: "Criação de uma imagem de disco" → "criacao-imagem-disco". */
export function titleSlug(title: string, max: number): string {
  const words = slugify(title, 400).split('-');
  const kept = words.filter((word, k) => k === 0 || !STOPWORDS.has(word));
  return cutSlug(kept.join('-'), max);
}

function countValues(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export function disambiguate(bases: string[], contents: string[]): string[] {
  const counts = countValues(bases);
  const seen = new Map<string, number>();
  return bases.map((base, k) => {
    if (counts.get(base) === 1) return base;
    const hashed = `${base}-${shortHash(contents[k]!)}`;
    const n = (seen.get(hashed) ?? 0) + 1;
    seen.set(hashed, n);
    return n === 1 ? hashed : `${hashed}-${n}`;
  });
}
