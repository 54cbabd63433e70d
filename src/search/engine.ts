/**
 * The search engine behind /term: ranking (BM25F + coverage + exact-identifier bonuses), the
 * "find nothing rather than nonsense" rule, "did you mean" suggestions, autocomplete and related
 * entries. Everything is in memory and synchronous; one engine serves many queries.
 */
import { createTitleMatcher, type TitleMatcher } from './title-fuzzy.ts';
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { cutText } from '../format/text.ts';
import { buildInvertedIndex, DEFAULT_INDEX_PARAMS, displayForms, EXACT_IDENTIFIER, EXACT_TITLE, type IndexParams, type InvertedIndex } from './inverted-index.ts';
import { cleanQuery, fold, words } from './normalize.ts';
import { editBudget } from './distance.ts';
import { parseQuery, type Concept, type ParsedQuery, type QueryContext } from './query.ts';
import { allIn, better, correctedKey, exactKey, indexOf, opensWithDefinition, program, proximityBonus, round } from './signals.ts';
import { EMPTY_SYNONYMS, type SynonymTable } from './synonyms.ts';
import { definedNames, definitionProbe, DEFINES, OPENS_SECTION, sectionLeaders } from './definitions.ts';

export interface SearchHit {
  entry: Entry;
  score: number;
}

export interface SearchResponse {
  /** The query as understood: markup stripped, whitespace collapsed, length capped. */
  query: string;
  /** Best first; empty when the notes do not cover the query. */
  results: SearchHit[];
  /** "Did you mean" queries (each known to find something); only when `results` is empty. */
  suggestions: string[];
}

export interface AutocompleteChoice {
  /** What Discord shows: title and where it is, at most 100 characters. */
  name: string;
  /** The entry id (at most 100 characters): `search(value)` returns exactly that entry. */
  value: string;
}

export interface SearchOptions {
  /** Maximum number of results (default 5, at most 50). */
  limit?: number;
}

export interface AutocompleteOptions {
  /** Maximum number of choices (default and maximum 25, Discord's limit). */
  limit?: number;
}

export interface SearchEngine {
  search(query: string, options?: SearchOptions): SearchResponse;
  autocomplete(partial: string, options?: AutocompleteOptions): AutocompleteChoice[];
  /** Entries close to this one (same vocabulary, same section first), best first; [] for an unknown id. */
  related(entryId: string, n?: number): Entry[];
  /** The entry with this id, if any. */
  get(entryId: string): Entry | undefined;
  /** Number of indexed entries. */
  readonly size: number;
}

export interface EngineOptions {
  synonyms?: SynonymTable;
  params?: IndexParams;
  /** Minimum share of the query (idf-weighted) an entry must cover to be returned. Default 0.7. */
  minCoverage?: number;
}

export const DISCORD_MAX_CHOICES = 25;
export const DISCORD_MAX_CHOICE_CHARS = 100;
const MAX_LIMIT = 50;
const DEFAULT_MIN_COVERAGE = 0.7;
/** Added when the whole query is an entry's title (or the name its title starts with), after folding. */
const EXACT_BONUS = 25;
/** Added when the whole query is one of an entry's identifiers. */
const IDENTIFIER_EXACT_BONUS = 12;
/** The bonus of an exact key match (index.exactKeys), by what it matched. */
function exactBonus(kind: number | undefined): number {
  return kind === EXACT_TITLE ? EXACT_BONUS : kind === EXACT_IDENTIFIER ? IDENTIFIER_EXACT_BONUS : 0;
}
/** Added when the query's concepts and the title's words are the same (after correction and synonyms). */
const TITLE_MATCH_BONUS = 15;
/** How many of the best candidates get the (costlier) title and identifier checks. */
const RERANK = 50;
/** How many get the proximity and definition checks (they walk the entry's words). */
const RERANK_TEXT = 20;
/** Added to the first entry of a section whose heading is the query ("OpenStack" → "OpenStack é uma plataforma…"). */
const SECTION_LEAD_BONUS = 12;
/** When the entry opens by defining the (single) thing asked about: "Libvirt é uma coleção…". */
const DEFINITION_BONUS = 4;
/**
 * A bare name ("kvm", "xen", "virsh") asks what it is: an entry defining it comes before any command line that
 * uses it, even one whose title starts with the name (EXACT_BONUS), then a section opening with it, then the
 * introduction of a section named after it (src/search/definitions.ts).
 */
