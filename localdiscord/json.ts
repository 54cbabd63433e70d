/** Tiny helpers for inspecting untrusted JSON bodies. */

export type JsonRecord = Record<string, unknown>;
export type Path = ReadonlyArray<string | number>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
