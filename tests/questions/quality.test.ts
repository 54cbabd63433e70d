import { describe, expect, it } from 'vitest';
import type { Entry, KnowledgeBase } from '../../src/notes/types.ts';
import { checkBankQuality, createQuestionBank, measureLengthBias, QUALITY_THRESHOLDS, type Erratum, type Question } from '../../src/questions/index.ts';

const entry: Entry = {
  id: '330.2-xl-config-update',
  topicId: '330.2',
  sectionId: 'xl',
  sectionPath: ['xl'],
  title: 'xl config-update',
  kind: 'command',
  text: '* Atualizar a VM que esta rodando com novas configurações\n# xl config-update domid [configfile]',
  identifiers: ['xl config-update'],
  source: 'notes.txt',
  lineStart: 10,
  lineEnd: 11,
};
const kb: KnowledgeBase = { sources: ['notes.txt'], topics: [], sections: [], entries: [entry] };
const erratum: Erratum = {
  file: 'notes.txt',
  line: 10,
  kind: 'fact',
  says: 'Atualizar a VM que esta rodando com novas configurações',
  right: 'xl config-update só atualiza a configuração salva',
  source: 'xl usage',
  wrongAnswers: ['xl config-update'],
};

let n = 0;
/** A single-choice question whose correct option has `right` characters and the others `others`. */
function single(topic: string, right: number, others: number[], over: Partial<Question> = {}): Question {
  n++;
  return {
    id: `${topic}-q-${n}`,
    topic,
    kind: 'single',
    prompt: 'p',
    explanation: 'e',
    source: 'elsewhere',
    options: [{ text: 'r'.repeat(right), correct: true }, ...others.map((length, i) => ({ text: `${i}`.repeat(length), correct: false }))],
    ...over,
  } as Question;
}
const fill = (topic: string, answers = ['a'], over: Partial<Question> = {}): Question =>
  ({ id: `${topic}-f-${++n}`, topic, kind: 'fill-in', prompt: 'p', explanation: 'e', source: 'elsewhere', answers, ...over }) as Question;

function bankOf(questions: Question[], weights: Record<string, number>) {
  return createQuestionBank(questions, { weights });
}

/** n questions of 4 options where the right one is longest in `longest` of them and shortest in the rest. */
function biased(topic: string, count: number, longest: number): Question[] {
  return Array.from({ length: count }, (_, i) => (i < longest ? single(topic, 30, [10, 12, 14]) : single(topic, 8, [10, 12, 14])));
}

