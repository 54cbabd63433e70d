import { describe, expect, it } from 'vitest';
import { firstSentence, truncate } from '../../src/notes/text.ts';

describe('titles cut from the notes', () => {
  it('end between characters: no half emoji, no accent torn from its letter', () => {
    expect(truncate('ab' + '🐧'.repeat(100), 50)).toBe(`ab${'🐧'.repeat(23)}…`);
    expect(truncate('ab' + 'e\u0301'.repeat(100), 50)).toBe(`ab${'e\u0301'.repeat(23)}…`);
    expect(firstSentence('a' + '🐧'.repeat(400))).toBe('a' + '🐧'.repeat(299));
  });
});
