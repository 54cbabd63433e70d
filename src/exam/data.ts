/**
 * Facts about the exam the group prepares for (not the notes): its name, format and the topics with their
 * weights. They live in data/exam.json (relative to the working directory, like data/notes), read and validated on
 * first use (inside startup, so a broken file stops it with one line naming the field, not with a stack from
 * module loading). Another exam (LPI split 304 into 305-300 and 306-300) is a new data/exam.json, not a code change.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const EXAM_FILE = 'data/exam.json';

const positiveInt = z.number().int().positive();
/** Discord's limits the exam data must fit: 25 choices per option, 100 characters per choice name (with the id). */
export const MAX_TOPICS = 25;
export const MAX_TOPIC_NAME = 90;
/** 3 selects of 25 questions each in the exam navigator. */
export const MAX_EXAM_QUESTIONS = 75;

const examSchema = z
  .strictObject({
    name: z.string().trim().min(1),
    // The exam navigator reaches questions through three 25-option selects (bot/exam/view.ts).
    questionCount: positiveInt.max(MAX_EXAM_QUESTIONS, `must be at most ${MAX_EXAM_QUESTIONS}: the exam navigator reaches no further`),
    minutes: positiveInt,
    passingScore: positiveInt,
    /** LPI does not publish its raw→scaled mapping: the raw share assumed to sit on the pass line (an assumption). */
    assumedPassFraction: z.number().gt(0).lt(1),
    scale: z.strictObject({ min: z.number().int().nonnegative(), max: positiveInt }),
    topics: z
      .array(
        z.strictObject({
          id: z.string().trim().min(1),
          name: z.string().trim().min(1).max(MAX_TOPIC_NAME, `must be at most ${MAX_TOPIC_NAME} characters (a /practice choice)`),
          weight: positiveInt,
        }),
      )
      .min(1)
      .max(MAX_TOPICS, `must list at most ${MAX_TOPICS} topics: /practice offers them as choices`),
  })
  .superRefine((exam, ctx) => {
    const { min, max } = exam.scale;
    if (min >= max || exam.passingScore < min || exam.passingScore > max) {
      ctx.addIssue({ code: 'custom', path: ['passingScore'], message: `must lie on the scale ${min}–${max}` });
    }
    const ids = exam.topics.map((topic) => topic.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate !== undefined) ctx.addIssue({ code: 'custom', path: ['topics'], message: `topic "${duplicate}" is listed twice` });
  });

export interface ExamTopic {
  readonly id: string;
  readonly name: string;
  readonly weight: number;
}

export interface Exam {
  readonly name: string;
  readonly questionCount: number;
  readonly minutes: number;
  readonly passingScore: number;
  /** The raw share of right answers assumed to map to passingScore (LPI does not publish its scaling). */
  readonly assumedPassFraction: number;
  readonly scale: { readonly min: number; readonly max: number };
  readonly topics: readonly ExamTopic[];
}

export class ExamDataError extends Error {
  constructor(source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'ExamDataError';
  }
}

/** Validates exam data; throws ExamDataError with one line naming the first bad field. Exported for tests. */
export function parseExam(json: unknown, source = 'data/exam.json'): Exam {
  const parsed = examSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ExamDataError(source, `${where}${issue.message}`);
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

let loaded: Exam | undefined;

/** The exam of data/exam.json, read and validated once (throws ExamDataError if the file is missing or wrong). */
export function loadExam(): Exam {
  if (!loaded) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(EXAM_FILE, 'utf8'));
    } catch (error) {
      throw new ExamDataError(EXAM_FILE, error instanceof Error ? error.message : String(error));
    }
    loaded = parseExam(json, EXAM_FILE);
  }
  return loaded;
}

/**
 * Topic id → exam weight, read like a plain record (keys, entries, indexing). It is a view that reads data/exam.json
 * on first access, so importing it validates nothing and a broken file surfaces where startup can explain it.
 */
export const EXAM_TOPIC_WEIGHTS: Readonly<Record<string, number>> = new Proxy({} as Record<string, number>, {
  get: (_, key) => (typeof key === 'string' ? weights()[key] : undefined),
  has: (_, key) => typeof key === 'string' && key in weights(),
  ownKeys: () => Object.keys(weights()),
  getOwnPropertyDescriptor: (_, key) =>
    typeof key === 'string' && key in weights() ? { value: weights()[key], enumerable: true, configurable: true, writable: false } : undefined,
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});

let weightsByTopic: Record<string, number> | undefined;
function weights(): Record<string, number> {
  return (weightsByTopic ??= Object.freeze(Object.fromEntries(loadExam().topics.map((topic) => [topic.id, topic.weight]))));
}

