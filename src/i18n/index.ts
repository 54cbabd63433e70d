/**
 * What users read, in one place per language: pt-BR is the source of truth, English must cover every key.
 * Discord locales starting with "en" get English; everyone else gets Brazilian Portuguese.
 */
import { ptBR, type Messages } from './pt-BR.ts';
import { en } from './en.ts';

export type { Messages };
export { formatNumber, formatPercent } from './numbers.ts';
export type Language = 'pt-BR' | 'en';

const catalogs: Record<Language, Messages> = { 'pt-BR': ptBR, en };

export function languageFor(discordLocale: string | null | undefined): Language {
  return discordLocale?.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

export function messages(language: Language): Messages {
  return catalogs[language];
}

/** For command registration: `{ 'en-US': …, 'en-GB': … }` from the English catalog. */
export function englishLocalizations(text: string): Record<'en-US' | 'en-GB', string> {
  return { 'en-US': text, 'en-GB': text };
}

/** A command's or option's description for registration: pt-BR, with the English text as its localizations. */
export function localizedDescription(pick: (text: Messages) => string): { description: string; description_localizations: Record<'en-US' | 'en-GB', string> } {
  return { description: pick(ptBR), description_localizations: englishLocalizations(pick(en)) };
}

/** An option choice for registration: its pt-BR name, the English one as localizations, and its value. */
export function localizedChoice<V extends string>(
  pick: (text: Messages) => string,
  value: V,
): { name: string; name_localizations: Record<'en-US' | 'en-GB', string>; value: V } {
  return { name: pick(ptBR), name_localizations: englishLocalizations(pick(en)), value };
}
