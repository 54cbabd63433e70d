import { describe, expect, it } from 'vitest';
import { foldForSearch, generateCommandQuestions, generateQuestions, generateTermQuestions } from '../../src/questions/index.ts';
import type { SingleChoiceQuestion } from '../../src/questions/index.ts';
import { fixtureKb } from './fixtures.ts';

const correct = (q: SingleChoiceQuestion) => q.options.find((o) => o.correct)!.text;
const wrong = (q: SingleChoiceQuestion) => q.options.filter((o) => !o.correct).map((o) => o.text);

describe('command questions', () => {
  const questions = generateCommandQuestions(fixtureKb);
  const byAnswer = new Map(questions.map((q) => [correct(q), q]));

  it('asks which command does what the notes say, with sibling commands of the same tool as distractors', () => {
    const pause = byAnswer.get('xl pause')!;
    expect(pause).toMatchObject({
      topic: '330.2',
      kind: 'single',
      generated: true,
      prompt: 'Qual comando usar para pausar Guest?',
      source: '330.2-xl-pause',
      sourceQuote: 'xl pause domain-id',
    });
    expect(pause.options).toHaveLength(4);
    for (const text of wrong(pause)) expect(text).toMatch(/^xl /);
  });

  it('never offers a distractor whose description equals or contains the asked one', () => {
    // "Listar VMs em execução" (xl list) is contained in xl info's description: neither is a distractor of the other.
    expect(wrong(byAnswer.get('xl list')!)).not.toContain('xl info');
    expect(wrong(byAnswer.get('xl info')!)).not.toContain('xl list');
    for (const q of questions) expect(new Set(q.options.map((o) => o.text)).size).toBe(q.options.length);
  });

  it('is deterministic', () => {
    expect(generateCommandQuestions(fixtureKb)).toEqual(questions);
    expect(generateQuestions(fixtureKb)).toEqual(generateQuestions(fixtureKb));
  });
});

describe('term questions', () => {
  const questions = generateTermQuestions(fixtureKb);

  it('asks for the term matching a definition, with terms of the same section as distractors', () => {
    const nbd = questions.find((q) => correct(q) === 'nbd')!;
    expect(nbd.prompt).toBe('Segundo as notas, qual termo corresponde a: “Um protocolo extremamente simples disponível no kernel unix”?');
    expect(wrong(nbd).sort()).toEqual(['afs', 'gfs', 'iscsi']); // gfs gives itself away as a question, not as a distractor
  });

  it('skips definitions that give the term away and terms defined in prose', () => {
    const answers = questions.map(correct);
    expect(answers).not.toContain('gfs'); // "Sistema de arquivos gfs …"
    expect(answers).not.toContain('Hypervisor');
    for (const q of questions) {
      expect(foldForSearch(q.prompt)).not.toContain(foldForSearch(correct(q)));
    }
  });
});
