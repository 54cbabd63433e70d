/**
 * Child process for the search bench's startup measurement: parse the notes, load the synonyms, build the
 * engine, answer one query, then print one JSON line with `performance.now()` (ms since this process
 * started) at each step. It runs compiled, like the product: bench/search.ts builds dist/ and starts
 * `node --enable-source-maps dist/search-ready.js [notesDir]` (the flags of `npm start`).
 */
import { performance } from 'node:perf_hooks';

const started = performance.now();
const { loadKnowledgeBase } = await import('../src/notes/index.ts');
const { createSearchEngine, loadSynonyms } = await import('../src/search/index.ts');
const imported = performance.now();
const notesDir = process.argv.slice(2).find((a) => !a.startsWith('--'));
const kb = loadKnowledgeBase(notesDir);
const parsed = performance.now();
const synonyms = await loadSynonyms();
const engine = createSearchEngine(kb, { synonyms });
const built = performance.now();
const hits = engine.search('hypervisor').results.length;
const readyMs = performance.now();
process.stdout.write(
  `${JSON.stringify({
    startedMs: started,
    importMs: imported - started,
    parseMs: parsed - imported,
    buildMs: built - parsed,
    queryMs: readyMs - built,
    readyMs,
    entries: kb.entries.length,
    hits,
  })}\n`,
);
