/**
 * The bank's quality, beyond validity: does it cover each exam topic in proportion to its weight, can a member
 * guess the right option by its length, does a curated question teach one of the notes' known mistakes?
 * `questions check` prints this report and fails on its problems.
 */
import { EXAM_TOPIC_WEIGHTS } from '../exam/data.ts';
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import type { QuestionBank } from './bank.ts';
import { errataInEntry, repeatsErratum, type Erratum } from './errata.ts';
import { normalizeFillIn } from './normalize.ts';
import type { Question } from './types.ts';

export const QUALITY_THRESHOLDS = Object.freeze({
  /** Questions (curated + generated) per exam-weight point below which a topic fails: 330.1 (weight 8) needs 96. */
  perWeightPointFloor: 12,
  /**
   * One-sided 5 % critical value of the standard normal. The count of longest-is-right questions is a sum of
   * independent Bernoulli(1/k) under "length says nothing": Poisson-binomial, mean Σ1/k, variance Σ(1/k)(1-1/k).
   */
  zCritical: 1.645,
  /** "Much longer": the correct option is more than 30 % longer than every other. */
  muchLongerRatio: 1.3,
});

export interface LengthBias {
  /** Curated single-choice questions measured. */
  questions: number;
  /** Correct option at least as long as every other (ties count). */
  longestRight: number;
  /** Correct option more than muchLongerRatio times as long as every other. */
  muchLonger: number;
  /** Chance share: the mean of 1/k. */
  chance: number;
  /** Σ1/k and Σ(1/k)(1 - 1/k): the Poisson-binomial mean and variance of longestRight under chance. */
  expected: number;
  variance: number;
  /** (longestRight - expected) / √variance; null without any question to measure. */
  z: number | null;
}

export interface TopicQuality {
  topic: string;
  weight: number;
  curated: number;
  generated: number;
  total: number;
  perWeightPoint: number;
  /** perWeightPointFloor × weight. */
  needed: number;
  lengthBias: LengthBias;
}

export interface ErrataHit {
  questionId: string;
  /** "error": the question repeats the mistake; "review": it cites an errata'd entry nobody has checked yet. */
  severity: 'error' | 'review';
  erratum: Erratum;
  message: string;
}

export interface BankQualityReport {
  thresholds: typeof QUALITY_THRESHOLDS;
  topics: TopicQuality[];
  overall: LengthBias;
  errataHits: ErrataHit[];
  /** One line per failure (coverage, length bias, errata errors); empty when the bank is good enough. */
  problems: string[];
}

function codePoints(text: string): number {
  return [...text].length;
}

/** Length bias of single-choice questions (the caller passes the curated ones). */
export function measureLengthBias(questions: readonly Question[]): LengthBias {
  let longestRight = 0;
  let muchLonger = 0;
  let expected = 0;
  let variance = 0;
  let measured = 0;
  for (const question of questions) {
    if (question.kind !== 'single' || question.options.length < 2) continue;
    const right = question.options.find((option) => option.correct);
    if (!right) continue;
    const length = codePoints(right.text);
    const others = question.options.filter((option) => option !== right).map((option) => codePoints(option.text));
    const p = 1 / question.options.length;
    measured++;
    expected += p;
    variance += p * (1 - p);
    if (others.every((other) => length >= other)) longestRight++;
    if (others.every((other) => length > other * QUALITY_THRESHOLDS.muchLongerRatio)) muchLonger++;
  }
  return {
    questions: measured,
    longestRight,
    muchLonger,
    chance: measured === 0 ? 0 : expected / measured,
    expected,
    variance,
    z: variance > 0 ? (longestRight - expected) / Math.sqrt(variance) : null,
  };
}

function rightTexts(question: Question): string[] {
  return question.kind === 'fill-in' ? question.answers : question.options.filter((option) => option.correct).map((option) => option.text);
}

function givesWrongAnswer(text: string, wrongAnswers: readonly string[]): boolean {
  const value = normalizeFillIn(text);
  return wrongAnswers.some((wrong) => {
    const folded = normalizeFillIn(wrong);
    return value === folded || value.startsWith(`${folded} `);
  });
}

/**
 * Curated questions that repeat a known mistake of the notes (errors), or cite an entry holding a `fact` erratum
 * without being in its `reviewed` list (to review; an entry's typo is no reason to recheck a question).
 * Being in `reviewed` clears a `wrongAnswers` hit, never a repetition of `says` in an answer or a sourceQuote.
 */
