/**
 * Fuzzy matching of what is being typed against entry titles, with fuse.js: the autocomplete's fallback when
 * the word-level engine has few candidates (a partial word mistyped beyond repair, e.g. "hipervizr").
 * Titles are short, so fuse.js's linear scan stays cheap; it is built on first use, off the startup path.
 */
import Fuse from 'fuse.js';

export interface TitleMatcher {
  /** Indexes of the best-matching titles, best first. */
  match(typed: string, limit: number): number[];
}

export function createTitleMatcher(titles: readonly string[]): TitleMatcher {
  let fuse: Fuse<string> | undefined;
  return {
    match(typed, limit) {
      const query = typed.trim().slice(0, 64);
      if (query.length < 3 || limit <= 0) return [];
      fuse ??= new Fuse(titles, { ignoreDiacritics: true, ignoreLocation: true, threshold: 0.34, minMatchCharLength: 3 });
      return fuse.search(query, { limit }).map((result) => result.refIndex);
    },
  };
}
