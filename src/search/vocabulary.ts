/**
 * The words a query can be corrected to: every folded word of the notes (plus glued compounds and the
 * single-word synonym forms), with a bigram index for typo candidates and a sorted list for prefixes.
 * Correction = candidates sharing enough bigrams, verified by a bounded edit distance.
 */
import { boundedDistance, boundedPrefixDistance } from './distance.ts';

export interface Correction {
  /** Folded surface form from the vocabulary. */
  word: string;
  distance: number;
}

export class Vocabulary {
  /** Surface forms; index = word id. */
  readonly words: string[];
  /** Documents (or, for synonym-only forms, 0) mentioning each word: the tie-breaker. */
  readonly weight: number[];
  private readonly ids: Map<string, number>;

  /** A vocabulary holding `words` (distinct) with their weights; `ids` (word → position), when known, saves rebuilding it. */
  constructor(words: readonly string[] = [], weight: readonly number[] = [], ids?: ReadonlyMap<string, number>) {
    this.words = words.slice();
    this.weight = weight.slice();
    this.ids = ids ? new Map(ids) : new Map(words.map((word, id) => [word, id]));
  }
  private sorted: string[] = [];
  private grams = new Map<number, Int32Array>();
  private counts = new Int32Array(0);
  private touched = new Int32Array(0);
  private indexed = false;

  add(word: string, weight: number): void {
    this.indexed = false;
    const id = this.ids.get(word);
    if (id !== undefined) {
      this.weight[id] = Math.max(this.weight[id]!, weight);
      return;
    }
    this.ids.set(word, this.words.length);
    this.words.push(word);
    this.weight.push(weight);
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  get size(): number {
    return this.words.length;
  }

  /** Bigram and prefix indexes, built at the first correction or completion after the last `add`: a query whose
   * words are all known never needs them, so an engine is ready sooner. */
  private ensureIndexed(): void {
    if (this.indexed) return;
    this.indexed = true;
    this.sorted = [...this.words].sort();
    const lists = new Map<number, number[]>();
    this.words.forEach((word, id) => {
      for (const gram of bigrams(word, true)) {
        let list = lists.get(gram);
        if (!list) lists.set(gram, (list = []));
        if (list[list.length - 1] !== id) list.push(id);
      }
    });
    this.grams = new Map([...lists].map(([gram, list]) => [gram, Int32Array.from(list)]));
    this.counts = new Int32Array(this.words.length);
    this.touched = new Int32Array(this.words.length);
  }

  /**
   * Vocabulary words within `max` edits of `word`, closest first (then most common), at most `limit`.
   * With `prefix`, the distance is to the closest prefix of each vocabulary word.
   */
  correct(word: string, max: number, limit: number, prefix = false, minShared = 1): Correction[] {
    if (max <= 0 || word.length === 0) return [];
    this.ensureIndexed();
    const grams = bigrams(word, !prefix);
    // Each edit destroys at most 3 distinct bigrams of `word` (a swap of two letters), so a
    // candidate within `max` edits shares at least this many. A candidate sharing fewer than
    // `minShared` is not worth proposing anyway (it is a different word, however few the edits).
    const need = Math.max(grams.size - 3 * max, minShared);
    const counts = this.counts;
    const touched = this.touched;
    let nTouched = 0;
    for (const gram of grams) {
      const list = this.grams.get(gram);
      if (!list) continue;
      for (let k = 0; k < list.length; k++) {
        const id = list[k]!;
        if (counts[id] === 0) touched[nTouched++] = id;
        counts[id]!++;
      }
    }
    const found: Correction[] = [];
    const scan = (id: number): void => {
      const candidate = this.words[id]!;
      if (!prefix && Math.abs(candidate.length - word.length) > max) return;
      const distance = prefix ? boundedPrefixDistance(word, candidate, max) : boundedDistance(word, candidate, max);
      if (distance <= max && candidate !== word) found.push({ word: candidate, distance });
    };
    for (let k = 0; k < nTouched; k++) {
      const id = touched[k]!;
      if (counts[id]! >= need) scan(id);
    }
    for (let k = 0; k < nTouched; k++) counts[touched[k]!] = 0;
    found.sort(
      (a, b) =>
        a.distance - b.distance ||
        this.weight[this.ids.get(b.word)!]! - this.weight[this.ids.get(a.word)!]! ||
        a.word.length - b.word.length ||
        (a.word < b.word ? -1 : 1),
    );
    return found.slice(0, limit);
  }

  /** Vocabulary words that are `word` with two adjacent letters swapped. */
  swaps(word: string): string[] {
    const out: string[] = [];
    for (let i = 0; i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (this.ids.has(swapped) && !out.includes(swapped)) out.push(swapped);
    }
    return out;
  }

  /**
   * `word` as two vocabulary words glued together ("openvswitch" → ["open", "vswitch"]), each at least
   * three letters; the split with the most common rarer half wins. Undefined when there is none.
   */
  split(word: string): [string, string] | undefined {
    let best: [string, string] | undefined;
    let bestWeight = 0;
    for (let i = 3; i + 3 <= word.length; i++) {
      const a = this.ids.get(word.slice(0, i));
      const b = this.ids.get(word.slice(i));
      if (a === undefined || b === undefined) continue;
      const weight = Math.min(this.weight[a]!, this.weight[b]!);
      if (weight > bestWeight) {
        bestWeight = weight;
        best = [this.words[a]!, this.words[b]!];
      }
    }
    return best;
  }

  /** Vocabulary words starting with `prefix` (the prefix itself excluded), most common first. */
  completions(prefix: string, limit: number): string[] {
    this.ensureIndexed();
    const out: string[] = [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) {
      if (this.sorted[i] !== prefix) out.push(this.sorted[i]!);
    }
    out.sort((a, b) => this.weight[this.ids.get(b)!]! - this.weight[this.ids.get(a)!]! || a.length - b.length || (a < b ? -1 : 1));
    return out.slice(0, limit);
  }
}

/**
 * Distinct bigrams of a word, padded with ^ (and $ unless it is a prefix), each as one number
 * (two UTF-16 units; 0 stands for ^ and $).
 */
function bigrams(word: string, withEnd: boolean): Set<number> {
  const out = new Set<number>();
  let prev = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    out.add(prev * 65536 + c);
    prev = c;
  }
  if (withEnd) out.add(prev * 65536);
  return out;
}