function definitionBonus(strength: number | undefined): number {
  return strength === DEFINES ? 45 : strength === OPENS_SECTION ? 32 : strength === undefined ? 0 : 27;
}
/** Per concept, when all concepts sit in one identifier (scaled by how much of it they cover). */
const IDENTIFIER_BONUS = 3;

export function createSearchEngine(kb: KnowledgeBase, options: EngineOptions = {}): SearchEngine {
  return engineOverIndex(buildInvertedIndex(kb, options.params ?? DEFAULT_INDEX_PARAMS), options);
}

/** The engine over an index already built (or restored from the cache) for these notes; `options.params` is the index's. */
export function engineOverIndex(index: InvertedIndex, options: Omit<EngineOptions, 'params'> = {}): SearchEngine {
  const synonyms = options.synonyms ?? EMPTY_SYNONYMS;
  for (const group of synonyms.groups) {
    for (const surface of group.surfaces) index.vocabulary.add(surface, 0);
  }
  return new Engine(index, synonyms, options.minCoverage ?? DEFAULT_MIN_COVERAGE);
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * Cut to at most `max` UTF-16 units between graphemes (src/format/text.ts), at a word boundary when one is
 * near the end, ending with "…" when cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = cutText(text, max - 1);
  const space = out.lastIndexOf(' ');
  if (space >= out.length - 15 && space > max / 2) out = out.slice(0, space);
  return `${out.replace(/[\s,;:—–-]+$/u, '')}…`;
}

class Engine implements SearchEngine {
  private readonly ctx: QueryContext;
  private readonly n: number;
  private readonly score: Float64Array;
  private readonly coverage: Float64Array;
  private readonly best: Float64Array;
  private readonly phraseSum: Float64Array;
  private readonly phraseCount: Int32Array;
  private readonly full: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private readonly touchedConcept: Int32Array;
  private readonly touchedPhrase: Int32Array;
  private nTouched = 0;
  private readonly final: Float64Array;
  private readonly top = new Int32Array(RERANK);
  private readonly titleCovered = new Set<string>();
  /** Folded word → as written in the notes, built on first use (suggestions). */
  private display: Map<string, string> | null = null;
  /** Per document, the names its opening defines (src/search/definitions.ts), made when a one-word query touches it. */
  private readonly definitions: Array<Map<string, number> | undefined> = [];
  /** Per document, what is looked at before that: its folded first sentence (and heading, for a section's first). */
  private readonly definitionProbes: Array<string | undefined> = [];
  private leaders: boolean[] | null = null;
  /** Per document, its strongest terms (for `related`). */
  private docTerms: Array<Array<[string, number]>> | null = null;
  /** fuse.js over title heads: the autocomplete's last resort when the vocabulary resolves nothing. */
  private readonly titles: TitleMatcher;

  constructor(
    private readonly index: InvertedIndex,
    synonyms: SynonymTable,
    private readonly minCoverage: number,
  ) {
    this.ctx = { index, synonyms };
    const n = (this.n = index.docs.length);
    this.score = new Float64Array(n);
    this.coverage = new Float64Array(n);
    this.best = new Float64Array(n);
    this.phraseSum = new Float64Array(n);
    this.phraseCount = new Int32Array(n);
    this.full = new Uint8Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.touchedConcept = new Int32Array(n);
    this.touchedPhrase = new Int32Array(n);
    this.final = new Float64Array(n);
    this.titles = createTitleMatcher(index.docs.map((doc) => doc.entry.title));
  }

