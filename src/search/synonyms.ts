/**
 * The reviewed synonym/alias table (data/synonyms.json): groups of forms that name the same concept,
 * usually the English and the Portuguese spelling ("migration" ↔ "migração"). Checked by hand at load
 * (no schema library: this runs on the way to a ready engine, where importing zod alone cost ~100 ms);
 * a malformed table is an error naming the file, the path and the problem, never silently ignored.
 */
import { readFileSync } from 'node:fs';
import { fold, stem, tokens } from './normalize.ts';
import { isStopword } from './stopwords.ts';

export interface SynonymFileGroup {
  concept: string;
  forms: string[];
  note?: string | undefined;
}

/** The file's shape, once checked (strings trimmed). */
export interface SynonymFile {
  $comment?: string | undefined;
  version: 1;
  groups: SynonymFileGroup[];
}

const MAX_GROUPS = 2000;
const MAX_FORMS = 24;
const MAX_FORM_CHARS = 60;
const MAX_CONCEPT_CHARS = 60;
const MAX_NOTE_CHARS = 300;

/** The synonyms file cannot be read, is not JSON, or breaks the table's rules: the message says where and why. */
export class SynonymsError extends Error {}

/** A problem at a path of the data ("groups.3.forms.1"). */
class ShapeError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed string of min..max characters. */
function text(value: unknown, path: Array<string | number>, min: number, max: number): string {
  if (value === undefined) throw new ShapeError(path, 'missing: expected a string');
  if (typeof value !== 'string') throw new ShapeError(path, `expected a string, got ${describe(value)}`);
  const trimmed = value.trim();
  if (trimmed.length < min) throw new ShapeError(path, `too short: at least ${min} character${min === 1 ? '' : 's'}`);
  if (trimmed.length > max) throw new ShapeError(path, `too long: at most ${max} characters`);
  return trimmed;
}

function list(value: unknown, path: Array<string | number>, min: number, max: number): unknown[] {
  if (value === undefined) throw new ShapeError(path, 'missing: expected an array');
  if (!Array.isArray(value)) throw new ShapeError(path, `expected an array, got ${describe(value)}`);
  if (value.length < min) throw new ShapeError(path, `too few items: at least ${min}`);
  if (value.length > max) throw new ShapeError(path, `too many items: at most ${max}`);
  return value;
}

/** A mistyped key ("notes" for "note") would be ignored silently: it is an error instead. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: Array<string | number>): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ShapeError([...path, key], `unknown key; expected one of ${allowed.join(', ')}`);
  }
}

/** Checks the shape and the rules of the table; throws ShapeError at the first problem. */
function checkSynonymFile(data: unknown): SynonymFile {
  if (!isRecord(data)) throw new ShapeError([], `expected an object, got ${describe(data)}`);
  onlyKeys(data, ['$comment', 'version', 'groups'], []);
  if (data.$comment !== undefined && typeof data.$comment !== 'string') {
    throw new ShapeError(['$comment'], `expected a string, got ${describe(data.$comment)}`);
  }
  if (data.version !== 1) throw new ShapeError(['version'], `expected version 1, got ${JSON.stringify(data.version) ?? 'nothing'}`);
  const groups = list(data.groups, ['groups'], 0, MAX_GROUPS).map((raw, gi): SynonymFileGroup => {
    const at = ['groups', gi];
    if (!isRecord(raw)) throw new ShapeError(at, `expected an object, got ${describe(raw)}`);
    onlyKeys(raw, ['concept', 'forms', 'note'], at);
    const concept = text(raw.concept, [...at, 'concept'], 1, MAX_CONCEPT_CHARS);
    const forms = list(raw.forms, [...at, 'forms'], 2, MAX_FORMS).map((form, fi) => {
      const trimmed = text(form, [...at, 'forms', fi], 2, MAX_FORM_CHARS);
      const count = keyWords(trimmed).length;
      if (count < 1 || count > 3) throw new ShapeError([...at, 'forms', fi], 'a form must have 1 to 3 words that are not stopwords');
      return trimmed;
    });
    const distinct = new Set(forms.map((form) => keyWords(form).join(' ')));
    if (distinct.size < 2) {
      throw new ShapeError([...at, 'forms'], `the forms all read as "${[...distinct][0]}" (case, accents and stopwords ignored): a group needs at least 2 different forms`);
    }
    if (raw.note !== undefined && typeof raw.note !== 'string') {
      throw new ShapeError([...at, 'note'], `expected a string, got ${describe(raw.note)}`);
    }
    if (typeof raw.note === 'string' && raw.note.length > MAX_NOTE_CHARS) {
      throw new ShapeError([...at, 'note'], `too long: at most ${MAX_NOTE_CHARS} characters`);
    }
    return { concept, forms, note: raw.note as string | undefined };
  });
  // A concept is named once, and a form (accents, case and stopwords ignored) belongs to one group.
  const seenConcepts = new Set<string>();
  const seenForms = new Map<string, string>();
  groups.forEach((group, gi) => {
    if (seenConcepts.has(group.concept)) throw new ShapeError(['groups', gi, 'concept'], `duplicate concept "${group.concept}"`);
    seenConcepts.add(group.concept);
    const inGroup = new Set<string>();
    group.forms.forEach((form, fi) => {
      const key = keyWords(form).join(' ');
      if (inGroup.has(key)) return; // "migração" and "migracao" fold to the same key: harmless
      inGroup.add(key);
      const other = seenForms.get(key);
      if (other !== undefined) {
        throw new ShapeError(['groups', gi, 'forms', fi], `form "${form}" is also in group "${other}": a form belongs to one group`);
      }
      seenForms.set(key, group.concept);
    });
  });
  const file: SynonymFile = { version: 1, groups };
  if (typeof data.$comment === 'string') file.$comment = data.$comment;
  return file;
}

