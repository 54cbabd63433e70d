import { describe, expect, it } from 'vitest';
import { heatLevel, heatmapSize, renderHeatmap, type HeatmapInput } from '../../src/progress/index.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which must come first. */
function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const base: HeatmapInput = {
  title: 'Maria da Conceição',
  subtitle: '12 respostas nos últimos 6 meses',
  to: '2024-07-06',
  counts: [
    { date: '2024-07-01', answered: 3, correct: 1 },
    { date: '2024-06-12', answered: 1, correct: 1 },
    { date: '2024-02-01', answered: 8, correct: 7 },
  ],
};

describe('renderHeatmap', () => {
  it('returns a PNG of the announced size', async () => {
    const image = await renderHeatmap(base);
    expect(image.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(ihdr(image.png)).toEqual({ width: image.width, height: image.height });
    expect({ width: image.width, height: image.height }).toEqual(heatmapSize(27, true));
    const narrow = await renderHeatmap({ ...base, subtitle: undefined, weeks: 10 });
    expect(ihdr(narrow.png)).toEqual(heatmapSize(10, false));
    expect(narrow.width).toBeLessThan(image.width);
  });

  it('is deterministic, and different data or labels give a different picture', async () => {
    const a = await renderHeatmap(base);
    const again = await renderHeatmap(base);
    expect(again.png.equals(a.png)).toBe(true);
    const moreDays = await renderHeatmap({ ...base, counts: [...base.counts, { date: '2024-05-20', answered: 2, correct: 0 }] });
    expect(moreDays.png.equals(a.png)).toBe(false);
    const byCorrect = await renderHeatmap({ ...base, colorBy: 'correct' });
    expect(byCorrect.png.equals(a.png)).toBe(false);
    const english = await renderHeatmap({ ...base, locale: 'en' });
    expect(english.png.equals(a.png)).toBe(false);
    const otherName = await renderHeatmap({ ...base, title: 'João' });
    expect(otherName.png.equals(a.png)).toBe(false);
  });

  it('levels: none, then four steps relative to the busiest day', () => {
    expect([0, 1, 2, 3, 4, 8].map((v) => heatLevel(v, 8))).toEqual([0, 1, 1, 2, 2, 4]);
    expect(heatLevel(5, 0)).toBe(0);
  });
});
