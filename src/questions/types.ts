/** The daily-quiz question model (see FORMAT.md for the JSON files it is read from). */

export type QuestionKind = 'single' | 'multiple' | 'fill-in';

export interface ChoiceOption {
  text: string;
  correct: boolean;
}

interface QuestionBase {
  /** Stable id, starts with the topic: "330.2-xl-list-states-01". Never reuse or renumber. */
  id: string;
  /** Topic id from the notes ("330.2"): the file name the question lives in. */
  topic: string;
  kind: QuestionKind;
  /** pt-BR. */
  prompt: string;
  /** Short pt-BR explanation shown at the reveal. */
  explanation: string;
  /** Id of the knowledge-base entry the question comes from. */
  source: string;
  /** Optional verbatim excerpt of that entry (checked: must appear in the entry text, folded). */
  sourceQuote?: string;
  /** true for questions built from the notes by the generator (never written in the JSON files). */
  generated?: boolean;
}

export interface SingleChoiceQuestion extends QuestionBase {
  kind: 'single';
  /** 2 to 5 options, exactly one correct. */
  options: ChoiceOption[];
}

export interface MultipleChoiceQuestion extends QuestionBase {
  kind: 'multiple';
  /** 3 to 6 options, at least 2 correct and at least 1 wrong ("pick all that apply"). */
  options: ChoiceOption[];
}

export interface FillInQuestion extends QuestionBase {
  kind: 'fill-in';
  /** Accepted answers, compared by fillInKey (fill-in.ts); the first is the one shown at the reveal. */
  answers: string[];
  /** "options" (default): words fold case, option tokens (`-O`, `--all`) keep it. "exact": all keep it but the first letter. */
  matchCase?: 'options' | 'exact';
  /** The question asks for a subcommand of this program: "sched-credit" and "xl sched-credit" are the same answer. */
  optionalProgram?: string;
  /** Accepted answers the cited notes do not contain (checked against the real tool instead): exempt from grounding. */
  outsideNotes?: string[];
}

export type Question = SingleChoiceQuestion | MultipleChoiceQuestion | FillInQuestion;

/** One thing wrong with the bank, named precisely enough to fix it. */
export interface BankProblem {
  file: string;
  /** null when the problem is about the file itself (bad JSON, wrong topic…). */
  questionId: string | null;
  message: string;
}

export class QuestionBankError extends Error {
  constructor(readonly problems: BankProblem[]) {
    super(`question bank has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'QuestionBankError';
  }
}

export function formatProblem(problem: BankProblem): string {
  return `  ${problem.file}${problem.questionId ? ` [${problem.questionId}]` : ''}: ${problem.message}`;
}
