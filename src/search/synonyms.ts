/**
 * The reviewed synonym/alias table (data/synonyms.json): groups of forms that name the same concept,
 * usually the English and the Portuguese spelling ("migration" ↔ "migração"). Validated with zod at
 * load; a malformed table is an error, never silently ignored.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fold, stem, tokens } from './normalize.ts';
import { isStopword } from './stopwords.ts';

const formSchema = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .refine((form) => keyWords(form).length >= 1 && keyWords(form).length <= 3, {
    message: 'a form must have 1 to 3 words that are not stopwords',
  });

const groupSchema = z.object({
  concept: z.string().trim().min(1).max(60),
  forms: z.array(formSchema).min(2).max(24),
  note: z.string().max(300).optional(),
});

export const synonymFileSchema = z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    groups: z.array(groupSchema).max(2000),
  })
  .superRefine((file, ctx) => {
    const seenConcepts = new Set<string>();
    const seenForms = new Map<string, string>();
    file.groups.forEach((group, gi) => {
      if (seenConcepts.has(group.concept)) {
        ctx.addIssue({ code: 'custom', path: ['groups', gi, 'concept'], message: `duplicate concept "${group.concept}"` });
      }
      seenConcepts.add(group.concept);
      const inGroup = new Set<string>();
      group.forms.forEach((form, fi) => {
        const key = keyWords(form).join(' ');
        if (inGroup.has(key)) return; // "migração" and "migracao" fold to the same key: harmless
        inGroup.add(key);
        const other = seenForms.get(key);
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', gi, 'forms', fi],
            message: `form "${form}" is also in group "${other}": a form belongs to one group`,
          });
        }
        seenForms.set(key, group.concept);
      });
    });
  });

export type SynonymFile = z.infer<typeof synonymFileSchema>;

/** Folded, stemmed, stopword-free words of a form: the key two forms are compared by. */
function keyWords(form: string): string[] {
  return surfaceWords(form).map(stem);
}

/** Folded words of a form, hyphenated compounds glued ("para-virtualização" → "paravirtualizacao"). */
function surfaceWords(form: string): string[] {
  return tokens(fold(form))
    .map((t) => t.text)
    .filter((w) => !isStopword(w));
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

/** Build the lookup table from validated data. */
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

/** Validate (zod) and build; throws an Error naming the offending path when the data is malformed. */
export function parseSynonyms(data: unknown): SynonymTable {
  const parsed = synonymFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid synonyms table at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return buildSynonymTable(parsed.data);
}

export const DEFAULT_SYNONYMS_PATH = 'data/synonyms.json';

export async function loadSynonyms(path = DEFAULT_SYNONYMS_PATH): Promise<SynonymTable> {
  const text = await readFile(path, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid synonyms table ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSynonyms(data);
}
