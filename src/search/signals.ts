/**
 * Ranking signals computed on the best candidates, and small helpers of the engine: pure functions of
 * an entry's words and the parsed query.
 */
import { fold, stem, words } from './normalize.ts';
import type { Alternative, Concept } from './query.ts';
import { isStopword } from './stopwords.ts';

/** Per extra concept, when the query's words appear next to each other (scaled down as they spread). */
const PROXIMITY_BONUS = 2.5;
/** Heading words that say nothing about the subject ("Awareness of XenStore", "Basic knowledge of XAPI"). */
const HEADING_FILLER = new Set(['awareness', 'basic', 'knowledge', 'feature', 'technical', 'pouco', 'overview', 'introducao', 'introduction']);

/** Position of `doc` in a sorted posting list, or -1. */
export function indexOf(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid]!;
    if (v === doc) return mid;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A section heading reduced to its subject: stemmed words without stopwords and filler. */
export function headingKey(heading: string): string {
  return words(fold(heading))
    .filter((w) => !isStopword(w) && !HEADING_FILLER.has(w))
    .map(stem)
    .join(' ');
}

/** The query as corrected (typed or typo-corrected single words only), as a heading key; '' if none. */
export function correctedKey(concepts: Concept[]): string {
  const parts: string[] = [];
  for (const concept of concepts) {
    let best: Alternative | undefined;
    for (const alt of concept.alternatives) {
      if (alt.terms.length !== 1 || (alt.via !== 'typed' && alt.via !== 'typo')) continue;
      if (!best || alt.weight > best.weight) best = alt;
    }
    if (!best) return '';
    parts.push(best.terms[0]!);
  }
  return parts.join(' ');
}

/**
 * The shortest run of words holding one word of every concept: all side by side earns the full
 * bonus per extra concept, spread over more words earns proportionally less.
 */
export function proximityBonus(stems: string[], termSets: Array<Set<string>>): number {
  const n = termSets.length;
  const counts = new Int32Array(n);
  const positions: number[] = [];
  const owners: number[] = [];
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i]!;
    for (let c = 0; c < n; c++) {
      if (termSets[c]!.has(s)) {
        positions.push(i);
        owners.push(c);
      }
    }
  }
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    if (counts[owners[right]!]!++ === 0) covered++;
    while (covered === n) {
      best = Math.min(best, positions[right]! - positions[left]! + 1);
      if (--counts[owners[left]!]! === 0) covered--;
      left++;
    }
  }
  return Number.isFinite(best) ? PROXIMITY_BONUS * (n - 1) * Math.min(1, n / best) : 0;
}

const COPULAS = new Set(['sao', 'significa', 'refere']);
const ARTICLES = new Set(['um', 'uma', 'o', 'a']);

export function allIn(terms: string[], set: Set<string>): boolean {
  for (let i = 0; i < terms.length; i++) if (!set.has(terms[i]!)) return false;
  return true;
}

/** Whether the text opens (first 15 words) with "<term> é um/uma/o/a…" or "<term> são…". */
export function opensWithDefinition(stems: string[], terms: Set<string>): boolean {
  const end = Math.min(stems.length - 1, 15);
  for (let i = 0; i < end; i++) {
    if (!terms.has(stems[i]!)) continue;
    const next = stems[i + 1]!;
    if (COPULAS.has(next)) return true;
    if (next === 'e' && ARTICLES.has(stems[i + 2] ?? '')) return true;
  }
  return false;
}

/** Ranking order: higher score first, then earlier document (stable, deterministic). */
export function better(score: number, doc: number, otherScore: number, otherDoc: number): boolean {
  return score > otherScore || (score === otherScore && doc < otherDoc);
}

/** The program of a command identifier: "xl pause" → "xl"; a path or option has none. */
export function program(identifier: string): string {
  const first = identifier.trim().split(/\s+/)[0] ?? '';
  return /^[a-z][\w.+-]*$/i.test(first) && identifier.trim().includes(' ') ? first.toLowerCase() : '';
}

/** A title or identifier reduced to its words: "qemu-img convert" and "qemu img convert" meet. */
export function exactKey(folded: string): string {
  return words(folded).join(' ');
}

export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
