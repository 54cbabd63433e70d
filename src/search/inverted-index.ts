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
import { exactKey, headingKey } from './signals.ts';
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

/** How raw per-field counts become BM25F weights (shared by every posting of one index). */
interface WeightModel {
  /** weight_f / (1 − b_f + b_f · len / avglen), at [field · n + document]. */
  norm: Float64Array;
  n: number;
  nFields: number;
  k1: number;
}

/**
 * The documents holding a term, in document order, and its BM25F weight in each. Weights are computed
 * from the per-field counts the first time the term is used: the index is ready sooner, and each term
 * costs its computation once.
 */
export class Posting {
  private cached: Float32Array | null = null;

  constructor(
    readonly idf: number,
    readonly docs: Int32Array,
    private readonly tfs: Float32Array | Uint16Array,
    private readonly model: WeightModel,
  ) {}

  get weights(): Float32Array {
    if (this.cached) return this.cached;
    const { norm, n, nFields, k1 } = this.model;
    const { docs, tfs, idf } = this;
    const out = new Float32Array(docs.length);
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k]!;
      let tf = 0;
      for (let f = 0; f < nFields; f++) tf += tfs[k * nFields + f]! * norm[f * n + d]!;
      out[k] = (idf * tf * (k1 + 1)) / (k1 + tf);
    }
    return (this.cached = out);
  }
}

export interface DocInfo {
  entry: Entry;
  /** Stems of the title without stopwords. */
  titleTerms: Set<string>;
  /** Folded title, whitespace-collapsed. */
  titleFolded: string;
  /** Each identifier's words (stems, compounds also whole) as a set. */
  identifierSets: Array<Set<string>>;
  /** Topic title, for display. */
  topicTitle: string;
}

/** What an exact key matched: an identifier, or the title (worth more; the better one is kept). */
export const EXACT_IDENTIFIER = 1;
export const EXACT_TITLE = 2;

/** The (document → posting) lists by term: a posting is made on its term's first use. */
export class PostingLists {
  private readonly made: Array<Posting | undefined>;

  constructor(
    private readonly data: IndexData,
    private readonly model: WeightModel,
  ) {
    this.made = new Array(data.terms.length);
  }

  get size(): number {
    return this.data.terms.length;
  }

  has(term: string): boolean {
    return this.data.termIds.has(term);
  }

  get(term: string): Posting | undefined {
    const t = this.data.termIds.get(term);
    return t === undefined ? undefined : this.at(t);
  }

  *[Symbol.iterator](): IterableIterator<[string, Posting]> {
    for (let t = 0; t < this.data.terms.length; t++) yield [this.data.terms[t]!, this.at(t)];
  }

  private at(t: number): Posting {
    let posting = this.made[t];
    if (!posting) {
      const { start, docs, tfs } = this.data;
      const { n, nFields } = this.model;
      const from = start[t]!;
      const to = start[t + 1]!;
      const df = to - from;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      posting = this.made[t] = new Posting(idf, docs.subarray(from, to), tfs.subarray(from * nFields, to * nFields), this.model);
    }
    return posting;
  }
}

export interface InvertedIndex {
  docs: DocInfo[];
  byId: Map<string, number>;
  postings: PostingLists;
  vocabulary: Vocabulary;
  /** Folded surface word → its index term (stem). */
  surfaceToTerm: Map<string, string>;
  /**
   * Folded title, title head ("qemu-img convert" of "qemu-img convert — Converter…") or identifier, and each
   * reduced to its words ("qemu img convert") → the documents it names, with EXACT_TITLE or EXACT_IDENTIFIER.
   */
  exactKeys: Map<string, Map<number, number>>;
  /** Section heading (stemmed words, see headingKey) → the section's first entry; headings of two sections are left out. */
  sectionLeads: Map<string, number>;
  /**
   * Document d's text as words, stemmed, in order (stopwords included): proximity and definitions, which look
   * at the best 20 candidates of a query; made on first use per document.
   */
  textStems(d: number): string[];
  params: IndexParams;
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

/**
 * Term ids and per-(term, document) field counts, filled one field of one document at a time; and the surface
 * words (folded words and glued compounds, what typo correction works on) with their document counts.
 * A word is looked up once per occurrence: its id carries its stem's term id and the last document it was
 * seen in, so no per-document set of words and no second lookup by stem are needed.
 */
class TermTable {
  readonly termIds = new Map<string, number>();
  readonly termNames: string[] = [];
  readonly pairs = new PairBuffer();
  /** The pair of a term in the current document, valid when lastDoc[term] is that document. */
  private readonly lastDoc: number[] = [];
  private readonly pairOf: number[] = [];

