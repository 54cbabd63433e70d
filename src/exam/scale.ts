/**
 * The scaled score, ESTIMATED. LPI reports 200–800 with a pass at 500 but does not publish how raw answers map
 * onto it. The estimate is piecewise linear: 0 right → the scale's minimum, the assumed pass fraction
 * (data/exam.json `assumedPassFraction`, an assumption, not an LPI figure) → the passing score, all right → the
 * maximum. Monotonic, so more right answers never lower it.
 */
import type { Exam } from './data.ts';

export function estimateScaledScore(exam: Exam, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  const { min, max } = exam.scale;
  const pass = exam.assumedPassFraction;
  // Rounded, but on the right side of the line: a share below the pass fraction never rounds up to a pass.
  if (f >= pass) return Math.max(exam.passingScore, Math.round(exam.passingScore + ((max - exam.passingScore) * (f - pass)) / (1 - pass)));
  return Math.min(exam.passingScore - 1, Math.round(min + ((exam.passingScore - min) * f) / pass));
}

/** Whether an estimated score is at or above the pass line. */
export function passes(exam: Exam, scaled: number): boolean {
  return scaled >= exam.passingScore;
}
