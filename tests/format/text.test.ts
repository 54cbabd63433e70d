import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, cutText } from '../../src/format/text.ts';

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Offsets where a grapheme of `text` ends (0 included). */
function boundaries(text: string): Set<number> {
  const ends = new Set([0]);
  for (const { index, segment } of GRAPHEMES.segment(text)) ends.add(index + segment.length);
  return ends;
}

/** Text made of what breaks naive cuts: astral emoji, ZWJ sequences, skin tones, flags, combining accents. */
const tricky = fc
  .array(fc.constantFrom('a', ' ', 'é', 'e\u0301', 'a\u0301\u0327', '🐧', '👩‍💻', '👨‍👩‍👧‍👦', '👍🏽', '🇧🇷', 'ก้', '\r\n', '…'), { maxLength: 60 })
  .map((parts) => parts.join(''));
const text = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'grapheme-composite', maxLength: 60 }));
const limit = fc.integer({ min: 0, max: 130 });
/** Any code points, lone surrogates included. */
const brokenUtf16 = fc
  .array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength: 40 })
  .map((points) => points.map((point) => String.fromCodePoint(point)).join(''));

describe('cutText', () => {
  it('keeps whole graphemes within the limit, as many as fit', () => {
    fc.assert(
      fc.property(text, limit, (value, max) => {
        const cut = cutText(value, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(value.startsWith(cut)).toBe(true);
        expect(boundaries(value).has(cut.length)).toBe(true);
        if (cut.length < value.length) {
          const next = [...GRAPHEMES.segment(value.slice(cut.length))][0]!.segment;
          expect(cut.length + next.length).toBeGreaterThan(max);
        }
        if (!LONE_SURROGATE.test(value)) expect(cut).not.toMatch(LONE_SURROGATE);
      }),
      { numRuns: 500 },
    );
  });

  it('returns short text unchanged and never throws on broken UTF-16', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('a🐧', 2)).toBe('a');
    expect(cutText('a👩‍💻b', 5)).toBe('a');
    expect(cutText('ae\u0301', 2)).toBe('a');
    fc.assert(fc.property(brokenUtf16, limit, (value, max) => void expect(cutText(value, max).length).toBeLessThanOrEqual(max)), { numRuns: 50 });
  });
});

describe('clip', () => {
  it('fits the limit; a cut ends on a grapheme and is marked with "…"', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 130 }), (value, max) => {
        const clipped = clip(value, max);
        expect(clipped.length).toBeLessThanOrEqual(max);
        if (value.length <= max) return void expect(clipped).toBe(value);
        expect(clipped.endsWith('…')).toBe(true);
        const kept = clipped.slice(0, -1);
        expect(value.startsWith(kept)).toBe(true);
        expect(boundaries(value).has(kept.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('examples', () => {
    expect(clip('a' + '🐧'.repeat(60), 100)).toBe(`a${'🐧'.repeat(49)}…`);
    expect(clip('Hypervisor', 10)).toBe('Hypervisor');
    expect(clip('Hypervisor', 6)).toBe('Hyper…');
    expect(clip('ab cd', 4)).toBe('ab…');
  });
});
