/**
 * Inverted index with BM25F weights computed at build time. Each entry is a document with four
 * fields — title, identifiers, section (topic + section path) and text — and every (term, document)
 * pair gets its final BM25F contribution, so a query only adds numbers up.
 *
 * BM25F (per term t, document d):  tf~ = Σ_f w_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
 *                                  weight = idf(t) · tf~ · (k1 + 1) / (k1 + tf~)
 * Field weights make a title or identifier hit worth more than a mention in prose; b_f normalises by
 * length, so a focused entry outranks a long section that merely mentions the word.
 */
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { analyze, fold, stem, tokens, words } from './normalize.ts';
import { isStopword } from './stopwords.ts';
import { Vocabulary } from './vocabulary.ts';

export const FIELDS = ['title', 'identifiers', 'section', 'text'] as const;
export type FieldName = (typeof FIELDS)[number];

export interface FieldParams {
  weight: number;
  b: number;
}

export interface IndexParams {
  k1: number;
  fields: Record<FieldName, FieldParams>;
}

export const DEFAULT_INDEX_PARAMS: IndexParams = {
  k1: 1.2,
  fields: {
    title: { weight: 4, b: 0.5 },
    identifiers: { weight: 2.5, b: 0.4 },
    section: { weight: 0.6, b: 0.3 },
    text: { weight: 1, b: 0.75 },
  },
};

export interface Posting {
  idf: number;
  docs: Int32Array;
  weights: Float32Array;
}

export interface DocInfo {
  entry: Entry;
  /** Stems of the title without stopwords. */
  titleTerms: Set<string>;
  /** Folded title, whitespace-collapsed. */
  titleFolded: string;
  /** Each identifier folded and trimmed. */
  identifiersFolded: string[];
  /** Each identifier as its sequence of word stems. */
  identifierTerms: string[][];
  /** Topic title, for display. */
  topicTitle: string;
  /** The text's words, stemmed, in order (stopwords included): proximity and definitions. */
  textStems: string[];
}

export interface InvertedIndex {
  docs: DocInfo[];
  byId: Map<string, number>;
  postings: Map<string, Posting>;
  vocabulary: Vocabulary;
  /** Folded surface word → its index term (stem). */
  surfaceToTerm: Map<string, string>;
  params: IndexParams;
}

/** Index terms of one field: word stems, glued compounds, raw compounds. Length = number of words. */
function fieldTerms(value: string): { terms: string[]; length: number; surfaces: string[] } {
  const { words: ws, glued, compounds: cs } = analyze(fold(value));
  const terms = ws.map(stem);
  for (const g of glued) terms.push(stem(g));
  for (const c of cs) terms.push(c);
  return { terms, length: ws.length, surfaces: glued.length > 0 ? [...ws, ...glued] : ws };
}

function fieldValues(entry: Entry, topicTitle: string): Record<FieldName, string> {
  return {
    title: entry.title,
    identifiers: entry.identifiers.join('\n'),
    section: [entry.topicId, topicTitle, ...entry.sectionPath].join('\n'),
    text: entry.text,
  };
}

/** Growable (term, doc, per-field tf) triples: one flat set of arrays instead of a Map per pair. */
class PairBuffer {
  term = new Int32Array(1 << 14);
  doc = new Int32Array(1 << 14);
  tf = new Float32Array(FIELDS.length << 14);
  size = 0;

  add(term: number, doc: number): number {
    if (this.size === this.term.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.term = grow(this.term, (n) => new Int32Array(n));
      this.doc = grow(this.doc, (n) => new Int32Array(n));
      this.tf = grow(this.tf, (n) => new Float32Array(n));
    }
    this.term[this.size] = term;
    this.doc[this.size] = doc;
    return this.size++;
  }
}

