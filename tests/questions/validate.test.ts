import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  QuestionBankError,
  checkGrounding,
  loadQuestionBank,
  looksTechnical,
  normalizeFillIn,
  readQuestionFiles,
  validateQuestionFiles,
  KNOWN_COMMAND_WORDS,
  type Question,
} from '../../src/questions/index.ts';
import { fixtureKb } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'questions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const good = {
  id: '330.2-xl-list-01',
  kind: 'single',
  prompt: 'Qual comando lista as VMs em execução?',
  options: [
    { text: 'xl list', correct: true },
    { text: 'xl pause', correct: false },
  ],
  explanation: 'xl list lista os domínios.',
  source: '330.2-xl-list',
};

function write(name: string, content: unknown): void {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

function problemsOf(files: Record<string, unknown>) {
  for (const [name, content] of Object.entries(files)) write(name, content);
  return validateQuestionFiles(readQuestionFiles(dir), fixtureKb).problems.map((p) => ({
    file: p.file.replace(`${dir}/`, ''),
    id: p.questionId,
    message: p.message,
  }));
}

describe('normalizeFillIn', () => {
  it('folds case, accents, spaces, wrapping quotes and a shell prompt', () => {
    expect(normalizeFillIn('  XL   List ')).toBe('xl list');
    expect(normalizeFillIn('Paravirtualização')).toBe('paravirtualizacao');
    expect(normalizeFillIn('`xe vm-list`')).toBe('xe vm-list');
    expect(normalizeFillIn('```virsh list --all```')).toBe('virsh list --all');
    expect(normalizeFillIn('# xl list')).toBe('xl list');
    expect(normalizeFillIn('$  virsh\tlist')).toBe('virsh list');
    expect(normalizeFillIn('“Domínio 0”')).toBe('dominio 0');
    expect(normalizeFillIn('ﬁle')).toBe('file'); // compatibility ligature
    // What must stay different.
    expect(normalizeFillIn('xl list')).not.toBe(normalizeFillIn('xllist'));
    expect(normalizeFillIn('--all')).toBe('--all');
    expect(normalizeFillIn("'cpus=\"0-3\"'")).toBe('cpus="0-3"');
  });
});

describe('validation names the file, the question and the problem', () => {
  it('accepts a valid file', () => {
    expect(problemsOf({ '330.2.json': { topic: '330.2', questions: [good] } })).toEqual([]);
  });

  it('reports each broken question with its id and what is wrong', () => {
    const problems = problemsOf({
      '330.2.json': {
        topic: '330.2',
        questions: [
          { ...good, id: '330.2-unknown-source', source: '330.2-nope' },
          { ...good, id: '330.2-no-correct', options: good.options.map((o) => ({ ...o, correct: false })) },
          { ...good, id: '330.2-two-correct', options: good.options.map((o) => ({ ...o, correct: true })) },
          { ...good, id: '330.2-dup-options', options: [good.options[0], { text: ' XL  List ', correct: false }] },
          { ...good, id: '330.2-one-option', options: [good.options[0]] },
          { ...good, id: '330.2-six-options', options: [good.options[0], ...['a', 'b', 'c', 'd', 'e'].map((t) => ({ text: t, correct: false }))] },
          { ...good, id: '330.2-multi-one-correct', kind: 'multiple', options: [...good.options, { text: 'xl info', correct: false }] },
          { ...good, id: '330.2-multi-all-correct', kind: 'multiple', options: ['xl list', 'xl info', 'xl pause'].map((text) => ({ text, correct: true })) },
          { id: '330.2-fill-empty', kind: 'fill-in', prompt: 'p', answers: [], explanation: 'e', source: '330.2-xl-list' },
          { id: '330.2-fill-blank', kind: 'fill-in', prompt: 'p', answers: ['xl list', '  '], explanation: 'e', source: '330.2-xl-list' },
          { ...good, id: '330.2-bad-quote', sourceQuote: 'xl destroy' },
          { ...good, id: '330.2-wrong-topic-source', source: '330.1-terms-nbd' },
          { ...good, id: '330.1-wrong-prefix' },
          { ...good, id: '330.2-missing-prompt', prompt: undefined },
          { ...good, id: '330.2-unknown-kind', kind: 'essay' },
          { ...good, id: '330.2-xl-list-01' },
          { ...good, id: '330.2-xl-list-01' },
          { ...good, id: 'Bad Id' },
          { ...good, id: `330.2-${'x'.repeat(59)}` },
        ],
      },
    });
    const byId = (id: string) => problems.filter((p) => p.id === id).map((p) => `${p.file}: ${p.message}`);
    expect(byId('330.2-unknown-source')).toEqual(['330.2.json: unknown source entry "330.2-nope"']);
    expect(byId('330.2-no-correct')).toEqual(['330.2.json: single-choice question has no correct option']);
    expect(byId('330.2-two-correct')).toEqual(['330.2.json: single-choice question has 2 correct options (exactly 1 allowed)']);
    expect(byId('330.2-dup-options')).toEqual(['330.2.json: duplicate option "XL  List"']);
    expect(byId('330.2-one-option')).toEqual(['330.2.json: single-choice question needs 2 to 5 options, has 1']);
    expect(byId('330.2-six-options')).toEqual(['330.2.json: single-choice question needs 2 to 5 options, has 6']);
    expect(byId('330.2-multi-one-correct')).toEqual([
      '330.2.json: multiple-choice question needs at least 2 correct options (use "single" for one)',
    ]);
    expect(byId('330.2-multi-all-correct')).toEqual(['330.2.json: multiple-choice question has no wrong option']);
    expect(byId('330.2-fill-empty')).toEqual(['330.2.json: fill-in question has no accepted answers']);
    expect(byId('330.2-fill-blank')).toEqual(['330.2.json: accepted answer 2 is empty']);
    expect(byId('330.2-bad-quote')).toEqual(['330.2.json: sourceQuote "xl destroy" does not appear in entry "330.2-xl-list"']);
    expect(byId('330.2-wrong-topic-source')).toEqual(['330.2.json: source entry "330.1-terms-nbd" belongs to topic 330.1, not 330.2']);
    expect(byId('330.1-wrong-prefix')).toEqual(['330.2.json: id must start with "330.2-"']);
    expect(byId('330.2-missing-prompt')).toEqual([expect.stringMatching(/^330\.2\.json: prompt: /)]);
    expect(byId('330.2-unknown-kind')).toEqual([expect.stringMatching(/^330\.2\.json: kind: /)]);
    expect(byId('330.2-xl-list-01')).toEqual([expect.stringMatching(/^330\.2\.json: duplicate id \(also in .*330\.2\.json\)$/)]);
    expect(byId('Bad Id')).toEqual([expect.stringMatching(/^330\.2\.json: id: must be lowercase words/)]);
    expect(byId(`330.2-${'x'.repeat(59)}`)).toEqual(['330.2.json: id: must be at most 64 characters (it is carried in button ids)']);
  });

  it('finds duplicate ids across files and file-level problems', () => {
    const problems = problemsOf({
      '330.2.json': { topic: '330.2', questions: [good] },
      '330.2-extra.json': { topic: '330.2', questions: [good] },
      '330.9.json': { topic: '330.9', questions: [] },
      '330.1.json': '{ "topic": "330.1", "questions": [ ',
      '330.1b.json': { topic: '330.1' },
    });
    expect(problems).toContainEqual({ file: '330.2-extra.json', id: null, message: 'file for topic 330.2 must be named 330.2.json' });
    expect(problems).toContainEqual({ file: '330.2.json', id: '330.2-xl-list-01', message: expect.stringMatching(/duplicate id \(also in .*330\.2-extra\.json\)/) });
    expect(problems).toContainEqual({ file: '330.9.json', id: null, message: 'unknown topic "330.9" (the notes have: 330.1, 330.2)' });
    expect(problems).toContainEqual({ file: '330.1.json', id: null, message: expect.stringMatching(/^invalid JSON: /) });
    expect(problems).toContainEqual({ file: '330.1b.json', id: null, message: expect.stringMatching(/^questions: /) });
  });

  it('loadQuestionBank throws one error listing every problem with file and id', () => {
    write('330.2.json', { topic: '330.2', questions: [{ ...good, source: 'gone' }, { ...good, id: '330.2-ok-02' }] });
    let error: unknown;
    try {
      loadQuestionBank(dir, fixtureKb, { generated: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QuestionBankError);
    expect((error as Error).message).toContain(`${dir}/330.2.json [330.2-xl-list-01]: unknown source entry "gone"`);
    expect((error as QuestionBankError).problems).toHaveLength(1);
  });
});

describe('grounding', () => {
  const base = { topic: '330.2', prompt: 'p', explanation: 'e', source: '330.2-xl-list' } as const;

  it('classifies commands, paths and options as technical, prose as not', () => {
    expect(looksTechnical('xl list', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('/etc/xen/xl.conf', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('--all', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('dom0_mem=512M', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('xl.cfg', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('qemu-img create', KNOWN_COMMAND_WORDS)).toBe(true);
    expect(looksTechnical('Paravirtualização', KNOWN_COMMAND_WORDS)).toBe(false);
    expect(looksTechnical('O guest está pausado', KNOWN_COMMAND_WORDS)).toBe(false);
  });

  it('requires technical correct options and fill-in answers to appear in the cited entry', () => {
    const questions: Question[] = [
      { ...base, id: '330.2-g-ok', kind: 'single', options: [{ text: 'xl list', correct: true }, { text: 'xl nuke', correct: false }] },
      { ...base, id: '330.2-g-wrong', kind: 'single', options: [{ text: 'xl destroy', correct: true }, { text: 'xl list', correct: false }] },
      { ...base, id: '330.2-g-fill', kind: 'fill-in', answers: ['XL  List', 'xl list --verbose'] },
      { ...base, id: '330.2-g-fill-prose', kind: 'fill-in', answers: ['listagem'] },
      { ...base, id: '330.2-g-path', source: '330.2-xl-cfg', kind: 'fill-in', answers: ['/etc/xen/xl.conf', '/etc/xen/xl.cfg'] },
    ];
    expect(checkGrounding(questions, fixtureKb)).toEqual([
      { questionId: '330.2-g-wrong', message: '"xl destroy" does not appear in its source entry "330.2-xl-list" (xl list — Listar VMs)' },
      { questionId: '330.2-g-fill', message: '"xl list --verbose" does not appear in its source entry "330.2-xl-list" (xl list — Listar VMs)' },
      { questionId: '330.2-g-fill-prose', message: '"listagem" does not appear in its source entry "330.2-xl-list" (xl list — Listar VMs)' },
      { questionId: '330.2-g-path', message: '"/etc/xen/xl.cfg" does not appear in its source entry "330.2-xl-cfg" (/etc/xen/xl.conf)' },
    ]);
  });
});
