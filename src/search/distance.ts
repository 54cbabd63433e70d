/**
 * Bounded edit distances (optimal string alignment: insert, delete, substitute, swap two adjacent
 * characters — each costs 1). Both give up early and return `max + 1` once the distance must exceed
 * `max`, which keeps typo correction cheap.
 */

// Reused rows: the engine is synchronous, so one set of buffers is enough.
let prev2 = new Int32Array(64);
let prev = new Int32Array(64);
let curr = new Int32Array(64);

function ensure(size: number): void {
  if (curr.length >= size) return;
  const n = Math.max(size, curr.length * 2);
  prev2 = new Int32Array(n);
  prev = new Int32Array(n);
  curr = new Int32Array(n);
}

/**
 * Runs the OSA dynamic programme of `a` against the first `m` characters of `b`, leaving the last row in `prev`.
 * Returns false as soon as a whole row exceeds `max` (no cell can come back under it).
 */
function fillRows(a: string, b: string, m: number, max: number): boolean {
  const n = a.length;
  ensure(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      curr[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return false;
    const t = prev2;
    prev2 = prev;
    prev = curr;
    curr = t;
  }
  return true;
}

/** Edit distance between `a` and `b`, or `max + 1` when it exceeds `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m <= max ? m : max + 1;
  if (m === 0) return n <= max ? n : max + 1;
  if (!fillRows(a, b, m, max)) return max + 1;
  const result = prev[m]!;
  return result <= max ? result : max + 1;
}

/**
 * Distance between `prefix` and the closest prefix of `word` ("hiperv" → "hypervisor" is 1),
 * or `max + 1` when it exceeds `max`.
 */
export function boundedPrefixDistance(prefix: string, word: string, max: number): number {
  const n = prefix.length;
  if (n === 0) return 0;
  const m = Math.min(word.length, n + max);
  if (n - m > max) return max + 1;
  if (!fillRows(prefix, word, m, max)) return max + 1;
  let best = max + 1;
  for (let j = 0; j <= m; j++) if (prev[j]! < best) best = prev[j]!;
  return best;
}

/**
 * How many edits a typed word of this length may carry and still count as that word.
 * Short words must be exact: at 4 letters one edit already reaches too many other words
 * ("bolo" → "bloco"); 5–7 letters allow one edit, 8 and more allow two.
 */
export function editBudget(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  return 2;
}
