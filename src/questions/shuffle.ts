/** The one Fisher–Yates shuffle of the project (option orders, exam draws). */
import { randomInt } from 'node:crypto';

/**
 * Shuffles `items` in place into a uniformly random permutation and returns it. Crypto randomness by default;
 * tests and the CLI's --seed pass `random` (uniform numbers in [0, 1)).
 */
export function shuffleInPlace<T>(items: T[], random?: () => number): T[] {
  const below = random ? (n: number) => Math.min(n - 1, Math.floor(random() * n)) : (n: number) => randomInt(n);
  for (let i = items.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
