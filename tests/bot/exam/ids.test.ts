/** The mock exam's custom ids: what is built parses back, anything else is not ours. */
import { describe, expect, it } from 'vitest';
import { clockLabel } from '../../../bot/exam/view.ts';
import { examAnswerIds, examIds, parseExamId } from '../../../bot/exam/ids.ts';

const parse = (id: string) => parseExamId(id.split(':').slice(1));

describe('exam custom ids', () => {
  it('round-trip with the exam id and the position', () => {
    const answers = examAnswerIds(42, 7);
    expect(parse(answers.pick(3))).toEqual({ action: 'pick', examId: 42, index: 7, option: 3 });
    expect(parse(answers.multi())).toEqual({ action: 'multi', examId: 42, index: 7, option: null });
    expect(parse(answers.typed())).toMatchObject({ action: 'typed', index: 7 });
    expect(parse(examIds.go(42, 6, 'p'))).toMatchObject({ action: 'go', index: 6 });
    expect(examIds.go(1, 0, 'p')).not.toBe(examIds.go(1, 0, 'n'));
    expect(parse(examIds.nav(42, 1))).toMatchObject({ action: 'nav', index: 1 });
    expect(parse(examIds.result(42, 2, 'n'))).toMatchObject({ action: 'res', examId: 42, index: 2 });
  });

  it('refuses ids that are not exam ids of this version', () => {
    for (const bad of ['exam:pick:1:2', 'exam:drop:1:2', 'exam:go:x:1:p', 'exam:flag:1', 'exam:pick:1:2:a']) expect(parse(bad)).toBeNull();
  });

  it('shows the time left as mm:ss, rounding up to the second', () => {
    expect(clockLabel(54 * 60_000)).toBe('54:00');
    expect(clockLabel(43 * 60_000 + 54_001)).toBe('43:55');
    expect(clockLabel(0)).toBe('00:00');
  });
});
