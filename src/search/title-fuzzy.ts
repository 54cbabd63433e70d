/**
 * Fuzzy matching of what is being typed against the heads of entry titles ("qemu-img convert", "Hypervisor"),
 * with fuse.js: the autocomplete's last resort when the word-level engine finds nothing (a partial word mistyped
 * beyond the vocabulary's reach). fuse.js scans linearly (a few ms over ~500 heads), so it runs only then, and
 * is built on first use, off the startup path. The package itself is loaded then too (a synchronous require:
 * autocomplete is synchronous), so importing the engine does not pay for it.
 */
import { createRequire } from 'node:module';
import type FuseClass from 'fuse.js';

let fuseClass: typeof FuseClass | undefined;

function loadFuse(): typeof FuseClass {
  fuseClass ??= createRequire(import.meta.url)('fuse.js') as typeof FuseClass;
  return fuseClass;
}

export interface TitleMatcher {
  /** Indexes (into the titles given) of the best matches, best first. */
  match(typed: string, limit: number): number[];
}

/** The part of a title people type: before " — " (command titles are "cmd — what it does"), 40 chars at most. */
function headOf(title: string): string {
  return title.split(' — ')[0]!.slice(0, 40);
}

export function createTitleMatcher(titles: readonly string[]): TitleMatcher {
  let fuse: FuseClass<string> | undefined;
  const firstTitleOfHead = new Map<string, number>();
  return {
    match(typed, limit) {
      const query = typed.trim().slice(0, 40);
      if (query.length < 3 || limit <= 0) return [];
      if (!fuse) {
        titles.forEach((title, index) => {
          const head = headOf(title);
          if (!firstTitleOfHead.has(head)) firstTitleOfHead.set(head, index);
        });
        const Fuse = loadFuse();
        fuse = new Fuse([...firstTitleOfHead.keys()], { ignoreDiacritics: true, threshold: 0.34, minMatchCharLength: 3 });
      }
      return fuse.search(query, { limit }).map((result) => firstTitleOfHead.get(result.item)!);
    },
  };
}
