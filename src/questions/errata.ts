/**
 * Errata of the notes (data/notes-errata.json, format in FORMAT.md): lines of the notes that are wrong.
 * The notes stay as the group wrote them; the errata keep questions from teaching their mistakes:
 * the generator builds nothing from an entry holding a `fact` erratum and shows `typo` errata corrected,
 * and the bank's quality check reports curated questions that repeat a mistake or cite an errata'd entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Entry } from '../notes/types.ts';
import { foldForSearch } from './normalize.ts';

const text = z.string().trim().min(1, 'must not be empty');

const erratumSchema = z.strictObject({
  file: text,
  line: z.number().int().positive(),
  kind: z.enum(['fact', 'typo']),
  says: text,
  right: text,
  source: text,
  wrongAnswers: z.array(text).optional(),
  reviewed: z.array(text).optional(),
});

const errataFileSchema = z.strictObject({ errata: z.array(z.unknown()) });

export type Erratum = z.infer<typeof erratumSchema>;

export class ErrataError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems in the notes errata:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ErrataError';
  }
}

/** Where the errata of a notes folder live: beside it, `<folder>-errata.json` (data/notes → data/notes-errata.json). */
export function errataPathFor(notesDir: string): string {
  const trimmed = notesDir.replace(/[\\/]+$/, '');
  return `${trimmed}-errata.json`;
}

/**
 * Validates parsed errata against the notes' lines (`linesOf(file)`, null when the folder has no such file):
 * every item's file exists, its line exists and contains `says` verbatim. Throws ErrataError naming each bad item.
 */
export function parseNotesErrata(json: unknown, linesOf: (file: string) => readonly string[] | null, source = 'notes errata'): Erratum[] {
  const file = errataFileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0]!;
    throw new ErrataError([`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`]);
  }
  const problems: string[] = [];
  const errata: Erratum[] = [];
  file.data.errata.forEach((raw, index) => {
    const where = `${source}: errata[${index}]`;
    const parsed = erratumSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: ${issue.path.join('.') || '(item)'}: ${issue.message}`);
      return;
    }
    const item = parsed.data;
    const lines = linesOf(item.file);
    if (lines === null) problems.push(`${where}: notes file "${item.file}" does not exist`);
    else if (item.line > lines.length) problems.push(`${where}: ${item.file} has ${lines.length} lines, not ${item.line}`);
    else if (!lines[item.line - 1]!.includes(item.says)) {
      problems.push(`${where}: ${item.file}:${item.line} does not contain "${item.says}"`);
    } else errata.push(item);
  });
  if (problems.length > 0) throw new ErrataError(problems);
  return errata;
}

/** Reads and validates the errata file of a notes folder; a folder without one has no errata. */
export function loadNotesErrata(notesDir: string, errataFile = errataPathFor(notesDir)): Erratum[] {
  if (!existsSync(errataFile)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(errataFile, 'utf8'));
  } catch (error) {
    throw new ErrataError([`${errataFile}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const cache = new Map<string, string[] | null>();
  const linesOf = (file: string) => {
    if (!cache.has(file)) {
      const path = join(notesDir, basename(file));
      cache.set(file, basename(file) === file && existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/) : null);
    }
    return cache.get(file)!;
  };
  return parseNotesErrata(json, linesOf, errataFile);
}

/** The errata whose line lies inside an entry's lines. */
export function errataInEntry(entry: Pick<Entry, 'source' | 'lineStart' | 'lineEnd'>, errata: readonly Erratum[]): Erratum[] {
  return errata.filter((item) => item.file === entry.source && item.line >= entry.lineStart && item.line <= entry.lineEnd);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `says` as a whole word or phrase (not inside a longer word). */
function wholeWords(says: string, flags = 'gu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(says)}(?![\\p{L}\\p{N}])`, flags);
}

/**
 * Applies typo errata to a displayed text: each `says` (a whole word or phrase, any case) becomes `right`, with
 * the first letter's case of what was there ("resummir a VM" → "retomar a VM" once a prompt lowered it).
 */
export function correctTypos(value: string, errata: readonly Erratum[]): string {
  let result = value;
  for (const item of errata) {
    if (item.kind !== 'typo') continue;
    result = result.replace(wholeWords(item.says, 'giu'), (found) => {
      const first = found[0]!;
      const right = item.right[0]!;
      const cased = first === first.toLowerCase() ? right.toLowerCase() : right.toUpperCase();
      return first.toLowerCase() === first.toUpperCase() ? item.right : cased + item.right.slice(1);
    });
  }
  return result;
}

/** Whether a text repeats an erratum's wrong text (folded: case, accents, spaces; whole words). */
export function repeatsErratum(value: string, item: Erratum): boolean {
  return wholeWords(foldForSearch(item.says)).test(foldForSearch(value));
}
