/**
 * Search bench: this engine vs MiniSearch vs fuse.js, in one run, on the same corpus (the shipped notes) and
 * the same 10,000 generated queries (typos, prefixes, words, phrases, commands and titles, some noise;
 * deterministic seed). For each engine: index build time (median of 5), p50/p99 wall-clock latency per query
 * (the engines take turns every 250 queries, so background load hits them alike; the load average is reported),
 * and precision@1, recall@3, MRR on the hand-written query set (tests/search/queries.json). Then the time from
 * process start to a ready engine, in a child process running the compiled code the product runs
 * (`node --enable-source-maps dist/search-ready.js`, built first): with the index cache current (a restart) and
 * without it (a first start, or changed notes or code), against the floor of a bare `node -e` child.
 *
 * Run alone: `npx tsx bench/search.ts [--queries N] [--seed S] [--runs N]`, or `--startup-only [--runs N]` for the
 * startup measurement alone. bench/main.ts calls `benchSearch()`.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadKnowledgeBase } from '../src/notes/index.ts';
import type { Entry, KnowledgeBase } from '../src/notes/types.ts';
import { createSearchEngine, fold, loadSynonyms } from '../src/search/index.ts';
import { isStopword } from '../src/search/stopwords.ts';
import { evaluate, loadQuerySet, type QualityQuery } from '../tests/support/search/quality.ts';
import { seededRandom } from './stats.ts';

export interface EngineBenchResult {
  name: string;
  /** Median of 5 builds in a row, ms (the first ones run before the JIT has warmed up). */
  buildMs: number;
  /** The first build of the process, ms. */
  firstBuildMs: number;
  /** Per-query latency over the generated queries, microseconds. */
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** On the hand-written query set. */
  precisionAt1: number;
  recallAt3: number;
  mrr: number;
  /** Must-find-nothing queries of the set that got results. */
  falsePositives: number;
}

export interface SearchBenchResult {
  entries: number;
  queries: number;
  seed: number;
  mix: Record<string, number>;
  querySet: { positives: number; negatives: number };
  engines: EngineBenchResult[];
  startup: StartupResult;
  goals: Record<string, boolean>;
  /** 1-minute load average before and after the timed queries: latencies are wall-clock. */
  loadAverage: number[];
}

/** Medians over the runs, ms since each child process started. */
export interface StartupResult {
  /** Process start to an engine that has answered its first query, the index cache current (a restart). */
  readyMs: number;
  /** Process start to the first line of the entry module (Node itself, loading dist/search-ready.js). */
  startedMs: number;
  importMs: number;
  /** openSearch: notes, index and synonyms restored from the cache, engine built. */
  openMs: number;
  /** The first query. */
  queryMs: number;
  /** After ready: the first misspelt query, which also builds the typo index (made on first use). */
  firstTypoMs: number;
  /** The same start without the cache (first start, or notes or code changed): parse and index. */
  missReadyMs: number;
  missOpenMs: number;
  /** A bare `node -e` child printing performance.now(): what any Node process costs here before our code runs. */
  nodeFloorMs: number;
  runs: number;
  /** Runs that really found the cache current (all of them, unless something rewrote the notes meanwhile). */
  cacheHits: number;
  /** 1-minute load average around the runs. */
  loadAverage: number[];
}

export interface SearchBenchOptions {
  queries?: number;
  seed?: number;
  /** Child processes for the startup measurement (median reported). */
  startupRuns?: number;
  log?: (line: string) => void;
}


const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** 1 or 2 random edits (insert, delete, substitute, swap), never leaving the word unchanged. */
function typo(word: string, rand: () => number): string {
  const edits = word.length >= 8 && rand() < 0.4 ? 2 : 1;
  let w = word;
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rand() * w.length);
    const letter = LETTERS[Math.floor(rand() * LETTERS.length)]!;
    const op = Math.floor(rand() * 4);
    if (op === 0) w = w.slice(0, i) + letter + w.slice(i);
    else if (op === 1 && w.length > 3) w = w.slice(0, i) + w.slice(i + 1);
    else if (op === 2) w = w.slice(0, i) + letter + w.slice(i + 1);
    else if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    else w = w.slice(0, i) + letter + w.slice(i + 1);
  }
  return w === word ? `${word}${LETTERS[Math.floor(rand() * 26)]}` : w;
}

