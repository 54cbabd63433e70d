/** What every bench part reads the same way: its BENCH_* sizes, and an error as one line of text. */

/** A positive whole number from the environment variable `name`, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  const parsed = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : fallback;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
