/** Reading data/questions/*.json into a validated, indexed bank. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeBase } from '../notes/types.ts';
import type { Erratum } from './errata.ts';
import { generateQuestions } from './generate.ts';
import { checkGrounding } from './grounding.ts';
import { QuestionBankError, type BankProblem, type Question } from './types.ts';
import { validateQuestionFiles, type RawQuestionFile } from './validate.ts';
import { EXAM_TOPIC_WEIGHTS } from '../exam/data.ts';

/** The exam's topic weights (data/exam.json); the notes' own weights only fill in topics the exam does not list. */
export const DEFAULT_TOPIC_WEIGHTS = EXAM_TOPIC_WEIGHTS;

export const GENERATED_FILE = '(generated from the notes)';

export interface QuestionBank {
  questions: readonly Question[];
  byId: ReadonlyMap<string, Question>;
  byTopic: ReadonlyMap<string, readonly Question[]>;
  /** Weight of each topic that has questions. */
  weights: ReadonlyMap<string, number>;
  /** Where each question comes from (a file path, or GENERATED_FILE). */
  fileOf: ReadonlyMap<string, string>;
}

export function createQuestionBank(
  questions: readonly Question[],
  options: { weights?: Readonly<Record<string, number>>; kb?: KnowledgeBase; fileOf?: ReadonlyMap<string, string> } = {},
): QuestionBank {
  const byId = new Map<string, Question>();
  const byTopic = new Map<string, Question[]>();
  for (const question of questions) {
    if (byId.has(question.id)) throw new Error(`duplicate question id ${question.id}`);
    byId.set(question.id, question);
    const list = byTopic.get(question.topic) ?? [];
    list.push(question);
    byTopic.set(question.topic, list);
  }
  const fromNotes = new Map(options.kb?.topics.map((topic) => [topic.id, topic.weight]) ?? []);
  const weights = new Map<string, number>();
  for (const topic of [...byTopic.keys()].sort()) {
    weights.set(topic, options.weights?.[topic] ?? DEFAULT_TOPIC_WEIGHTS[topic] ?? fromNotes.get(topic) ?? 1);
  }
  return { questions, byId, byTopic, weights, fileOf: options.fileOf ?? new Map() };
}

/** Every *.json file in a directory, sorted by name, parsed (a syntax error becomes a problem, not a throw). */
export function readQuestionFiles(dir: string): RawQuestionFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      try {
        return { file, json: JSON.parse(readFileSync(file, 'utf8')) as unknown };
      } catch (error) {
        return { file, json: null, jsonError: error instanceof Error ? error.message : String(error) };
      }
    });
}

export interface LoadedBank {
  bank: QuestionBank;
  curated: number;
  generated: number;
  /** The notes' errata the bank was built with (see errata.ts). */
  errata: readonly Erratum[];
}

/**
 * Loads, validates and grounds the curated questions in `dir`, adds the questions generated from the notes
 * (unless `generated: false`), and builds the bank. Throws QuestionBankError listing every problem.
 * `errata` (loadNotesErrata) keep the generator off the notes' known mistakes and correct their typos.
 */
export function loadQuestionBank(
  dir: string,
  kb: KnowledgeBase,
  options: { generated?: boolean; errata?: readonly Erratum[] } = {},
): LoadedBank {
  const files = readQuestionFiles(dir);
  const { questions, problems } = validateQuestionFiles(files, kb);
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const list = (file.json as { questions?: Array<{ id?: unknown }> } | null)?.questions;
    if (Array.isArray(list)) for (const q of list) if (typeof q?.id === 'string' && !fileOf.has(q.id)) fileOf.set(q.id, file.file);
  }
  const all: BankProblem[] = [...problems];
  for (const problem of checkGrounding(questions, kb)) all.push({ file: fileOf.get(problem.questionId) ?? '?', ...problem });
  const errata = options.errata ?? [];
  const generated = options.generated === false ? [] : generateQuestions(kb, { errata, curated: questions }).filter((q) => !fileOf.has(q.id));
  for (const question of generated) fileOf.set(question.id, GENERATED_FILE);
  if (all.length > 0) throw new QuestionBankError(all);
  return { bank: createQuestionBank([...questions, ...generated], { kb, fileOf }), curated: questions.length, generated: generated.length, errata };
}