export function findErrataHits(questions: readonly Question[], kb: KnowledgeBase, errata: readonly Erratum[]): ErrataHit[] {
  const entries = new Map<string, Entry>(kb.entries.map((entry) => [entry.id, entry]));
  const hits: ErrataHit[] = [];
  for (const question of questions) {
    if (question.generated) continue;
    const cited = entries.get(question.source);
    const inEntry = new Set(cited ? errataInEntry(cited, errata) : []);
    for (const erratum of errata) {
      const where = `${erratum.file}:${erratum.line}`;
      const repeated = rightTexts(question).find((text) => repeatsErratum(text, erratum));
      const quoted = erratum.kind === 'fact' && question.sourceQuote !== undefined && repeatsErratum(question.sourceQuote, erratum);
      const reviewed = (erratum.reviewed ?? []).includes(question.id);
      // A reviewer confirmed the question asks something for which that answer is really right (`xl restore`
      // reloads a domain saved with `xl save`); repeating the wrong text itself stays an error even then.
      const wrongAnswer =
        inEntry.has(erratum) && !reviewed ? rightTexts(question).find((text) => givesWrongAnswer(text, erratum.wrongAnswers ?? [])) : undefined;
      if (repeated !== undefined || quoted || wrongAnswer !== undefined) {
        const what =
          wrongAnswer !== undefined ? `gives "${wrongAnswer}" as right` : repeated !== undefined ? `its answer "${repeated}" repeats a known mistake` : 'its sourceQuote repeats a known mistake';
        hits.push({ questionId: question.id, severity: 'error', erratum, message: `${what} (erratum ${where}: "${erratum.says}"): ${erratum.right}` });
      } else if (erratum.kind === 'fact' && inEntry.has(erratum) && !reviewed) {
        hits.push({ questionId: question.id, severity: 'review', erratum, message: `cites ${question.source}, which holds the erratum at ${where} ("${erratum.says}")` });
      }
    }
  }
  return hits;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((100 * part) / whole)} %`;
}

function biasProblem(label: string, bias: LengthBias): string | null {
  if (bias.z === null || bias.z <= QUALITY_THRESHOLDS.zCritical) return null;
  return (
    `${label}: the longest option is the right one in ${bias.longestRight} of ${bias.questions} curated single-choice questions ` +
    `(${percent(bias.longestRight, bias.questions)}, chance ${percent(bias.chance, 1)}, expected ${bias.expected.toFixed(1)}): ` +
    `z = ${bias.z.toFixed(2)} > ${QUALITY_THRESHOLDS.zCritical}`
  );
}

export interface QualityOptions {
  errata?: readonly Erratum[];
  /** The exam's topics and weights (data/exam.json): a topic of the exam without questions fails coverage too. */
  examWeights?: Readonly<Record<string, number>>;
}

/**
 * Coverage per exam-weight point, length bias of curated single-choice questions, and errata hits, per topic (the
 * exam's and the bank's) and overall.
 */
export function checkBankQuality(bank: QuestionBank, kb: KnowledgeBase, options: QualityOptions = {}): BankQualityReport {
  const floor = QUALITY_THRESHOLDS.perWeightPointFloor;
  const examWeights = options.examWeights ?? EXAM_TOPIC_WEIGHTS;
  const weights = new Map(Object.entries(examWeights));
  for (const [topic, weight] of bank.weights) weights.set(topic, weight);
  const topics: TopicQuality[] = [];
  const problems: string[] = [];
  for (const [topic, weight] of [...weights].sort(([a], [b]) => a.localeCompare(b))) {
    const questions = bank.byTopic.get(topic) ?? [];
    const generated = questions.filter((question) => question.generated).length;
    const lengthBias = measureLengthBias(questions.filter((question) => !question.generated));
    const row: TopicQuality = {
      topic,
      weight,
      curated: questions.length - generated,
      generated,
      total: questions.length,
      perWeightPoint: weight > 0 ? questions.length / weight : Infinity,
      needed: floor * weight,
      lengthBias,
    };
    topics.push(row);
    if (row.total < row.needed) {
      problems.push(
        `${topic}: ${row.total} questions for exam weight ${weight} = ${row.perWeightPoint.toFixed(1)} per weight point, ` +
          `below the floor of ${floor} (needs ${row.needed})`,
      );
    }
    const bias = biasProblem(topic, lengthBias);
    if (bias) problems.push(bias);
  }
  const overall = measureLengthBias(bank.questions.filter((question) => !question.generated));
  const overallBias = biasProblem('all topics', overall);
  if (overallBias) problems.push(overallBias);
  const errataHits = findErrataHits(bank.questions, kb, options.errata ?? []);
  for (const hit of errataHits) {
    if (hit.severity === 'error') problems.push(`${bank.fileOf.get(hit.questionId) ?? '?'} [${hit.questionId}]: ${hit.message}`);
  }
  return { thresholds: QUALITY_THRESHOLDS, topics, overall, errataHits, problems };
}