/** `count` queries drawn from the notes: the mix of what people type into /term. */
export function generateQueries(kb: KnowledgeBase, count: number, seed: number): { queries: string[]; mix: Record<string, number> } {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const words: string[] = [];
  const entryWords: string[][] = [];
  for (const entry of kb.entries) {
    const ws = `${entry.title} ${entry.text}`.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    entryWords.push(ws);
    for (const w of ws) if (w.length >= 4 && !isStopword(fold(w))) words.push(w);
  }
  const longWords = words.filter((w) => w.length >= 5);
  const named = kb.entries.filter((e) => e.identifiers.length > 0);
  const kinds = [
    ['word', 0.25],
    ['typo', 0.25],
    ['prefix', 0.15],
    ['phrase', 0.2],
    ['identifier', 0.1],
    ['noise', 0.05],
  ] as const;
  const mix: Record<string, number> = {};
  const queries: string[] = [];
  while (queries.length < count) {
    let r = rand();
    let kind: string = kinds[0][0];
    for (const [k, p] of kinds) {
      kind = k;
      if ((r -= p) < 0) break;
    }
    let q: string;
    switch (kind) {
      case 'word':
        q = pick(words);
        break;
      case 'typo':
        q = typo(pick(longWords), rand);
        break;
      case 'prefix': {
        const w = pick(longWords);
        q = w.slice(0, 3 + Math.floor(rand() * Math.min(5, w.length - 3)));
        break;
      }
      case 'phrase': {
        const ws = pick(entryWords.filter((x) => x.length >= 2));
        const len = 2 + Math.floor(rand() * 3);
        const start = Math.floor(rand() * Math.max(1, ws.length - len));
        q = ws.slice(start, start + len).join(' ');
        break;
      }
      case 'identifier': {
        const e = pick(named);
        q = rand() < 0.7 ? pick(e.identifiers) : e.title.slice(0, 60);
        break;
      }
      default:
        q = Array.from({ length: 4 + Math.floor(rand() * 7) }, () => LETTERS[Math.floor(rand() * 26)]).join('');
    }
    mix[kind] = (mix[kind] ?? 0) + 1;
    queries.push(q);
  }
  return { queries, mix };
}

interface Contender {
  name: string;
  build: () => (q: string) => string[];
}