/** Folded, stemmed, stopword-free words of a form: the key two forms are compared by. */
function keyWords(form: string): string[] {
  return analyseForm(form).key;
}

/** Folded words of a form, hyphenated compounds glued ("para-virtualização" → "paravirtualizacao"). */
function surfaceWords(form: string): string[] {
  return analyseForm(form).surfaces;
}

/** Each form is checked, compared and indexed: analysed once per load (cleared before each table is read). */
const formCache = new Map<string, { surfaces: string[]; key: string[] }>();

function analyseForm(form: string): { surfaces: string[]; key: string[] } {
  let analysed = formCache.get(form);
  if (!analysed) {
    const surfaces = tokens(fold(form))
      .map((t) => t.text)
      .filter((w) => !isStopword(w));
    analysed = { surfaces, key: surfaces.map(stem) };
    formCache.set(form, analysed);
  }
  return analysed;
}

export interface SynonymGroup {
  concept: string;
  /** Each form as its key words (stems), e.g. [["migr"], ["live", "migr"]]. */
  forms: string[][];
  /** Folded single-word surface forms, for typo correction against forms absent from the notes. */
  surfaces: string[];
}

export interface SynonymTable {
  groups: SynonymGroup[];
  /** Key ("maquina virtual", "migr") → index of its group. */
  byKey: Map<string, number>;
  /** Longest form in words (phrases are matched greedily up to this length). */
  maxWords: number;
}

export const EMPTY_SYNONYMS: SynonymTable = { groups: [], byKey: new Map(), maxWords: 1 };

/** Build the lookup table from checked data. */
export function buildSynonymTable(file: SynonymFile): SynonymTable {
  const groups: SynonymGroup[] = [];
  const byKey = new Map<string, number>();
  let maxWords = 1;
  for (const group of file.groups) {
    const forms: string[][] = [];
    const surfaces = new Set<string>();
    const seen = new Set<string>();
    for (const form of group.forms) {
      const key = keyWords(form);
      const joined = key.join(' ');
      if (seen.has(joined)) continue;
      seen.add(joined);
      forms.push(key);
      maxWords = Math.max(maxWords, key.length);
      byKey.set(joined, groups.length);
      const folded = surfaceWords(form);
      if (folded.length === 1) surfaces.add(folded[0]!);
    }
    groups.push({ concept: group.concept, forms, surfaces: [...surfaces] });
  }
  return { groups, byKey, maxWords };
}

/**
 * Check and build; throws an Error naming the source (when given), the offending path and the problem:
 * "invalid synonyms table data/synonyms.json at groups.3.forms.1: a form must have 1 to 3 words…".
 */
export function parseSynonyms(data: unknown, source?: string): SynonymTable {
  formCache.clear();
  try {
    return buildSynonymTable(checkSynonymFile(data));
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new SynonymsError(`invalid synonyms table${source ? ` ${source}` : ''} at ${error.path.join('.') || '(root)'}: ${error.message}`);
  } finally {
    formCache.clear();
  }
}

export const DEFAULT_SYNONYMS_PATH = 'data/synonyms.json';

export async function loadSynonyms(path = DEFAULT_SYNONYMS_PATH): Promise<SynonymTable> {
  return parseSynonymsText(readSynonymsFile(path).toString('utf8'), path);
}

/** The bytes of the synonyms file; a missing or unreadable file is a SynonymsError naming it. */
export function readSynonymsFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new SynonymsError(`synonyms table ${path} cannot be read: ${reason}`);
  }
}

/** The table from the text of a synonyms file (JSON); errors name `source`, and the line and column of bad JSON. */
export function parseSynonymsText(text: string, source: string): SynonymTable {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    let where = source;
    if (position) {
      const before = text.slice(0, Number(position[1])).split('\n');
      where = `${source}:${before.length}:${before.at(-1)!.length + 1}`;
    }
    throw new SynonymsError(`invalid synonyms table ${where}: ${message}`);
  }
  return parseSynonyms(data, source);
}
