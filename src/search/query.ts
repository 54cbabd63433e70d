/**
 * From what a person typed to what the index can answer: each meaningful word becomes a *concept*,
 * a set of weighted alternatives (index terms) — the word itself, its synonyms, its typo correction,
 * or its completions. A word that resolves to nothing makes the whole query unanswerable.
 */
import { editBudget } from './distance.ts';
import type { InvertedIndex } from './inverted-index.ts';
import { compounds, fold, stem, tokens } from './normalize.ts';
import { isStopword } from './stopwords.ts';
import type { SynonymTable } from './synonyms.ts';

/** How much an alternative is trusted, by how it was reached. */
export const WEIGHTS = {
  exact: 1,
  synonym: 0.85,
  typo1: 0.8,
  typo2: 0.65,
  completion: 0.7,
  fuzzyCompletion: 0.5,
} as const;

/** At most this many meaningful words are considered (the rest of a very long query is ignored). */
export const MAX_QUERY_WORDS = 12;

export interface Alternative {
  /** Index terms that must all appear (one for a word, several for a phrase like "maquina virtual"). */
  terms: string[];
  /** Trust in the alternative, by how it was reached (WEIGHTS). */
  weight: number;
  /**
   * What the scorer multiplies the alternative's BM25F weights by: its trust, times
   * min(1, idf(concept) / idf(alternative)). A rare synonym or a rare misspelling in the notes
   * ("hypervior") must not outweigh the word that was typed: every alternative is scored with the
   * concept's idf at most.
   */
  scale: number;
  /** The form the person typed (as opposed to a synonym, correction or completion of it). */
  primary: boolean;
  /** How it was reached from what was typed. */
  via: Via;
}

/** typed: as typed (or its inflection); typo: a correction; split: a glued word split in two. */
export type Via = 'typed' | 'typo' | 'split' | 'synonym' | 'completion';

export interface Concept {
  /** The folded word(s) typed. */
  text: string;
  alternatives: Alternative[];
  /** How much the concept matters for coverage: the idf of its best alternative. */
  importance: number;
  /** True when the concept was typed exactly as a vocabulary word (no correction needed). */
  exact: boolean;
}

export interface ParsedQuery {
  folded: string;
  /** Meaningful (non-stopword) folded words, in order. */
  words: string[];
  concepts: Concept[];
  /** Compound tokens typed exactly as they appear in the notes ("qemu-img", "/etc/xen/xl.conf"). */
  compounds: string[];
  /** Words that resolve to nothing in the notes. */
  unresolved: string[];
}

export interface QueryContext {
  index: InvertedIndex;
  synonyms: SynonymTable;
}

function addAlternative(list: Alternative[], terms: string[], weight: number, via: Via, ctx: QueryContext): void {
  if (terms.length === 0 || !terms.every((t) => ctx.index.postings.has(t))) return;
  const key = terms.join(' ');
  const existing = list.find((a) => a.terms.join(' ') === key);
  if (!existing) list.push({ terms, weight, scale: weight, primary: false, via });
  else if (weight > existing.weight) {
    existing.weight = weight;
    existing.via = via;
  }
}

function idfOf(alt: Alternative, ctx: QueryContext): number {
  let sum = 0;
  for (const t of alt.terms) sum += ctx.index.postings.get(t)?.idf ?? 0;
  return sum / alt.terms.length;
}

/**
 * Fix the concept's idf — the primary alternative's (the word as typed) when there is one, else the
 * most common alternative's — and scale every alternative to it.
 */
function finish(text: string, alternatives: Alternative[], primary: string | null, exact: boolean, ctx: QueryContext): Concept {
  let conceptIdf = Infinity;
  const main = primary === null ? undefined : alternatives.find((a) => a.terms.join(' ') === primary);
  if (main) {
    conceptIdf = idfOf(main, ctx);
    main.primary = true;
  }
  else for (const alt of alternatives) conceptIdf = Math.min(conceptIdf, idfOf(alt, ctx));
  if (!Number.isFinite(conceptIdf)) conceptIdf = 0;
  for (const alt of alternatives) {
    const idf = idfOf(alt, ctx);
    alt.scale = alt.weight * (idf > conceptIdf ? conceptIdf / idf : 1);
  }
  return { text, alternatives, importance: conceptIdf, exact };
}

function addGroup(list: Alternative[], key: string, weight: number, via: Via, ctx: QueryContext): boolean {
  const gi = ctx.synonyms.byKey.get(key);
  if (gi === undefined) return false;
  for (const form of ctx.synonyms.groups[gi]!.forms) {
    const self = form.join(' ') === key;
    addAlternative(list, form, self ? weight : weight * WEIGHTS.synonym, self ? via : 'synonym', ctx);
  }
  return true;
}

/**
 * Resolve one folded word. `last` + `completing` = the user is still typing this word (autocomplete):
 * completions are preferred over corrections.
 */