  readonly wordIds = new Map<string, number>();
  readonly words: string[] = [];
  /** Per word: its stem's term id, the documents holding it, the last document that counted. */
  readonly wordTerm: number[] = [];
  readonly wordDocs: number[] = [];
  private readonly wordLastDoc: number[] = [];

  constructor(private readonly nFields: number) {}

  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      this.lastDoc.push(-1);
      this.pairOf.push(0);
    }
    return id;
  }

  wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.wordIds.set(word, id);
      this.words.push(word);
      this.wordTerm.push(this.termId(stem(word)));
      this.wordDocs.push(0);
      this.wordLastDoc.push(-1);
    }
    return id;
  }

  /** One field's text as ids: term ids (word stems, glued stems, compounds) and surface word ids (words, glued). */
  analyse(value: string): FieldIds {
    const { words: ws, glued, compounds: cs } = analyze(fold(value));
    const terms: number[] = new Array(ws.length + glued.length + cs.length);
    const surfaces: number[] = new Array(ws.length + glued.length);
    let k = 0;
    for (let i = 0; i < ws.length; i++, k++) terms[k] = this.wordTerm[(surfaces[k] = this.wordId(ws[i]!))]!;
    for (let i = 0; i < glued.length; i++, k++) terms[k] = this.wordTerm[(surfaces[k] = this.wordId(glued[i]!))]!;
    for (let i = 0; i < cs.length; i++, k++) terms[k] = this.termId(cs[i]!);
    return { terms, surfaces, length: ws.length };
  }

  /** Count one field of document `d`: its terms in field `f`, its surface words once per document. */
  count(field: FieldIds, d: number, f: number): void {
    const { pairs, lastDoc, pairOf, nFields, wordLastDoc, wordDocs } = this;
    const { terms, surfaces } = field;
    for (let i = 0; i < terms.length; i++) {
      const id = terms[i]!;
      let pair: number;
      if (lastDoc[id] === d) pair = pairOf[id]!;
      else {
        pair = pairs.add(id, d);
        lastDoc[id] = d;
        pairOf[id] = pair;
      }
      pairs.tf[pair * nFields + f]!++;
    }
    for (let i = 0; i < surfaces.length; i++) {
      const w = surfaces[i]!;
      if (wordLastDoc[w] !== d) {
        wordLastDoc[w] = d;
        wordDocs[w]!++;
      }
    }
  }
}

interface FieldIds {
  /** Term ids in order: one per word (its stem), then glued compounds (stemmed), then raw compounds. */
  terms: number[];
  /** Word ids of the words, then of the glued compounds. */
  surfaces: number[];
  /** Number of words (the field's length for BM25F). */
  length: number;
}

/**
 * Everything the index is made of, as flat arrays and strings: what `buildIndexData` computes from the notes,
 * what `indexFromData` turns into the searchable structures, and what the on-disk cache stores (cache.ts), so a
 * fresh build and a cached one go through the same code from here on.
 */
export interface IndexData {
  params: IndexParams;
  /** Term names; a term's id is its position. */
  terms: string[];
  termIds: Map<string, number>;
  /** Term t's (document, per-field tf) pairs are at [start[t], start[t + 1]) of `docs` (and × FIELDS.length of `tfs`). */
  start: Int32Array;
  docs: Int32Array;
  /** Per-field term counts: 16 bits when they fit (they always do in real notes), else 32-bit floats. */
  tfs: Float32Array | Uint16Array;
  /** weight_f / (1 − b_f + b_f · len / avglen), at [field · n + document]. */
  norm: Float64Array;
  /** Folded surface word → its stem's term. */
  surfaceToTerm: Map<string, string>;
  /** Surface words that are not stopwords, in order of first appearance, the number of documents holding each, word → position. */
  vocabulary: { words: string[]; weight: number[]; ids: Map<string, number> };
  /** Per document (the KnowledgeBase's entries, in order). */
  titleTerms: Array<Set<string>>;
  titleFolded: string[];
  identifierSets: Array<Array<Set<string>>>;
  topicTitles: string[];
  /** Document d's text stems, as term ids, are at [textStart[d], textStart[d + 1]) of `textStems`. */
  textStems: Int32Array;
  textStart: Int32Array;
  exactKeys: Map<string, Map<number, number>>;
  sectionLeads: Map<string, number>;
}

