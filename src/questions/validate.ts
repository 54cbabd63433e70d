/**
 * Validation of question files against the rules in FORMAT.md and the knowledge base they cite.
 * Every problem is collected (not just the first) and names the file, the question id and what is wrong.
 */
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { fillInKey } from './fill-in.ts';
import { foldForSearch, normalizeFillIn } from './normalize.ts';
import { questionFileSchema, questionSchema } from './schema.ts';
import type { BankProblem, ChoiceOption, Question } from './types.ts';

export interface RawQuestionFile {
  /** Path as shown in messages, e.g. "data/questions/330.2.json". */
  file: string;
  /** Parsed JSON (or the JSON syntax error message). */
  json: unknown;
  jsonError?: string;
}

export interface ValidationResult {
  questions: Question[];
  problems: BankProblem[];
}

const OPTION_COUNTS = { single: [2, 5], multiple: [3, 6] } as const;

function describeIssuePath(path: PropertyKey[]): string {
  return path.length === 0 ? '' : `${path.map(String).join('.')}: `;
}

/** Rules that need only the question itself (counts, correct options, duplicates). */
export function questionRuleProblems(question: Question): string[] {
  const problems: string[] = [];
  if (question.kind === 'fill-in') {
    if (question.answers.length === 0) problems.push('fill-in question has no accepted answers');
    const keys = question.answers.map((answer) => fillInKey(answer, question));
    keys.forEach((key, i) => {
      if (!key) problems.push(`accepted answer ${i + 1} is empty`);
      else if (keys.indexOf(key) !== i) problems.push(`accepted answer "${question.answers[i]}" duplicates another once folded`);
    });
    for (const answer of question.outsideNotes ?? []) {
      const at = question.answers.indexOf(answer);
      if (at < 0) problems.push(`outsideNotes "${answer}" is not one of the accepted answers`);
      else if (at === 0) problems.push(`outsideNotes "${answer}" is the first accepted answer, which must come from the notes`);
    }
    const askedProgram = /\bsubcomando do `?([\w.+-]+)/u.exec(foldForSearch(question.prompt))?.[1];
    if (askedProgram !== undefined && question.optionalProgram?.toLowerCase() !== askedProgram) {
      problems.push(`the prompt asks for a subcommand of ${askedProgram}: add "optionalProgram": "${askedProgram}"`);
    }
    return problems;
  }
  const [min, max] = OPTION_COUNTS[question.kind];
  const label = question.kind === 'single' ? 'single-choice' : 'multiple-choice';
  if (question.options.length < min || question.options.length > max) {
    problems.push(`${label} question needs ${min} to ${max} options, has ${question.options.length}`);
  }
  const correct = question.options.filter((option) => option.correct).length;
  if (correct === 0) problems.push(`${label} question has no correct option`);
  else if (question.kind === 'single' && correct > 1) problems.push(`single-choice question has ${correct} correct options (exactly 1 allowed)`);
  else if (question.kind === 'multiple' && correct < 2) problems.push('multiple-choice question needs at least 2 correct options (use "single" for one)');
  if (question.kind === 'multiple' && correct === question.options.length && correct > 0) {
    problems.push('multiple-choice question has no wrong option');
  }
  const folded = question.options.map((option: ChoiceOption) => normalizeFillIn(option.text));
  folded.forEach((text, i) => {
    if (folded.indexOf(text) !== i) problems.push(`duplicate option "${question.options[i]!.text}"`);
  });
  return problems;
}

/** Rules about the cited entry: it exists, belongs to the question's topic, and contains sourceQuote. */
export function sourceProblems(question: Question, entries: ReadonlyMap<string, Entry>): string[] {
  const entry = entries.get(question.source);
  if (!entry) return [`unknown source entry "${question.source}"`];
  const problems: string[] = [];
  if (entry.topicId !== question.topic) {
    problems.push(`source entry "${question.source}" belongs to topic ${entry.topicId}, not ${question.topic}`);
  }
  if (question.sourceQuote !== undefined && !foldForSearch(entry.text).includes(foldForSearch(question.sourceQuote))) {
    problems.push(`sourceQuote "${question.sourceQuote}" does not appear in entry "${question.source}"`);
  }
  return problems;
}

/** Validates parsed files; returns the valid questions and every problem found. */
export function validateQuestionFiles(files: RawQuestionFile[], kb: KnowledgeBase): ValidationResult {
  const problems: BankProblem[] = [];
  const questions: Question[] = [];
  const entries = new Map(kb.entries.map((entry) => [entry.id, entry]));
  const topics = new Set(kb.topics.map((topic) => topic.id));
  const seen = new Map<string, string>(); // id → file

  for (const { file, json, jsonError } of files) {
    const fileProblem = (message: string) => problems.push({ file, questionId: null, message });
    if (jsonError !== undefined) {
      fileProblem(`invalid JSON: ${jsonError}`);
      continue;
    }
    const parsed = questionFileSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fileProblem(`${describeIssuePath(issue.path)}${issue.message}`);
      continue;
    }
    const { topic } = parsed.data;
    const expectedName = `${topic}.json`;
    if (!file.endsWith(`/${expectedName}`) && file !== expectedName) fileProblem(`file for topic ${topic} must be named ${expectedName}`);
    if (!topics.has(topic)) fileProblem(`unknown topic "${topic}" (the notes have: ${[...topics].join(', ')})`);

    parsed.data.questions.forEach((raw, index) => {
      const rawId = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
      const questionId = rawId ?? `#${index + 1}`;
      const problem = (message: string) => problems.push({ file, questionId, message });
      const result = questionSchema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues) problem(`${describeIssuePath(issue.path)}${issue.message}`);
        return;
      }
      const question: Question = { ...result.data, topic } as Question;
      const before = problems.length;
      if (!question.id.startsWith(`${topic}-`)) problem(`id must start with "${topic}-"`);
      const previous = seen.get(question.id);
      if (previous !== undefined) problem(`duplicate id (also in ${previous})`);
      else seen.set(question.id, file);
      for (const message of questionRuleProblems(question)) problem(message);
      for (const message of sourceProblems(question, entries)) problem(message);
      if (problems.length === before) questions.push(question);
    });
  }
  return { questions, problems };
}