export function buildInvertedIndex(kb: KnowledgeBase, params: IndexParams = DEFAULT_INDEX_PARAMS): InvertedIndex {
  const topicTitles = new Map(kb.topics.map((t) => [t.id, t.title]));
  const entries = kb.entries;
  const n = entries.length;
  const nFields = FIELDS.length;
  const docs: DocInfo[] = [];
  const byId = new Map<string, number>();
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const pairs = new PairBuffer();
  // Within the current document: the pair of a term, valid when lastDoc[term] is this document.
  const lastDoc: number[] = [];
  const pairOf: number[] = [];
  const lengths = FIELDS.map(() => new Float64Array(n));
  const vocabulary = new Vocabulary();
  const surfaceDocs = new Map<string, number>();
  const surfaceToTerm = new Map<string, string>();
  const sectionCache = new Map<string, ReturnType<typeof fieldTerms>>();
  const seenSurfaces = new Set<string>();

  for (let d = 0; d < n; d++) {
    const entry = entries[d]!;
    if (!byId.has(entry.id)) byId.set(entry.id, d);
    const topicTitle = topicTitles.get(entry.topicId) ?? '';
    const values = fieldValues(entry, topicTitle);
    seenSurfaces.clear();
    let textStems: string[] = [];
    for (let f = 0; f < nFields; f++) {
      const field = FIELDS[f]!;
      // Entries of one section share their section field: analyse it once.
      let analysed = field === 'section' ? sectionCache.get(values.section) : undefined;
      if (!analysed) {
        analysed = fieldTerms(values[field]);
        if (field === 'section') sectionCache.set(values.section, analysed);
      }
      lengths[f]![d] = analysed.length;
      if (field === 'text') textStems = analysed.terms.slice(0, analysed.length);
      for (const term of analysed.terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termNames.length;
          termIds.set(term, id);
          termNames.push(term);
          lastDoc.push(-1);
          pairOf.push(0);
        }
        let pair: number;
        if (lastDoc[id] === d) pair = pairOf[id]!;
        else {
          pair = pairs.add(id, d);
          lastDoc[id] = d;
          pairOf[id] = pair;
        }
        pairs.tf[pair * nFields + f]!++;
      }
      for (const surface of analysed.surfaces) seenSurfaces.add(surface);
    }
    for (const surface of seenSurfaces) {
      surfaceDocs.set(surface, (surfaceDocs.get(surface) ?? 0) + 1);
      if (!surfaceToTerm.has(surface)) surfaceToTerm.set(surface, stem(surface));
    }
    const titleFolded = fold(entry.title).replace(/\s+/g, ' ').trim();
    docs.push({
      entry,
      titleTerms: new Set(words(titleFolded).filter((w) => !isStopword(w)).map(stem)),
      titleFolded,
      identifiersFolded: entry.identifiers.map((id) => fold(id).replace(/\s+/g, ' ').trim()),
      identifierTerms: entry.identifiers.map((id) =>
        tokens(fold(id)).flatMap((t) => (t.parts.length > 1 ? [...t.parts, t.text] : t.parts)).map(stem),
      ),
      topicTitle,
      textStems,
    });
  }

  for (const [surface, count] of surfaceDocs) {
    if (!isStopword(surface)) vocabulary.add(surface, count);
  }

  const avg = lengths.map((ls) => {
    let sum = 0;
    for (const l of ls) sum += l;
    return n > 0 ? Math.max(sum / n, 1) : 1;
  });
  // Per (field, document): weight_f / (1 − b_f + b_f · len / avglen), so tf~ is a sum of products.
  const norm = new Float64Array(nFields * n);
  FIELDS.forEach((field, f) => {
    const { weight, b } = params.fields[field];
    for (let d = 0; d < n; d++) norm[f * n + d] = weight / (1 - b + (b * lengths[f]![d]!) / avg[f]!);
  });
  const k1 = params.k1;
  // Bucket the pairs by term (counting sort): postings are views into two shared arrays.
  const nTerms = termNames.length;
  const start = new Int32Array(nTerms + 1);
  for (let p = 0; p < pairs.size; p++) start[pairs.term[p]! + 1]!++;
  for (let t = 0; t < nTerms; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, nTerms);
  const allDocs = new Int32Array(pairs.size);
  const allWeights = new Float32Array(pairs.size);
  const idfs = new Float64Array(nTerms);
  for (let t = 0; t < nTerms; t++) {
    const df = start[t + 1]! - start[t]!;
    idfs[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  for (let p = 0; p < pairs.size; p++) {
    const t = pairs.term[p]!;
    const d = pairs.doc[p]!;
    let tf = 0;
    for (let f = 0; f < nFields; f++) tf += pairs.tf[p * nFields + f]! * norm[f * n + d]!;
    const k = fill[t]!++;
    allDocs[k] = d;
    allWeights[k] = (idfs[t]! * tf * (k1 + 1)) / (k1 + tf);
  }
  const postings = new Map<string, Posting>();
  for (let t = 0; t < nTerms; t++) {
    postings.set(termNames[t]!, {
      idf: idfs[t]!,
      docs: allDocs.subarray(start[t]!, start[t + 1]!),
      weights: allWeights.subarray(start[t]!, start[t + 1]!),
    });
  }
  return { docs, byId, postings, vocabulary, surfaceToTerm, params };
}

/** Folded word → how the notes write it ("virtualizacao" → "virtualização"); built on demand (suggestions only). */
export function displayForms(docs: DocInfo[]): Map<string, string> {
  const display = new Map<string, string>();
  for (const { entry } of docs) {
    for (const raw of `${entry.title} ${entry.text}`.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
      const folded = fold(raw);
      const known = display.get(folded);
      if (known === undefined || (known === folded && raw !== folded)) display.set(folded, raw);
    }
  }
  return display;
}