  get size(): number {
    return this.n;
  }

  get(entryId: string): Entry | undefined {
    const d = this.index.byId.get(entryId);
    return d === undefined ? undefined : this.index.docs[d]!.entry;
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = clampInt(options.limit, 5, 0, MAX_LIMIT);
    const cleaned = cleanQuery(query);
    const response: SearchResponse = { query: cleaned, results: [], suggestions: [] };
    if (!cleaned || limit === 0) return response;
    // An autocomplete choice's value is an entry id: answer with exactly that entry.
    const byId = this.index.byId.get(cleaned);
    if (byId !== undefined) {
      response.results.push({ entry: this.index.docs[byId]!.entry, score: EXACT_BONUS });
      return response;
    }
    const parsed = parseQuery(cleaned, this.ctx);
    response.results = this.rank(parsed, limit, this.minCoverage);
    if (response.results.length === 0) response.suggestions = this.suggest(parsed, cleaned);
    return response;
  }

  autocomplete(partial: string, options: AutocompleteOptions = {}): AutocompleteChoice[] {
    const limit = clampInt(options.limit, DISCORD_MAX_CHOICES, 0, DISCORD_MAX_CHOICES);
    if (limit === 0) return [];
    const cleaned = cleanQuery(typeof partial === 'string' ? partial.slice(0, 400) : '').slice(0, 100);
    let docs: number[];
    if (!cleaned.trim()) {
      docs = this.defaultChoices();
    } else {
      const parsed = parseQuery(cleaned, this.ctx, true);
      const hits = parsed.concepts.length === 0 && parsed.compounds.length === 0 ? [] : this.rankDocs(parsed, 60, 0.5);
      const typed = fold(cleaned).replace(/\s+/g, ' ').trim();
      // What people type in a picker is usually the start of a title.
      for (const hit of hits) {
        const title = this.index.docs[hit.doc]!.titleFolded;
        if (title.startsWith(typed)) hit.score *= 2;
        else if (title.includes(typed)) hit.score *= 1.3;
      }
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
      docs = hits.map((h) => h.doc);
      if (docs.length === 0) docs = this.titles.match(cleaned, limit);
    }
    const choices: AutocompleteChoice[] = [];
    const names = new Set<string>();
    for (const d of docs) {
      if (choices.length >= limit) break;
      const doc = this.index.docs[d]!;
      const value = doc.entry.id;
      if (value.length === 0 || value.length > DISCORD_MAX_CHOICE_CHARS) continue;
      const name = this.choiceName(d);
      if (names.has(name)) continue;
      names.add(name);
      choices.push({ name, value });
    }
    return choices;
  }

  related(entryId: string, n = 5): Entry[] {
    const source = typeof entryId === 'string' ? this.index.byId.get(entryId) : undefined;
    const limit = clampInt(n, 5, 0, MAX_LIMIT);
    if (source === undefined || limit === 0) return [];
    // Neighbourhood first — same section (+0.5) or topic (+0.15), same program in an identifier
    // (+0.4: "xl pause" → "xl destroy") — then shared vocabulary: the source's strongest terms
    // (up to +0.5, relative to the best overlap).
    const overlap = new Map<number, number>();
    for (const [term, weight] of this.termsOf(source)) {
      const posting = this.index.postings.get(term)!;
      const weights = posting.weights;
      for (let k = 0; k < posting.docs.length; k++) {
        const d = posting.docs[k]!;
        if (d !== source) overlap.set(d, (overlap.get(d) ?? 0) + weight * weights[k]!);
      }
    }
    let max = 0;
    for (const v of overlap.values()) max = Math.max(max, v);
    const from = this.index.docs[source]!.entry;
    const programs = new Set(from.identifiers.map(program).filter(Boolean));
    return [...overlap]
      .map(([d, v]) => {
        const e = this.index.docs[d]!.entry;
        const near =
          (e.sectionId === from.sectionId ? 0.5 : e.topicId === from.topicId ? 0.15 : 0) +
          (e.identifiers.some((id) => programs.has(program(id))) ? 0.4 : 0);
        return { d, score: 0.5 * (v / max) + near };
      })
      .sort((a, b) => b.score - a.score || a.d - b.d)
      .slice(0, limit)
      .map(({ d }) => this.index.docs[d]!.entry);
  }

