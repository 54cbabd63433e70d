/**
 * Child process for the search bench's startup measurement: open the search over the notes the way the bot
 * does (`openSearch`: parsed notes and index from the cache when it is current, else parse and index), load the
 * synonyms, build the engine, answer one query, then print one JSON line with `performance.now()` (ms since this
 * process started) at each step. It runs compiled, like the product: bench/search.ts builds dist/ and starts
 * `node --enable-source-maps dist/search-ready.js [notesDir] [--no-cache | --cache-dir <dir>]` (the flags of
 * `npm start`). `--no-cache` parses and indexes without reading or writing the cache (a first start, or changed
 * notes); `--cache-dir` puts the cache elsewhere than var/cache.
 */
import { performance } from 'node:perf_hooks';

const started = performance.now();
const { openSearch } = await import('../src/search/index.ts');
const imported = performance.now();
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const notesDir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--cache-dir');
const cacheDir = args.includes('--no-cache') ? null : option('--cache-dir');
const { kb, engine, cache } = await openSearch({ notesDir, cacheDir });
const opened = performance.now();
const hits = engine.search('hypervisor').results.length;
const readyMs = performance.now();
// Not part of getting ready, reported beside it: the first misspelt query also builds the typo index (made on
// first use), and the first autocomplete the prefix list.
const typoHits = engine.search('hipervisr').results.length;
const typoMs = performance.now() - readyMs;
process.stdout.write(
  `${JSON.stringify({
    startedMs: started,
    importMs: imported - started,
    openMs: opened - imported,
    queryMs: readyMs - opened,
    readyMs,
    typoMs,
    typoHits,
    cache,
    entries: kb.entries.length,
    hits,
  })}\n`,
);
