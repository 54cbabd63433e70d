/**
 * Opening the search over a notes folder, with a persisted copy of the parsed notes, the index data and the
 * synonym table (var/cache/search-<folder hash>.bin), so a process that starts over the same notes with the same
 * code skips parsing and indexing (the larger part of getting ready).
 *
 * Never stale: the file is used only when its key matches, and the key is a SHA-256 of everything the cached
 * data is computed from: the exact bytes and names of the notes files and of the synonyms file (the same bytes
 * that are then parsed on a miss), the index parameters, the version of the code that parses and indexes (a hash
 * of its sources, set by the build), and the Node, V8, ICU and Unicode versions (normalisation and the
 * serialisation format). Without a build version (running the TypeScript sources: tests, tsx) there is no cache. A file whose content does
 * not match its digest, or that cannot be read or restored, is rebuilt. Files are replaced atomically (write +
 * rename), so concurrent starts each read a whole file. A fresh build and a cached one go through the same
 * `indexFromData` and `engineOverIndex`: only the flat data in between is stored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parseNotesFiles, readNotesFolder, type NotesFile } from '../notes/index.ts';
import type { KnowledgeBase } from '../notes/types.ts';
import { engineOverIndex, type SearchEngine } from './engine.ts';
import { buildIndexData, DEFAULT_INDEX_PARAMS, indexFromData, type IndexData, type InvertedIndex } from './inverted-index.ts';
import { DEFAULT_SYNONYMS_PATH, parseSynonymsText, readSynonymsFile, type SynonymTable } from './synonyms.ts';

declare const __SEARCH_INDEX_VERSION__: string | undefined;

/**
 * A hash of the sources the notes parser and the index are compiled from, written into the bundle by
 * scripts/build.mjs; undefined when the TypeScript sources run directly.
 */
export const BUILD_VERSION: string | undefined = typeof __SEARCH_INDEX_VERSION__ === 'string' ? __SEARCH_INDEX_VERSION__ : undefined;

export const DEFAULT_CACHE_DIR = 'var/cache';
const MAGIC = 'study-tutor search index 1\n';

export interface OpenSearchOptions {
  /** Folder of the notes (default data/notes). */
  notesDir?: string;
  /** Synonym table (default data/synonyms.json). */
  synonymsPath?: string;
  /** Folder of the cache files (default var/cache); null: no cache. */
  cacheDir?: string | null;
  /** Version of the parsing and indexing code (default BUILD_VERSION); without one, no cache. */
  version?: string;
}

export interface OpenedSearch {
  kb: KnowledgeBase;
  engine: SearchEngine;
  /** hit: restored from the cache; miss: parsed and indexed (and the cache written if possible); off: no cache. */
  cache: 'hit' | 'miss' | 'off';
}

interface CachedData {
  kb: KnowledgeBase;
  data: IndexData;
  synonyms: SynonymTable;
}

/** Parse the notes and the synonym table (or restore them from the cache), build the engine. */
export async function openSearch(options: OpenSearchOptions = {}): Promise<OpenedSearch> {
  const notesDir = options.notesDir ?? 'data/notes';
  const files = readNotesFolder(notesDir);
  const synonymsPath = options.synonymsPath ?? DEFAULT_SYNONYMS_PATH;
  const synonymsBytes = readSynonymsFile(synonymsPath);
  const version = options.version ?? BUILD_VERSION;
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const file = version === undefined || cacheDir === null ? null : join(cacheDir, `search-${sha256(resolve(notesDir)).slice(0, 16)}.bin`);
  const key = file === null ? '' : cacheKey(version!, files, synonymsBytes);
  let cache: OpenedSearch['cache'] = file === null ? 'off' : 'miss';
  let opened: { index: InvertedIndex; cached: CachedData } | null = null;
  const restored = file === null ? null : readCache(file, key);
  if (restored) {
    try {
      opened = { index: indexFromData(restored.kb, restored.data), cached: restored };
      cache = 'hit';
    } catch {
      opened = null; // not the shape this code writes: rebuild it
    }
  }
  if (!opened) {
    const kb = parseNotesFiles(files);
    const cached: CachedData = {
      kb,
      data: buildIndexData(kb, DEFAULT_INDEX_PARAMS),
      synonyms: parseSynonymsText(synonymsBytes.toString('utf8'), synonymsPath),
    };
    if (file !== null) writeCache(file, key, cached);
    opened = { index: indexFromData(kb, cached.data), cached };
  }
  return { kb: opened.cached.kb, engine: engineOverIndex(opened.index, { synonyms: opened.cached.synonyms }), cache };
}

function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** SHA-256 of everything the cached data depends on. */
export function cacheKey(version: string, files: NotesFile[], synonyms: Buffer): string {
  const hash = createHash('sha256');
  const { node, v8, icu, unicode } = process.versions;
  hash.update(JSON.stringify([MAGIC, version, node, v8, icu ?? '', unicode ?? '', DEFAULT_INDEX_PARAMS, files.length, synonyms.length]));
  hash.update(synonyms);
  for (const file of files) {
    hash.update(`\0${file.name}\0${file.bytes.length}\0`);
    hash.update(file.bytes);
  }
  return hash.digest('hex');
}

/** The header of a cache file: magic line, key line, then the payload's digest line. */
function header(key: string, digest: string): Buffer {
  return Buffer.from(`${MAGIC}${key}\n${digest}\n`, 'latin1');
}

function readCache(file: string, key: string): CachedData | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const prefix = Buffer.from(`${MAGIC}${key}\n`, 'latin1');
  const headerLength = prefix.length + 65;
  if (bytes.length <= headerLength || !bytes.subarray(0, prefix.length).equals(prefix)) return null;
  const digest = bytes.toString('latin1', prefix.length, prefix.length + 64);
  const payload = bytes.subarray(headerLength);
  if (sha256(payload) !== digest) return null;
  try {
    const value = deserialize(payload) as CachedData;
    return value && typeof value === 'object' && Array.isArray(value.kb?.entries) && value.data && value.synonyms?.byKey instanceof Map ? value : null;
  } catch {
    return null;
  }
}

function writeCache(file: string, key: string, value: CachedData): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const payload = serialize(value);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(temporary, Buffer.concat([header(key, sha256(payload)), payload]));
    renameSync(temporary, file);
  } catch {
    // A read-only or full disk only costs the next start its parse; the search works the same.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing more to do
    }
  }
}
