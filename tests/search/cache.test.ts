/**
 * The index cache (src/search/cache.ts): what a cache hit restores must be what parsing and indexing give, and
 * anything the cached data depends on (notes bytes, synonyms bytes, code version) must make it a miss.
 * Real files in a temp dir; the version is given explicitly (the TypeScript sources have no build version).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/notes/index.ts';
import { createSearchEngine, loadSynonyms, openSearch, type SearchEngine } from '../../src/search/index.ts';
import { generateQueries } from '../../bench/search.ts';
import { loadQuerySet } from '../support/search/quality.ts';

let dir = '';
let notesDir = '';
let synonymsPath = '';
let fresh: SearchEngine;
let queries: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'search-cache-'));
  notesDir = join(dir, 'notes');
  synonymsPath = join(dir, 'synonyms.json');
  await cp('data/notes', notesDir, { recursive: true });
  await cp('data/synonyms.json', synonymsPath);
  const kb = loadKnowledgeBase(notesDir);
  fresh = createSearchEngine(kb, { synonyms: await loadSynonyms(synonymsPath) });
  queries = [...loadQuerySet().map((q) => q.q), ...generateQueries(kb, 400, 11).queries];
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Everything an engine answers, for comparing two engines. */
function answers(engine: SearchEngine): unknown[] {
  return queries.map((q) => {
    const response = engine.search(q, { limit: 10 });
    return [
      response.results.map((hit) => [hit.entry.id, hit.score]),
      response.suggestions,
      engine.autocomplete(q.slice(0, 5)).map((choice) => choice.value),
      response.results[0] ? engine.related(response.results[0].entry.id, 4).map((entry) => entry.id) : [],
    ];
  });
}

async function cacheFiles(cacheDir: string): Promise<string[]> {
  return (await readdir(cacheDir).catch(() => [] as string[])).filter((name) => name.endsWith('.bin'));
}

describe('openSearch with the index cache', () => {
  it('uses no cache without a code version', async () => {
    const cacheDir = join(dir, 'off');
    const opened = await openSearch({ notesDir, synonymsPath, cacheDir });
    expect(opened.cache).toBe('off');
    expect(await cacheFiles(cacheDir)).toEqual([]);
  });

  it('restores exactly what parsing and indexing give', async () => {
    const cacheDir = join(dir, 'same');
    const first = await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' });
    const second = await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' });
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(await cacheFiles(cacheDir)).toHaveLength(1);
    const parsed = loadKnowledgeBase(notesDir);
    expect(second.kb).toEqual(parsed);
    expect(JSON.stringify(second.kb)).toBe(JSON.stringify(parsed));
    const expected = answers(fresh);
    expect(answers(first.engine)).toEqual(expected);
    expect(answers(second.engine)).toEqual(expected);
  }, 60_000);

  it('is a miss when the notes, the synonyms or the code version change', async () => {
    const cacheDir = join(dir, 'changes');
    const open = (version = 'v1') => openSearch({ notesDir, synonymsPath, cacheDir, version });
    expect((await open()).cache).toBe('miss');
    expect((await open()).cache).toBe('hit');
    expect((await open('v2')).cache).toBe('miss');
    expect((await open('v2')).cache).toBe('hit');

    // A new term in the notes is found after the change, and only then.
    const [name] = (await readdir(notesDir)).filter((n) => n.endsWith('.txt'));
    const file = join(notesDir, name!);
    const original = await readFile(file, 'utf8');
    expect((await open('v2')).engine.search('zyxquorble').results).toEqual([]);
    await writeFile(file, original.replace('Paravirtualização é uma tecnica', 'Paravirtualização zyxquorble é uma tecnica'));
    const changed = await open('v2');
    expect(changed.cache).toBe('miss');
    expect(changed.engine.search('zyxquorble').results.length).toBeGreaterThan(0);
    await writeFile(file, original);
    expect((await open('v2')).cache).toBe('miss');

    // Synonyms: a new group changes what a word finds.
    const synonyms = JSON.parse(await readFile(synonymsPath, 'utf8')) as { groups: Array<{ concept: string; forms: string[] }> };
    expect((await open('v2')).engine.search('wibblevisor').results).toEqual([]);
    synonyms.groups.push({ concept: 'test', forms: ['wibblevisor', 'xentop'] });
    await writeFile(synonymsPath, JSON.stringify(synonyms));
    const withGroup = await open('v2');
    expect(withGroup.cache).toBe('miss');
    expect(withGroup.engine.search('wibblevisor').results.length).toBeGreaterThan(0);
    await cp('data/synonyms.json', synonymsPath);
  }, 60_000);

  it('rebuilds a damaged cache file and keeps working where the cache cannot be written', async () => {
    const cacheDir = join(dir, 'damaged');
    await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' });
    const [name] = await cacheFiles(cacheDir);
    const path = join(cacheDir, name!);
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100]! ^= 0xff;
    await writeFile(path, flipped);
    const afterFlip = await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' });
    expect(afterFlip.cache).toBe('miss');
    await writeFile(path, bytes.subarray(0, bytes.length >> 1));
    const afterCut = await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' });
    expect(afterCut.cache).toBe('miss');
    expect((await openSearch({ notesDir, synonymsPath, cacheDir, version: 'v1' })).cache).toBe('hit');
    expect(answers(afterCut.engine).slice(0, 50)).toEqual(answers(fresh).slice(0, 50));

    // A file where the cache folder should be: no cache, same answers, no error.
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'not a folder');
    const opened = await openSearch({ notesDir, synonymsPath, cacheDir: blocked, version: 'v1' });
    expect(opened.cache).toBe('miss');
    expect(answers(opened.engine).slice(0, 50)).toEqual(answers(fresh).slice(0, 50));
  }, 60_000);
});