  // ---------------------------------------------------------------------------------------------

  private rank(parsed: ParsedQuery, limit: number, minCoverage: number): SearchHit[] {
    if (parsed.unresolved.length > 0) return [];
    return this.rankDocs(parsed, limit, minCoverage).map((h) => ({
      entry: this.index.docs[h.doc]!.entry,
      score: round(h.score),
    }));
  }

  private touch(d: number): void {
    if (this.seen[d] === 0) {
      this.seen[d] = 1;
      this.touched[this.nTouched++] = d;
    }
  }

  /**
   * Score every document touched by the query; keep those covering enough of it; rerank the best
   * RERANK with the title and identifier checks; return the top `limit`, best first.
   */
  private rankDocs(
    parsed: ParsedQuery,
    limit: number,
    minCoverage: number,
    rerank = true,
  ): Array<{ doc: number; score: number }> {
    const { concepts } = parsed;
    if (concepts.length === 0 && parsed.compounds.length === 0) return [];
    const { score, coverage, seen, touched } = this;
    this.nTouched = 0;
    let totalImportance = 0;
    for (const concept of concepts) {
      totalImportance += concept.importance;
      this.scoreConcept(concept);
    }
    // Commands and paths typed verbatim ("qemu-img", "xl.conf") count on top of their words.
    for (const term of parsed.compounds) {
      const posting = this.index.postings.get(term)!;
      const weights = posting.weights;
      for (let k = 0; k < posting.docs.length; k++) {
        const d = posting.docs[k]!;
        this.touch(d);
        score[d]! += weights[k]!;
      }
    }
    const typed = parsed.folded.replace(/\s+/g, ' ').trim();
    const exact = this.index.exactKeys.get(typed) ?? this.index.exactKeys.get(exactKey(typed));
    if (exact) for (const d of exact.keys()) this.touch(d);
    const lead = this.index.sectionLeads.get(correctedKey(concepts));
    const defining = concepts.length === 1 ? this.definitionTerms(concepts[0]!) : undefined;

    // Keep the best K candidates (K ≤ 50: insertion into a sorted list is enough).
    const k = Math.max(1, Math.min(Math.max(limit, rerank ? RERANK : 0), this.top.length));
    const { top, final } = this;
    let nTop = 0;
    const nTouched = this.nTouched;
    for (let i = 0; i < nTouched; i++) {
      const d = touched[i]!;
      const share = totalImportance > 0 ? coverage[d]! / totalImportance : 1;
      const bonus = exactBonus(exact?.get(d)) + (d === lead ? SECTION_LEAD_BONUS : 0) + (defining ? definitionBonus(this.definitionStrength(d, defining)) : 0);
      const value = score[d]! * Math.min(1, share) + bonus;
      score[d] = 0;
      coverage[d] = 0;
      seen[d] = 0;
      if (share < minCoverage - 1e-9 && bonus === 0) continue;
      if (nTop === k && !better(value, d, final[top[k - 1]!]!, top[k - 1]!)) continue;
      final[d] = value;
      let pos = nTop < k ? nTop++ : k - 1;
      while (pos > 0 && better(value, d, final[top[pos - 1]!]!, top[pos - 1]!)) {
        top[pos] = top[pos - 1]!;
        pos--;
      }
      top[pos] = d;
    }
    const hits: Array<{ doc: number; score: number }> = [];
    for (let i = 0; i < nTop; i++) hits.push({ doc: top[i]!, score: final[top[i]!]! });
    if (rerank) {
      // Reward titles that say exactly what was asked, and commands whose identifier holds every
      // word of the query ("qemu img convert"). A definition's bonus is not scaled by the title.
      for (const hit of hits) {
        const definition = defining ? definitionBonus(this.definitionStrength(hit.doc, defining)) : 0;
        hit.score = this.titleBoost(hit.doc, concepts, hit.score - definition) + definition;
        if (concepts.length >= 2) hit.score += this.identifierBonus(hit.doc, concepts);
      }
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
      // Then, for the very best, look at the words themselves: query words side by side
      // ("instalar o vagrant"), or an entry that opens by defining what was asked.
      const termSets = concepts.map((c) => new Set(c.alternatives.filter((a) => a.terms.length === 1).map((a) => a.terms[0]!)));
      const head = Math.min(hits.length, RERANK_TEXT);
      for (let i = 0; i < head; i++) {
        const hit = hits[i]!;
        const stems = this.index.textStems(hit.doc);
        if (concepts.length >= 2) hit.score += proximityBonus(stems, termSets);
        else if (concepts.length === 1 && opensWithDefinition(stems, termSets[0]!)) hit.score += DEFINITION_BONUS;
      }
      hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    }
    return hits.length > limit ? hits.slice(0, limit) : hits;
  }

