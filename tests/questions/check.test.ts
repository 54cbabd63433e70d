import { describe, expect, it } from 'vitest';
import { checkAnswer, correctAnswers, type Question } from '../../src/questions/index.ts';

const base = { topic: '330.2', prompt: 'p', explanation: 'e', source: 's' };
const single: Question = {
  ...base,
  id: '330.2-s',
  kind: 'single',
  options: [
    { text: 'xl list', correct: false },
    { text: 'xl pause', correct: true },
    { text: 'xl info', correct: false },
  ],
};
const multiple: Question = {
  ...base,
  id: '330.2-m',
  kind: 'multiple',
  options: [
    { text: 'vmx', correct: true },
    { text: 'pae', correct: false },
    { text: 'svm', correct: true },
    { text: 'lm', correct: false },
  ],
};
const fill: Question = { ...base, id: '330.2-f', kind: 'fill-in', answers: ['xe vm-list', 'vm-list'] };

describe('checkAnswer', () => {
  it('single choice: only the correct option', () => {
    expect(checkAnswer(single, { kind: 'single', choice: 1 })).toEqual({ correct: true });
    expect(checkAnswer(single, { kind: 'single', choice: 0 })).toEqual({ correct: false });
    expect(checkAnswer(single, { kind: 'single', choice: 3 })).toEqual({ correct: false, invalid: 'unknown_option' });
  });

  it('multiple choice: exactly the set of correct options, in any order', () => {
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [2, 0] })).toEqual({ correct: true });
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [0, 2, 2] })).toEqual({ correct: true });
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [0] })).toEqual({ correct: false });
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [0, 1, 2] })).toEqual({ correct: false });
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [] })).toEqual({ correct: false, invalid: 'empty' });
    expect(checkAnswer(multiple, { kind: 'multiple', choices: [-1, 0] })).toEqual({ correct: false, invalid: 'unknown_option' });
  });

  it('fill-in: any accepted answer after folding case, spaces, accents and quotes', () => {
    expect(checkAnswer(fill, { kind: 'fill-in', text: '  XE   VM-LIST ' })).toEqual({ correct: true });
    expect(checkAnswer(fill, { kind: 'fill-in', text: '`vm-list`' })).toEqual({ correct: true });
    expect(checkAnswer(fill, { kind: 'fill-in', text: '# xe vm-list' })).toEqual({ correct: true });
    expect(checkAnswer(fill, { kind: 'fill-in', text: 'xe vm-lists' })).toEqual({ correct: false });
    expect(checkAnswer(fill, { kind: 'fill-in', text: '   ' })).toEqual({ correct: false, invalid: 'empty' });
  });

  it('rejects a submission of another kind', () => {
    expect(checkAnswer(fill, { kind: 'single', choice: 0 })).toEqual({ correct: false, invalid: 'wrong_kind' });
  });

  it('lists what to show at the reveal', () => {
    expect(correctAnswers(multiple)).toEqual(['vmx', 'svm']);
    expect(correctAnswers(fill)).toEqual(['xe vm-list']);
  });
});