export function resolveWord(word: string, ctx: QueryContext, completing = false): Concept {
  const alternatives: Alternative[] = [];
  const { vocabulary, surfaceToTerm } = ctx.index;
  const termOf = (surface: string): string => surfaceToTerm.get(surface) ?? stem(surface);
  const s = stem(word);
  let exact = false;
  if (ctx.index.postings.has(s)) {
    addAlternative(alternatives, [s], WEIGHTS.exact, 'typed', ctx);
    exact = true;
  }
  if (addGroup(alternatives, s, WEIGHTS.exact, 'typed', ctx)) exact = true;
  // A rare word that is also two common ones glued ("openvswitch", once in a config line, and
  // "open vswitch") stands for both.
  if (exact && !completing && word.length >= 6 && (ctx.index.postings.get(s)?.docs.length ?? 0) <= 2) {
    const split = vocabulary.split(word);
    if (split) addAlternative(alternatives, split.map(termOf), WEIGHTS.typo1, 'split', ctx);
  }

  if (completing) {
    for (const completion of vocabulary.completions(word, 8)) {
      addAlternative(alternatives, [termOf(completion)], WEIGHTS.completion, 'completion', ctx);
      addGroup(alternatives, termOf(completion), WEIGHTS.completion, 'completion', ctx);
    }
    if (alternatives.length === 0) {
      const budget = word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2;
      for (const c of vocabulary.correct(word, budget, 8, true)) {
        addAlternative(alternatives, [termOf(c.word)], WEIGHTS.fuzzyCompletion, 'completion', ctx);
        addGroup(alternatives, termOf(c.word), WEIGHTS.fuzzyCompletion, 'completion', ctx);
      }
    }
  } else if (alternatives.length === 0) {
    // 1. Typos within the word's edit budget; a four-letter word may only have two letters swapped
    //    ("lsit" → "list"), which keeps its letters and rarely lands on an unrelated word.
    const corrections = vocabulary.correct(word, editBudget(word.length), 6);
    if (corrections.length === 0 && word.length === 4) {
      for (const swapped of vocabulary.swaps(word)) corrections.push({ word: swapped, distance: 1 });
    }
    const best = corrections[0]?.distance;
    for (const c of corrections) {
      if (c.distance !== best) break;
      const weight = c.distance === 1 ? WEIGHTS.typo1 : WEIGHTS.typo2;
      addAlternative(alternatives, [termOf(c.word)], weight, 'typo', ctx);
      addGroup(alternatives, termOf(c.word), weight, 'typo', ctx);
    }
    // 2. Two words typed glued together ("openvswitch" = "open" + "vswitch").
    if (alternatives.length === 0 && word.length >= 6) {
      const split = vocabulary.split(word);
      if (split) addAlternative(alternatives, split.map(termOf), WEIGHTS.typo1, 'split', ctx);
    }
    // 3. A truncated word ("virtualiz", "paravirt") is a prefix of what was meant.
    if (alternatives.length === 0 && word.length >= 5) {
      for (const completion of vocabulary.completions(word, 6)) {
        addAlternative(alternatives, [termOf(completion)], WEIGHTS.completion, 'completion', ctx);
        addGroup(alternatives, termOf(completion), WEIGHTS.completion, 'completion', ctx);
      }
    }
  }
  return finish(word, alternatives, exact ? s : null, exact, ctx);
}

/**
 * Parse a cleaned query. A hyphenated word ("para-virtualizacao", "qemu-img") is first tried glued,
 * as the notes' glued form; if that resolves to nothing its parts are used as separate words.
 * Phrases from the synonym table ("maquina virtual", "live migration") are then recognised greedily,
 * longest first; every other meaningful word is resolved on its own.
 * With `completing`, the last word is treated as unfinished (autocomplete).
 */
export function parseQuery(cleaned: string, ctx: QueryContext, completing = false): ParsedQuery {
  const folded = fold(cleaned);
  const lastOpen = completing && !/[^\p{L}\p{N}]$/u.test(cleaned);
  const typed = tokens(folded);
  // Units: meaningful words, each possibly already resolved (glued compounds).
  const units: Array<{ word: string; concept?: Concept; open: boolean }> = [];
  typed.forEach((token, ti) => {
    const open = lastOpen && ti === typed.length - 1;
    if (token.parts.length > 1) {
      const concept = resolveWord(token.text, ctx, open);
      if (concept.alternatives.length > 0) {
        units.push({ word: token.text, concept, open });
        return;
      }
    }
    token.parts.forEach((part, pi) => {
      if (!isStopword(part)) units.push({ word: part, open: open && pi === token.parts.length - 1 });
    });
  });
  units.splice(MAX_QUERY_WORDS);
  const typedCompounds = [...new Set(compounds(folded))].filter((c) => ctx.index.postings.has(c));
  const concepts: Concept[] = [];
  const unresolved: string[] = [];
  const stems = units.map((u) => stem(u.word));
  for (let i = 0; i < units.length; ) {
    let matched = 0;
    for (let len = Math.min(ctx.synonyms.maxWords, units.length - i); len >= 2; len--) {
      if (units[i + len - 1]!.open) continue;
      const key = stems.slice(i, i + len).join(' ');
      const alternatives: Alternative[] = [];
      if (addGroup(alternatives, key, WEIGHTS.exact, 'typed', ctx) && alternatives.length > 0) {
        const text = units
          .slice(i, i + len)
          .map((u) => u.word)
          .join(' ');
        concepts.push(finish(text, alternatives, key, true, ctx));
        matched = len;
        break;
      }
    }
    if (matched > 0) {
      i += matched;
      continue;
    }
    const unit = units[i]!;
    const concept = unit.concept ?? resolveWord(unit.word, ctx, unit.open);
    if (concept.alternatives.length > 0) concepts.push(concept);
    else unresolved.push(unit.word);
    i++;
  }
  return { folded, words: units.map((u) => u.word), concepts, compounds: typedCompounds, unresolved };
}