  /** The one thing asked, as typed, corrected or a synonym (not a completion of a partial word): its terms. */
  private definitionTerms(concept: Concept): string[] {
    const terms: string[] = [];
    for (const alt of concept.alternatives) if (alt.terms.length === 1 && alt.via !== 'completion') terms.push(alt.terms[0]!);
    return terms;
  }

  /** How strongly document d defines one of `terms` (DEFINES…), or undefined. */
  private definitionStrength(d: number, terms: string[]): number | undefined {
    let names = this.definitions[d];
    if (!names) {
      this.leaders ??= sectionLeaders(this.index.docs.map((doc) => doc.entry));
      const entry = this.index.docs[d]!.entry;
      const probe = (this.definitionProbes[d] ??= definitionProbe(entry, this.leaders[d]!));
      // Most entries a query touches do not even name it where a definition would.
      if (!terms.some((term) => probe.includes(term))) return undefined;
      names = this.definitions[d] = definedNames(entry, this.leaders[d]!);
    }
    let strongest: number | undefined;
    for (const term of terms) {
      const strength = names.get(term);
      if (strength !== undefined && (strongest === undefined || strength > strongest)) strongest = strength;
    }
    return strongest;
  }

  /**
   * q = share of the query's concepts found in the title, t = share of the title's words the query
   * accounts for. Both complete: the title *is* the query (after corrections) — a fixed bonus.
   * Otherwise the score grows with q·t, up to ×1.5.
   */
  private titleBoost(d: number, concepts: Concept[], score: number): number {
    const titleTerms = this.index.docs[d]!.titleTerms;
    if (titleTerms.size === 0 || concepts.length === 0) return score;
    const covered = this.titleCovered;
    covered.clear();
    let inTitle = 0;
    let asTyped = 0;
    for (const concept of concepts) {
      let found = false;
      let typed = false;
      for (const alt of concept.alternatives) {
        if (!allIn(alt.terms, titleTerms)) continue;
        found = true;
        if (alt.via !== 'synonym' && alt.via !== 'completion') typed = true;
        for (const t of alt.terms) covered.add(t);
      }
      if (found) inTitle++;
      if (typed) asTyped++;
    }
    const q = inTitle / concepts.length;
    const t = covered.size / titleTerms.size;
    // The fixed bonus is for a title that says what was typed (typos and inflections aside); a title
    // reached through a synonym only gets the proportional boost.
    if (asTyped === concepts.length && t === 1) return score + TITLE_MATCH_BONUS;
    return score * (1 + 0.5 * q * t);
  }

