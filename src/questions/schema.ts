/** Shape of data/questions/<topic>.json (zod). Semantic rules (counts, duplicates, sources) live in validate.ts. */
import { z } from 'zod';

/** Lowercase id starting with the topic: "330.2-xl-list-states-01". */
export const QUESTION_ID_RE = /^[a-z0-9][a-z0-9.]*(?:-[a-z0-9]+)+$/;

/**
 * Question ids ride in component custom ids (at most 100 characters). The longest is a /review card's
 * `answer:multi:rev:<id>:<order of 6>:<reps>` or `answer:pick:rev:<id>:<order of 5>:<reps>:<shown>`: the id
 * plus 25 characters plus the reps; 64 leaves the reps 11 digits (tests/bot/quiz/ids.test.ts checks it).
 */
export const QUESTION_ID_MAX_LENGTH = 64;

const text = z.string().trim().min(1, 'must not be empty');

const option = z.strictObject({ text, correct: z.boolean() });

const common = {
  id: z.string().max(QUESTION_ID_MAX_LENGTH, `must be at most ${QUESTION_ID_MAX_LENGTH} characters (it is carried in button ids)`).regex(QUESTION_ID_RE, 'must be lowercase words joined by "-", starting with the topic (e.g. "330.2-xl-list-01")'),
  prompt: text,
  explanation: text,
  source: text,
  sourceQuote: text.optional(),
};

export const questionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single'), ...common, options: z.array(option) }),
  z.strictObject({ kind: z.literal('multiple'), ...common, options: z.array(option) }),
  z.strictObject({
    kind: z.literal('fill-in'),
    ...common,
    answers: z.array(z.string()),
    matchCase: z.enum(['options', 'exact']).optional(),
    optionalProgram: z.string().regex(/^[^\s]+$/, 'must be one program name, without spaces').optional(),
    outsideNotes: z.array(text).optional(),
  }),
]);

export type QuestionInput = z.infer<typeof questionSchema>;

export const questionFileSchema = z.strictObject({
  topic: text,
  questions: z.array(z.unknown()),
});
