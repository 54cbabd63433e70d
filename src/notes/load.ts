/** Reading notes files from disk: decoding checks, folder loading in name order, merging with unique ids. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NotesError } from './errors.ts';
import { parseNotes } from './index.ts';
import { cutSlug, shortHash } from './text.ts';
import type { KnowledgeBase, Topic } from './types.ts';

export const NOTES_EXTENSIONS = ['.txt', '.md'] as const;

/** Reads a notes file as UTF-8 text; binary or undecodable content is a NotesError naming the line. */
export function readNotesFile(path: string): string {
  return decodeNotes(path, readNotesBytes(path));
}

function readNotesBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unreadable';
    throw new NotesError(path, 1, `cannot read the file (${reason})`);
  }
}

function decodeNotes(path: string, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new NotesError(path, lineAt(bytes, nul), 'binary content (NUL byte): notes must be UTF-8 text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotesError(path, lineAt(bytes, firstInvalidUtf8(bytes)), 'not valid UTF-8 text: save the notes as UTF-8');
  }
}

/** One notes file as read from its folder. */
export interface NotesFile {
  name: string;
  path: string;
  bytes: Buffer;
}

/**
 * The .txt/.md files of a folder, in name order, as bytes (what `parseNotesFiles` parses; the search index cache
 * is keyed by exactly these bytes). NotesError when the folder cannot be read or holds no notes.
 */
export function readNotesFolder(dir = 'data/notes'): NotesFile[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((item) => item.isFile() && NOTES_EXTENSIONS.some((ext) => item.name.toLowerCase().endsWith(ext)))
      .map((item) => item.name)
      .sort();
  } catch {
    throw new NotesError(dir, 1, 'cannot read the notes folder');
  }
  if (names.length === 0) throw new NotesError(dir, 1, 'no notes files (.txt or .md) in the folder');
  return names.map((name) => {
    const path = join(dir, name);
    return { name, path, bytes: readNotesBytes(path) };
  });
}

/** Parses files read by `readNotesFolder` into one KnowledgeBase (see `loadKnowledgeBase`). */
export function parseNotesFiles(files: NotesFile[]): KnowledgeBase {
  const parts = files.map(({ name, path, bytes }) => {
    const text = decodeNotes(path, bytes);
    try {
      return parseNotes(text, name);
    } catch (error) {
      if (error instanceof NotesError) throw new NotesError(path, error.line, error.detail);
      throw error;
    }
  });
  return mergeKnowledgeBases(parts);
}

/**
 * Loads every .txt/.md file of a folder, in name order, into one KnowledgeBase.
 * Entry and section ids that another file already used get a suffix derived from the file name.
 */
export function loadKnowledgeBase(dir = 'data/notes'): KnowledgeBase {
  return parseNotesFiles(readNotesFolder(dir));
}

/** Merges parsed files in the given order. Topics with the same id merge (first file's title and lines win). */
export function mergeKnowledgeBases(parts: KnowledgeBase[]): KnowledgeBase {
  const merged: KnowledgeBase = { sources: [], topics: [], sections: [], entries: [], titleBlocks: [] };
  const topics = new Map<string, Topic>();
  const sectionIds = new Set<string>();
  const entryIds = new Set<string>();
  for (const part of parts) {
    merged.sources.push(...part.sources);
    merged.titleBlocks!.push(...(part.titleBlocks ?? []));
    for (const topic of part.topics) {
      const known = topics.get(topic.id);
      if (!known) {
        const copy = { ...topic, objectives: [...topic.objectives], terms: [...topic.terms] };
        topics.set(topic.id, copy);
        merged.topics.push(copy);
        continue;
      }
      known.weight ??= topic.weight;
      for (const objective of topic.objectives) if (!known.objectives.includes(objective)) known.objectives.push(objective);
      for (const term of topic.terms) if (!known.terms.includes(term)) known.terms.push(term);
    }
    const renamedSections = new Map<string, string>();
    for (const section of part.sections) {
      const id = freeId(section.id, section.source, sectionIds);
      renamedSections.set(section.id, id);
      merged.sections.push({ ...section, id });
    }
    for (const entry of part.entries) {
      const id = freeId(entry.id, entry.source, entryIds);
      merged.entries.push({ ...entry, id, sectionId: renamedSections.get(entry.sectionId) ?? entry.sectionId });
    }
  }
  return merged;
}

function freeId(id: string, source: string, used: Set<string>): string {
  let candidate = id;
  if (used.has(candidate)) {
    const base = `${cutSlug(id, 52)}-${shortHash(basename(source))}`;
    candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
  }
  used.add(candidate);
  return candidate;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Byte offset of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || i + size > bytes.length) return i;
    for (let k = 1; k < size; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += size;
  }
  return 0;
}