  /** Add one concept's contribution: per document, its best alternative. */
  private scoreConcept(concept: Concept): void {
    const { best, full, touchedConcept, score, coverage } = this;
    const postings = this.index.postings;
    let nConcept = 0;
    for (const alt of concept.alternatives) {
      if (alt.terms.length === 1) {
        const posting = postings.get(alt.terms[0]!)!;
        const weights = posting.weights;
        for (let k = 0; k < posting.docs.length; k++) {
          const d = posting.docs[k]!;
          const v = alt.scale * weights[k]!;
          if (best[d] === 0 && full[d] === 0) touchedConcept[nConcept++] = d;
          if (v > best[d]!) best[d] = v;
          full[d] = 1;
        }
        continue;
      }
      if (!alt.primary) {
        // A synonym phrase ("maquina virtual" for "vm"): only documents with all its words count.
        // Walk the rarest word's postings and look the others up (postings are sorted by document).
        const lists = alt.terms.map((t) => postings.get(t)!).sort((a, b) => a.docs.length - b.docs.length);
        const rarest = lists[0]!;
        const rarestWeights = rarest.weights;
        for (let k = 0; k < rarest.docs.length; k++) {
          const d = rarest.docs[k]!;
          let sum = rarestWeights[k]!;
          let all = true;
          for (let j = 1; j < lists.length && all; j++) {
            const at = indexOf(lists[j]!.docs, d);
            if (at < 0) all = false;
            else sum += lists[j]!.weights[at]!;
          }
          if (!all) continue;
          const v = (alt.scale * sum) / alt.terms.length;
          if (best[d] === 0 && full[d] === 0) touchedConcept[nConcept++] = d;
          if (v > best[d]!) best[d] = v;
          full[d] = 1;
        }
        continue;
      }
      // The phrase as typed: all its words for full credit, some of them for half.
      const { phraseSum, phraseCount, touchedPhrase } = this;
      let nPhrase = 0;
      for (const term of alt.terms) {
        const posting = postings.get(term)!;
        const weights = posting.weights;
        for (let k = 0; k < posting.docs.length; k++) {
          const d = posting.docs[k]!;
          if (phraseCount[d] === 0) touchedPhrase[nPhrase++] = d;
          phraseCount[d]!++;
          phraseSum[d]! += weights[k]!;
        }
      }
      for (let k = 0; k < nPhrase; k++) {
        const d = touchedPhrase[k]!;
        const complete = phraseCount[d] === alt.terms.length;
        // The mean keeps a phrase worth about one word: the concept, not its word count, is scored.
        const v = (alt.scale * phraseSum[d]! * (complete ? 1 : 0.5)) / alt.terms.length;
        if (best[d] === 0 && full[d] === 0) touchedConcept[nConcept++] = d;
        if (v > best[d]!) best[d] = v;
        if (complete) full[d] = 1;
        phraseCount[d] = 0;
        phraseSum[d] = 0;
      }
    }
    for (let k = 0; k < nConcept; k++) {
      const d = touchedConcept[k]!;
      this.touch(d);
      score[d]! += best[d]!;
      if (full[d] === 1) coverage[d]! += concept.importance;
      best[d] = 0;
      full[d] = 0;
    }
  }

  private identifierBonus(d: number, concepts: Concept[]): number {
    let bonus = 0;
    for (const set of this.index.docs[d]!.identifierSets) {
      if (set.size === 0) continue;
      let inside = 0;
      for (const concept of concepts) {
        for (const alt of concept.alternatives) {
          if (allIn(alt.terms, set)) {
            inside++;
            break;
          }
        }
      }
      if (inside < concepts.length) continue;
      const compactness = Math.min(1, concepts.length / set.size);
      bonus = Math.max(bonus, IDENTIFIER_BONUS * concepts.length * (0.5 + 0.5 * compactness));
    }
    return bonus;
  }