function contenders(kb: KnowledgeBase, synonyms: Awaited<ReturnType<typeof loadSynonyms>>): Contender[] {
  const entries = kb.entries;
  return [
    {
      name: 'this engine',
      build: () => {
        const engine = createSearchEngine(kb, { synonyms });
        return (q) => engine.search(q, { limit: 10 }).results.map((r) => r.entry.id);
      },
    },
    {
      name: 'MiniSearch',
      build: () => {
        // Configured fairly: accent/case folding and the same stopwords as this engine, fuzzy 0.2, prefix,
        // title/identifiers/text with boosts.
        const mini = new MiniSearch<Entry>({
          idField: 'id',
          fields: ['title', 'identifiers', 'text'],
          extractField: (doc, field) => {
            const value = (doc as unknown as Record<string, unknown>)[field];
            return Array.isArray(value) ? value.join(' ') : String(value ?? '');
          },
          processTerm: (term) => {
            const folded = fold(term);
            return isStopword(folded) ? null : folded;
          },
          searchOptions: { fuzzy: 0.2, prefix: true, boost: { title: 3, identifiers: 2 } },
        });
        mini.addAll(entries);
        return (q) =>
          mini
            .search(q)
            .slice(0, 10)
            .map((r) => String(r.id));
      },
    },
    {
      name: 'fuse.js (defaults)',
      build: () => {
        const fuse = new Fuse(entries, { keys: ['title', 'identifiers', 'sectionPath', 'text'] });
        return (q) => fuse.search(q, { limit: 10 }).map((r) => r.item.id);
      },
    },
  ];
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The flags `npm start` gives node (package.json): the child runs the way the product runs. */
const PRODUCT_NODE_FLAGS = ['--enable-source-maps'];

export function measureStartup(runs: number): StartupResult {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // The same build `npm start` runs first, so the child runs the current sources.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const child = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' })) as Record<string, number | string>;
  const ready = [...PRODUCT_NODE_FLAGS, 'dist/search-ready.js'];
  child(ready); // writes the index cache if this build or the notes are new
  const floors: number[] = [];
  const hits: Array<Record<string, number | string>> = [];
  const misses: Array<Record<string, number | string>> = [];
  const load = [os.loadavg()[0]!];
  // Floor, restart and first-start runs alternate, so background load hits all of them alike.
  for (let i = 0; i < runs; i++) {
    floors.push(child(['-e', 'process.stdout.write(JSON.stringify({ readyMs: performance.now() }))']).readyMs as number);
    hits.push(child(ready));
    misses.push(child([...ready, '--no-cache']));
  }
  load.push(os.loadavg()[0]!);
  const med = (samples: Array<Record<string, number | string>>, key: string) => round(median(samples.map((s) => s[key] as number)), 1);
  return {
    readyMs: med(hits, 'readyMs'),
    startedMs: med(hits, 'startedMs'),
    importMs: med(hits, 'importMs'),
    openMs: med(hits, 'openMs'),
    queryMs: med(hits, 'queryMs'),
    firstTypoMs: med(hits, 'typoMs'),
    missReadyMs: med(misses, 'readyMs'),
    missOpenMs: med(misses, 'openMs'),
    nodeFloorMs: round(median(floors), 1),
    runs,
    cacheHits: hits.filter((s) => s.cache === 'hit').length,
    loadAverage: load.map((l) => round(l, 2)),
  };
}

export async function benchSearch(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const count = options.queries ?? 10_000;
  const seed = options.seed ?? 330;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const kb = loadKnowledgeBase();
  const synonyms = await loadSynonyms();
  const { queries, mix } = generateQueries(kb, count, seed);
  const warmup = generateQueries(kb, 1000, seed + 1).queries;
  const querySet: QualityQuery[] = loadQuerySet();
  log(`search bench: ${kb.entries.length} entries, ${count} generated queries (seed ${seed}) ${JSON.stringify(mix)}, ${querySet.length} hand-written`);

  // Build each engine 5 times (median), warm it up, then time the queries in blocks of BLOCK queries, the
  // engines taking turns block by block: background load hits all of them alike, and each one's garbage
  // collection mostly lands in its own block (turns on every single query would bill fuse.js's GC to the others).
  const built = contenders(kb, synonyms).map((contender) => {
    const builds: number[] = [];
    let search!: (q: string) => string[];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      search = contender.build();
      builds.push(performance.now() - t0);
    }
    for (const q of warmup) search(q);
    return { name: contender.name, search, builds, times: new Float64Array(queries.length) };
  });
  const load = [os.loadavg()[0]!];
  const BLOCK = 250;
  for (let start = 0; start < queries.length; start += BLOCK) {
    for (const b of built) {
      for (let i = start; i < Math.min(queries.length, start + BLOCK); i++) {
        const t0 = performance.now();
        b.search(queries[i]!);
        b.times[i] = (performance.now() - t0) * 1000;
      }
    }
  }
  load.push(os.loadavg()[0]!);
  log(`  (1-minute load average ${load[0]!.toFixed(1)} before the timed queries, ${load[1]!.toFixed(1)} after, on ${os.cpus().length} CPUs)`);

  const engines: EngineBenchResult[] = [];
  for (const b of built) {
    const times = b.times.slice().sort();
    const quality = evaluate(querySet, b.search);
    const result: EngineBenchResult = {
      name: b.name,
      buildMs: round(median(b.builds), 2),
      firstBuildMs: round(b.builds[0]!, 2),
      p50Us: round(percentile(times, 50), 1),
      p99Us: round(percentile(times, 99), 1),
      maxUs: round(times[times.length - 1] ?? 0, 1),
      precisionAt1: round(quality.precisionAt1),
      recallAt3: round(quality.recallAt3),
      mrr: round(quality.mrr),
      falsePositives: quality.falsePositives,
    };
    engines.push(result);
    log(
      `  ${result.name.padEnd(20)} build ${String(result.buildMs).padStart(7)} ms (first ${String(result.firstBuildMs).padStart(7)})   p50 ${String(result.p50Us).padStart(8)} µs   p99 ${String(result.p99Us).padStart(9)} µs   ` +
        `P@1 ${result.precisionAt1.toFixed(3)}  R@3 ${result.recallAt3.toFixed(3)}  MRR ${result.mrr.toFixed(3)}  nothing-queries answered ${result.falsePositives}/${quality.negatives}`,
    );
  }

  const startup = measureStartup(options.startupRuns ?? 5);
  log(
    `  startup (child \`node ${PRODUCT_NODE_FLAGS.join(' ')} dist/search-ready.js\`, median of ${startup.runs}, load average ` +
      `${startup.loadAverage.map((l) => l.toFixed(1)).join(' → ')}): ready at ${startup.readyMs} ms with the index cache current ` +
      `(${startup.cacheHits}/${startup.runs} hits; bare \`node -e\` floor ${startup.nodeFloorMs} ms; entry module at ${startup.startedMs}, ` +
      `imports ${startup.importMs}, open ${startup.openMs}, first query ${startup.queryMs}; then a first misspelt query ${startup.firstTypoMs}); ` +
      `without the cache (first start, notes or code changed) ${startup.missReadyMs} ms (parse + index + synonyms ${startup.missOpenMs})`,
  );

  const [ours, mini, fuse] = engines as [EngineBenchResult, EngineBenchResult, EngineBenchResult];
  const goals = {
    'p99 < 1 ms': ours.p99Us < 1000,
    'p99 < MiniSearch p99': ours.p99Us < mini.p99Us,
    'precision@1 above MiniSearch and fuse.js': ours.precisionAt1 > mini.precisionAt1 && ours.precisionAt1 > fuse.precisionAt1,
    'ready < 300 ms': startup.readyMs < 300,
  };
  for (const [goal, met] of Object.entries(goals)) log(`  ${met ? 'met ' : 'MISS'}  ${goal}`);
  const positives = querySet.filter((q) => q.expect.length > 0).length;
  return {
    entries: kb.entries.length,
    queries: count,
    seed,
    mix,
    querySet: { positives, negatives: querySet.length - positives },
    engines,
    startup,
    goals,
    loadAverage: load.map((l) => round(l, 2)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  // `--startup-only [--runs N]`: only the process-start-to-ready measurement.
  const result = process.argv.includes('--startup-only')
    ? measureStartup(arg('runs') ?? 5)
    : await benchSearch({ queries: arg('queries'), seed: arg('seed'), startupRuns: arg('runs') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
