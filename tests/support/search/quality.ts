/**
 * The /term query set (tests/search/queries.json) and its metrics, shared by the quality test and the
 * search bench (which scores MiniSearch and fuse.js on the same queries).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const QUERY_TYPES = [
  'exact', // a term as written in the notes
  'typo', // misspelt
  'no-accents', // Portuguese typed without accents
  'english', // English word for a Portuguese note
  'command', // a command name
  'path', // a file or path
  'question', // a natural question in Portuguese
  'nothing', // the notes do not cover it: must find nothing
] as const;

const querySchema = z.object({
  q: z.string(),
  /** Acceptable entry ids (more than one only when the entries are truly equivalent); [] = must find nothing. */
  expect: z.array(z.string().min(1)),
  type: z.enum(QUERY_TYPES),
  note: z.string().optional(),
});

const fileSchema = z.object({ $comment: z.string().optional(), queries: z.array(querySchema).min(1) });

export type QualityQuery = z.infer<typeof querySchema>;

export function loadQuerySet(path = 'tests/search/queries.json'): QualityQuery[] {
  return fileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).queries;
}

export interface QueryOutcome {
  query: QualityQuery;
  /** Ids returned, best first. */
  returned: string[];
  /** 1-based rank of the first acceptable id, 0 if absent (positive queries only). */
  rank: number;
  ok: boolean;
}

export interface QualityReport {
  positives: number;
  negatives: number;
  precisionAt1: number;
  recallAt3: number;
  mrr: number;
  /** Must-find-nothing queries that returned something. */
  falsePositives: number;
  outcomes: QueryOutcome[];
}

/** Run every query through `search` (ids best first) and compute precision@1, recall@3 and MRR. */
export function evaluate(queries: QualityQuery[], search: (q: string) => string[]): QualityReport {
  let p1 = 0;
  let r3 = 0;
  let rr = 0;
  let positives = 0;
  let negatives = 0;
  let falsePositives = 0;
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const returned = search(query.q);
    if (query.expect.length === 0) {
      negatives++;
      const ok = returned.length === 0;
      if (!ok) falsePositives++;
      outcomes.push({ query, returned, rank: 0, ok });
      continue;
    }
    positives++;
    const index = returned.findIndex((id) => query.expect.includes(id));
    const rank = index + 1;
    if (rank === 1) p1++;
    if (rank >= 1 && rank <= 3) r3++;
    if (rank >= 1) rr += 1 / rank;
    outcomes.push({ query, returned, rank, ok: rank === 1 });
  }
  return {
    positives,
    negatives,
    precisionAt1: positives ? p1 / positives : 0,
    recallAt3: positives ? r3 / positives : 0,
    mrr: positives ? rr / positives : 0,
    falsePositives,
    outcomes,
  };
}
