/** Public API of the question bank: format, validation, grounding, generation, selection, grading. */
export type {
  BankProblem,
  ChoiceOption,
  FillInQuestion,
  MultipleChoiceQuestion,
  Question,
  QuestionKind,
  SingleChoiceQuestion,
} from './types.ts';
export { QuestionBankError, formatProblem } from './types.ts';
export { normalizeFillIn, foldForSearch } from './normalize.ts';
export { fillInKey, matchesFillIn, type FillInRules } from './fill-in.ts';
export { validateQuestionFiles, questionRuleProblems, sourceProblems, type RawQuestionFile, type ValidationResult } from './validate.ts';
export { checkGrounding, looksTechnical, commandWordsOf, KNOWN_COMMAND_WORDS, type GroundingProblem } from './grounding.ts';
export {
  generateQuestions,
  generateCommandQuestions,
  generateTermQuestions,
  MIN_COMMAND_WORDS,
  MIN_DEFINITION_WORDS,
  type GenerateOptions,
} from './generate.ts';
export {
  correctTypos,
  errataInEntry,
  errataPathFor,
  ErrataError,
  loadNotesErrata,
  parseNotesErrata,
  repeatsErratum,
  type Erratum,
} from './errata.ts';
export {
  DEFAULT_TOPIC_WEIGHTS,
  GENERATED_FILE,
  createQuestionBank,
  loadQuestionBank,
  readQuestionFiles,
  type LoadedBank,
  type QuestionBank,
} from './bank.ts';
export { pickQuestion, topicWithLargestDeficit } from './select.ts';
export { pickPracticeQuestion, type PracticePickOptions } from './practice.ts';
export {
  checkBankQuality,
  findErrataHits,
  measureLengthBias,
  QUALITY_THRESHOLDS,
  type BankQualityReport,
  type ErrataHit,
  type LengthBias,
  type QualityOptions,
  type TopicQuality,
} from './quality.ts';
export { checkAnswer, correctAnswers, type AnswerCheck, type Submission } from './check.ts';
export {
  correctPositions,
  drawOrder,
  fallbackOrder,
  fileIndex,
  fitsQuestion,
  identityOrder,
  optionCount,
  parseOrder,
  present,
  resolveOrder,
  serializeOrder,
  toFileSubmission,
  type OptionOrder,
  type PresentedQuestion,
} from './presentation.ts';
export { shuffleInPlace } from './shuffle.ts';