  /** "Did you mean": variants of the query with unknown words replaced, kept only if they find something. */
  private suggest(parsed: ParsedQuery, cleaned: string): string[] {
    const out: string[] = [];
    const folded = fold(cleaned);
    if (parsed.unresolved.length > 0) {
      const options = parsed.unresolved.slice(0, 3).map((word) => {
        const budget = Math.min(editBudget(word.length) + 1, 3);
        const candidates = this.index.vocabulary.correct(word, budget, 3, false, 2).map((c) => c.word);
        if (word.length >= 3) candidates.push(...this.index.vocabulary.completions(word, 2));
        return { word, candidates: [...new Set(candidates)] };
      });
      // The query's words with each unknown one replaced by a candidate (no per-query regular
      // expressions: compiling one costs more than the whole search).
      const typed = words(folded);
      const variants: string[] = [];
      const build = (i: number, current: string[]): void => {
        if (variants.length >= 6) return;
        if (i === options.length) {
          variants.push(current.join(' '));
          return;
        }
        const { word, candidates } = options[i]!;
        const at = current.indexOf(word);
        for (const w of candidates) {
          const next = current.slice();
          if (at >= 0) next[at] = this.displayOf(w);
          build(i + 1, next);
        }
      };
      build(0, typed);
      for (const variant of variants) {
        if (out.length >= 3) break;
        const v = parseQuery(variant, this.ctx);
        // One word that resolves always finds its documents; several must be checked together.
        const finds = v.unresolved.length === 0 && (v.concepts.length === 1 || this.rankDocs(v, 1, this.minCoverage, false).length > 0);
        if (finds && !out.includes(variant)) {
          out.push(variant);
        }
      }
      return out;
    }
    // Every word is known but no entry covers them together: offer the strongest words alone.
    const concepts = [...parsed.concepts].sort((a, b) => b.importance - a.importance);
    for (const concept of concepts) {
      if (out.length >= 3) break;
      if (!concept.exact) continue;
      const single = parseQuery(concept.text, this.ctx);
      if (this.rankDocs(single, 1, this.minCoverage, false).length > 0) out.push(this.displayOf(concept.text));
    }
    return out.length >= 2 ? out : [];
  }

  private displayOf(folded: string): string {
    this.display ??= displayForms(this.index.docs);
    return folded
      .split(' ')
      .map((w) => this.display!.get(w) ?? w)
      .join(' ');
  }

  private choiceName(d: number): string {
    const { entry } = this.index.docs[d]!;
    const section = entry.sectionPath.at(-1);
    const where = [entry.topicId, section !== entry.title ? section : undefined].filter(Boolean).join(' ');
    const title = entry.title.replace(/\s+/g, ' ').trim() || entry.id;
    const suffix = where ? ` · ${truncate(where, 40)}` : '';
    return truncate(title, DISCORD_MAX_CHOICE_CHARS - suffix.length) + suffix;
  }

  private defaultChoices(): number[] {
    return this.index.docs
      .map((doc, d) => ({ d, rank: doc.entry.kind === 'term' ? 0 : 1 }))
      .sort((a, b) => a.rank - b.rank || a.d - b.d)
      .map((x) => x.d);
  }

  /** Strongest terms of a document: title and identifier words, then its best text terms. */
  private termsOf(d: number): Array<[string, number]> {
    if (!this.docTerms) {
      const perDoc: Array<Array<[string, number]>> = Array.from({ length: this.n }, () => []);
      for (const [term, posting] of this.index.postings) {
        if (/[._\-/:=+]/.test(term)) continue;
        const weights = posting.weights;
        for (let k = 0; k < posting.docs.length; k++) perDoc[posting.docs[k]!]!.push([term, weights[k]!]);
      }
      this.docTerms = perDoc.map((list) => list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12));
    }
    const max = this.docTerms[d]![0]?.[1] ?? 1;
    return this.docTerms[d]!.map(([t, w]) => [t, w / max]);
  }
}
