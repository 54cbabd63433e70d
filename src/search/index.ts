/**
 * Public API of the search engine behind /term.
 *
 *   const engine = await loadSearchEngine();            // notes from data/notes, synonyms from data/synonyms.json
 *   const { kb, engine } = await openSearch();          // the same, with the parsed notes (index cache in var/cache)
 *   engine.search('hypervisr')                          // { query, results: [{ entry, score }], suggestions }
 *   engine.autocomplete('qemu-i')                       // [{ name, value: entryId }] — at most 25, ≤ 100 chars
 *   engine.related(entryId, 5)                          // [{ entry, score }]
 */
import { openSearch } from './cache.ts';
import type { SearchEngine } from './engine.ts';

export {
  createSearchEngine,
  DISCORD_MAX_CHOICES,
  DISCORD_MAX_CHOICE_CHARS,
  type AutocompleteChoice,
  type AutocompleteOptions,
  type EngineOptions,
  type SearchEngine,
  type SearchHit,
  type SearchOptions,
  type SearchResponse,
} from './engine.ts';
export { loadSynonyms, parseSynonyms, SynonymsError, type SynonymFile, type SynonymTable } from './synonyms.ts';
export { cleanQuery, fold, MAX_QUERY_CHARS } from './normalize.ts';
export { openSearch, type OpenedSearch, type OpenSearchOptions } from './cache.ts';

export interface LoadOptions {
  /** Folder of the notes (default data/notes). */
  notesDir?: string;
  /** Synonym table (default data/synonyms.json). */
  synonymsPath?: string;
}

/** Parse the notes (or restore them from the index cache), load the synonym table, build the engine. */
export async function loadSearchEngine(notesDir?: string, options: Omit<LoadOptions, 'notesDir'> = {}): Promise<SearchEngine> {
  return (await openSearch({ notesDir, synonymsPath: options.synonymsPath })).engine;
}
