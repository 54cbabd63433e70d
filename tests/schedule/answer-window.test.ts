import { describe, expect, it } from 'vitest';
import { answerWindowOpen } from '../../src/schedule/index.ts';

describe('answerWindowOpen', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('is open for a sent post until its window closes', () => {
    expect(answerWindowOpen({ status: 'sent', windowClosesAt: now + 1 }, now)).toBe(true);
    expect(answerWindowOpen({ status: 'sent', windowClosesAt: now }, now)).toBe(false);
    expect(answerWindowOpen({ status: 'sent', windowClosesAt: null }, now)).toBe(true);
  });
  it('is closed once revealed or failed, whatever the clock says', () => {
    expect(answerWindowOpen({ status: 'revealed', windowClosesAt: now + 60_000 }, now)).toBe(false);
    expect(answerWindowOpen({ status: 'failed', windowClosesAt: now + 60_000 }, now)).toBe(false);
  });
});