describe('checkBankQuality', () => {
  it('passes a balanced bank and prints what it measured', () => {
    const questions = [...biased('t1', 24, 6), ...Array.from({ length: 24 }, () => fill('t1'))];
    const report = checkBankQuality(bankOf(questions, { t1: 4 }), kb, { examWeights: { t1: 4 } });
    expect(report.problems).toEqual([]);
    expect(report.topics[0]).toMatchObject({ topic: 't1', weight: 4, curated: 48, generated: 0, total: 48, perWeightPoint: 12, needed: 48 });
    expect(report.topics[0]!.lengthBias).toMatchObject({ questions: 24, longestRight: 6, chance: 0.25, expected: 6, variance: 4.5, z: 0 });
    expect(report.thresholds).toEqual(QUALITY_THRESHOLDS);
  });

  it('fails a topic below 12 questions per exam-weight point, and an exam topic without questions', () => {
    const questions = Array.from({ length: 47 }, () => fill('t1'));
    const report = checkBankQuality(bankOf(questions, { t1: 4 }), kb, { examWeights: { t1: 4, t2: 1 } });
    expect(report.problems).toEqual([
      't1: 47 questions for exam weight 4 = 11.8 per weight point, below the floor of 12 (needs 48)',
      't2: 0 questions for exam weight 1 = 0.0 per weight point, below the floor of 12 (needs 12)',
    ]);
  });

  it('fails a longest-is-right share significantly above chance, per topic and overall', () => {
    // 24 questions, chance 6 ± √4.5: 10 longest-right gives z = 1.89 > 1.645, 9 gives z = 1.41.
    const fair = [...biased('t2', 24, 9), ...Array.from({ length: 24 }, () => fill('t2'))];
    const unfair = [...biased('t1', 24, 10), ...Array.from({ length: 24 }, () => fill('t1'))];
    const report = checkBankQuality(bankOf([...unfair, ...fair], { t1: 4, t2: 4 }), kb, { examWeights: {} });
    expect(report.problems).toEqual([
      't1: the longest option is the right one in 10 of 24 curated single-choice questions (42 %, chance 25 %, expected 6.0): z = 1.89 > 1.645',
      'all topics: the longest option is the right one in 19 of 48 curated single-choice questions (40 %, chance 25 %, expected 12.0): z = 2.33 > 1.645',
    ]);
  });

  it('counts ties as longest, measures code points, skips generated questions, and reports the >30 % longer share', () => {
    const bias = measureLengthBias([
      single('t', 10, [10, 3]), // tie: longest
      { ...single('t', 2, [3]), options: [{ text: 'çã', correct: true }, { text: 'abc', correct: false }] }, // 2 code points < 3
      single('t', 14, [10, 10]), // 40 % longer
      single('t', 13, [10]), // exactly 30 %: not "much longer"
      single('t', 50, [1], { generated: true }),
    ].filter((q) => !q.generated));
    expect(bias).toMatchObject({ questions: 4, longestRight: 3, muchLonger: 1 });
    expect(bias.chance).toBeCloseTo((1 / 3 + 1 / 2 + 1 / 3 + 1 / 2) / 4);
  });

  it('fails a curated question that repeats an erratum; lists one that only cites the errata\'d entry for review', () => {
    const repeats = fill('330.2', ['xl config-update'], { source: entry.id });
    const quotes = fill('330.2', ['xl config-update domid'], { source: 'elsewhere', sourceQuote: 'Atualizar a VM que esta rodando com novas configurações' });
    const cites = fill('330.2', ['xl config-update domid [configfile]'].map((a) => a.replace('config-update', 'create')), { source: entry.id });
    const reviewed = fill('330.2', ['xl create'], { source: entry.id });
    const generated = fill('330.2', ['xl config-update'], { source: entry.id, generated: true });
    const bank = bankOf([repeats, quotes, cites, reviewed, generated], { '330.2': 1 });
    const report = checkBankQuality(bank, kb, { examWeights: {}, errata: [{ ...erratum, reviewed: [reviewed.id] }] });
    expect(report.errataHits.map((hit) => [hit.questionId, hit.severity])).toEqual([
      [repeats.id, 'error'],
      [quotes.id, 'error'],
      [cites.id, 'review'],
    ]);
    const errataProblems = report.problems.filter((p) => p.includes('erratum'));
    expect(errataProblems).toHaveLength(2);
    expect(errataProblems[0]).toBe(
      `? [${repeats.id}]: gives "xl config-update" as right (erratum notes.txt:10: "${erratum.says}"): ${erratum.right}`,
    );
  });

  it('clears a wrong answer once the question is reviewed, but never a repeated wrong text or a quoted wrong fact', () => {
    // Reviewed: the question asks which command updates the SAVED config, where `xl config-update` is right.
    const rightThere = fill('330.2', ['xl config-update'], { source: entry.id });
    const repeatsText = fill('330.2', ['Atualizar a VM que esta rodando com novas configurações'], { source: entry.id });
    const quotesFact = fill('330.2', ['xl create'], { source: entry.id, sourceQuote: 'Atualizar a VM que esta rodando com novas configurações' });
    const notReviewed = fill('330.2', ['xl config-update domid'], { source: entry.id });
    const bank = bankOf([rightThere, repeatsText, quotesFact, notReviewed], { '330.2': 1 });
    const reviewed = [rightThere.id, repeatsText.id, quotesFact.id];
    const report = checkBankQuality(bank, kb, { examWeights: {}, errata: [{ ...erratum, reviewed }] });
    expect(report.errataHits.map((hit) => [hit.questionId, hit.severity])).toEqual([
      [repeatsText.id, 'error'],
      [quotesFact.id, 'error'],
      [notReviewed.id, 'error'],
    ]);
    expect(report.errataHits[0]!.message).toMatch(/^its answer ".*" repeats a known mistake/);
    expect(report.errataHits[1]!.message).toMatch(/^its sourceQuote repeats a known mistake/);
    expect(report.errataHits[2]!.message).toMatch(/^gives "xl config-update domid" as right/);
  });
});