export function buildInvertedIndex(kb: KnowledgeBase, params: IndexParams = DEFAULT_INDEX_PARAMS): InvertedIndex {
  return indexFromData(kb, buildIndexData(kb, params));
}

/** Analyse every entry of the notes: term counts per field, surface words, per-document keys. */
export function buildIndexData(kb: KnowledgeBase, params: IndexParams = DEFAULT_INDEX_PARAMS): IndexData {
  const topicTitles = new Map(kb.topics.map((t) => [t.id, t.title]));
  const entries = kb.entries;
  const n = entries.length;
  const nFields = FIELDS.length;
  const table = new TermTable(nFields);
  const { pairs, termNames } = table;
  const lengths = FIELDS.map(() => new Float64Array(n));
  const sectionCache = new Map<string, FieldIds>();
  const data = {
    titleTerms: new Array<Set<string>>(n),
    titleFolded: new Array<string>(n),
    identifierSets: new Array<Array<Set<string>>>(n),
    topicTitles: new Array<string>(n),
  };
  const exactKeys = new Map<string, Map<number, number>>();
  const addKey = (key: string, d: number, kind: number): void => {
    for (const k of [key, exactKey(key)]) {
      if (!k) continue;
      let keyDocs = exactKeys.get(k);
      if (!keyDocs) exactKeys.set(k, (keyDocs = new Map()));
      keyDocs.set(d, Math.max(keyDocs.get(d) ?? 0, kind));
    }
  };
  const textStart = new Int32Array(n + 1);
  let textStems = new Int32Array(1 << 15);
  let nStems = 0;

  for (let d = 0; d < n; d++) {
    const entry = entries[d]!;
    const topicTitle = topicTitles.get(entry.topicId) ?? '';
    const values = fieldValues(entry, topicTitle);
    for (let f = 0; f < nFields; f++) {
      const field = FIELDS[f]!;
      // Entries of one section share their section field: analyse it once.
      let analysed = field === 'section' ? sectionCache.get(values.section) : undefined;
      if (!analysed) {
        analysed = table.analyse(values[field]);
        if (field === 'section') sectionCache.set(values.section, analysed);
      }
      lengths[f]![d] = analysed.length;
      if (field === 'text') {
        if (nStems + analysed.length > textStems.length) {
          const grown = new Int32Array(Math.max(textStems.length * 2, nStems + analysed.length));
          grown.set(textStems);
          textStems = grown;
        }
        for (let i = 0; i < analysed.length; i++) textStems[nStems++] = analysed.terms[i]!;
      }
      table.count(analysed, d, f);
    }
    textStart[d + 1] = nStems;
    const titleFolded = fold(entry.title).replace(/\s+/g, ' ').trim();
    data.titleFolded[d] = titleFolded;
    data.titleTerms[d] = new Set(words(titleFolded).filter((w) => !isStopword(w)).map(stem));
    data.identifierSets[d] = entry.identifiers.map(
      (id) => new Set(tokens(fold(id)).flatMap((t) => (t.parts.length > 1 ? [...t.parts, t.text] : t.parts)).map(stem)),
    );
    data.topicTitles[d] = topicTitle;
  }
  for (let d = 0; d < n; d++) {
    for (const id of entries[d]!.identifiers) addKey(fold(id).replace(/\s+/g, ' ').trim(), d, EXACT_IDENTIFIER);
    const titleFolded = data.titleFolded[d]!;
    addKey(titleFolded, d, EXACT_TITLE);
    // "qemu-img convert — Converter o tipo de imagem", "/etc/xen/, /etc/xen/xl.conf — O Xen utiliza…"
    const head = titleFolded.split(' — ')[0]!;
    if (head !== titleFolded) for (const name of head.split(/,\s*/)) addKey(name, d, EXACT_TITLE);
  }
  const sectionLeads = new Map<string, number>();
  const seenSections = new Set<string>();
  const ambiguous = new Set<string>();
  for (let d = 0; d < n; d++) {
    const { sectionId, sectionPath } = entries[d]!;
    if (seenSections.has(sectionId)) continue;
    seenSections.add(sectionId);
    const key = headingKey(sectionPath.at(-1) ?? '');
    if (key && sectionLeads.has(key)) ambiguous.add(key);
    else if (key) sectionLeads.set(key, d);
  }
  for (const key of ambiguous) sectionLeads.delete(key);

  const surfaceToTerm = new Map<string, string>();
  const vocabulary = { words: [] as string[], weight: [] as number[], ids: new Map<string, number>() };
  for (let w = 0; w < table.words.length; w++) {
    const surface = table.words[w]!;
    surfaceToTerm.set(surface, termNames[table.wordTerm[w]!]!);
    if (!isStopword(surface)) {
      vocabulary.ids.set(surface, vocabulary.words.length);
      vocabulary.words.push(surface);
      vocabulary.weight.push(table.wordDocs[w]!);
    }
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
  // Bucket the pairs by term (counting sort): postings become slices of shared arrays.
  const nTerms = termNames.length;
  const start = new Int32Array(nTerms + 1);
  for (let p = 0; p < pairs.size; p++) start[pairs.term[p]! + 1]!++;
  for (let t = 0; t < nTerms; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, nTerms);
  const allDocs = new Int32Array(pairs.size);
  let maxTf = 0;
  for (let i = 0; i < pairs.size * nFields; i++) if (pairs.tf[i]! > maxTf) maxTf = pairs.tf[i]!;
  const allTfs = maxTf <= 0xffff ? new Uint16Array(pairs.size * nFields) : new Float32Array(pairs.size * nFields);
  for (let p = 0; p < pairs.size; p++) {
    const k = fill[pairs.term[p]!]!++;
    allDocs[k] = pairs.doc[p]!;
    for (let f = 0; f < nFields; f++) allTfs[k * nFields + f] = pairs.tf[p * nFields + f]!;
  }
  return {
    params,
    terms: termNames,
    termIds: table.termIds,
    start,
    docs: allDocs,
    tfs: allTfs,
    norm,
    surfaceToTerm,
    vocabulary,
    ...data,
    textStems: textStems.slice(0, nStems),
    textStart,
    exactKeys,
    sectionLeads,
  };
}

/**
 * The searchable index over `data`, which must come from these notes: it takes over data's maps and arrays
 * (a fresh build's or the cache's; nothing else is computed here).
 */
export function indexFromData(kb: KnowledgeBase, data: IndexData): InvertedIndex {
  const entries = kb.entries;
  const n = entries.length;
  const nFields = FIELDS.length;
  if (data.textStart.length !== n + 1 || data.norm.length !== nFields * n || data.titleFolded.length !== n) {
    throw new Error('index data does not match the notes');
  }
  const byId = new Map<string, number>();
  const docs: DocInfo[] = new Array(n);
  for (let d = 0; d < n; d++) {
    const entry = entries[d]!;
    if (!byId.has(entry.id)) byId.set(entry.id, d);
    docs[d] = {
      entry,
      titleTerms: data.titleTerms[d]!,
      titleFolded: data.titleFolded[d]!,
      identifierSets: data.identifierSets[d]!,
      topicTitle: data.topicTitles[d]!,
    };
  }
  const stems: Array<string[] | undefined> = new Array(n);
  const textStems = (d: number): string[] => {
    let list = stems[d];
    if (!list) {
      const from = data.textStart[d]!;
      list = new Array<string>(data.textStart[d + 1]! - from);
      for (let i = 0; i < list.length; i++) list[i] = data.terms[data.textStems[from + i]!]!;
      stems[d] = list;
    }
    return list;
  };
  const model: WeightModel = { norm: data.norm, n, nFields, k1: data.params.k1 };
  return {
    docs,
    byId,
    postings: new PostingLists(data, model),
    vocabulary: new Vocabulary(data.vocabulary.words, data.vocabulary.weight, data.vocabulary.ids),
    surfaceToTerm: data.surfaceToTerm,
    exactKeys: data.exactKeys,
    sectionLeads: data.sectionLeads,
    textStems,
    params: data.params,
  };
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
