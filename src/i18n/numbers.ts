/**
 * Every number and percentage the bot shows, in the reader's language: "71,4%" and "1.234" in pt-BR,
 * "71.4%" and "1,234" in English. Catalogs and commands both format through here, never with template literals.
 */
import type { Language } from './index.ts';

const formats = new Map<string, Intl.NumberFormat>();

function format(language: Language, style: 'decimal' | 'percent', maxFractionDigits: number): Intl.NumberFormat {
  const key = `${language}|${style}|${maxFractionDigits}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.NumberFormat(language, { style, maximumFractionDigits: maxFractionDigits });
    formats.set(key, found);
  }
  return found;
}

/** A count or a score: grouped thousands, at most `maxFractionDigits` decimals (default none). */
export function formatNumber(value: number, language: Language, maxFractionDigits = 0): string {
  return format(language, 'decimal', maxFractionDigits).format(value);
}

/** A share from 0 to 1 as a percentage with at most one decimal ("71,4%"); null (no answers yet) is "—". */
export function formatPercent(ratio: number | null, language: Language, maxFractionDigits = 1): string {
  return ratio === null ? '—' : format(language, 'percent', maxFractionDigits).format(ratio);
}
