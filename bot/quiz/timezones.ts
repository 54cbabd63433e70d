/** Autocomplete for the `timezone` option: IANA names filtered by the typed text, folded (case, accents, `_`). */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { cutText } from '../../src/format/text.ts';

/** Shown first (and when nothing is typed): the zones a Brazilian / Portuguese-speaking group most likely uses. */
const POPULAR = [
  'America/Sao_Paulo', 'America/Manaus', 'America/Fortaleza', 'America/Recife', 'America/Bahia', 'America/Belem',
  'America/Cuiaba', 'America/Campo_Grande', 'America/Porto_Velho', 'America/Boa_Vista', 'America/Rio_Branco',
  'America/Noronha', 'Europe/Lisbon', 'Atlantic/Azores', 'Africa/Luanda', 'Africa/Maputo', 'America/New_York',
  'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'UTC',
];

const ALL = [...new Set([...POPULAR, ...Intl.supportedValuesOf('timeZone'), 'UTC'])];
const FOLDED = new Map(ALL.map((zone) => [zone, fold(zone)]));
const POPULAR_RANK = new Map(POPULAR.map((zone, i) => [zone, i]));

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[_\s]+/g, ' ').trim();
}

/** 0: the city starts with it; 1: a part starts with it; 2: it appears somewhere; null: no match. */
function score(folded: string, query: string): number | null {
  const parts = folded.split('/');
  if (parts[parts.length - 1]!.startsWith(query)) return 0;
  if (parts.some((part) => part.startsWith(query)) || folded.startsWith(query)) return 1;
  return folded.includes(query) ? 2 : null;
}

export function timezoneChoices(typed: string, limit = 25): ApplicationCommandOptionChoiceData<string>[] {
  const query = fold(cutText(typed, 100));
  const ranked = query
    ? ALL.flatMap((zone) => {
        const s = score(FOLDED.get(zone)!, query);
        return s === null ? [] : [{ zone, s }];
      }).sort(
        (a, b) =>
          a.s - b.s ||
          (POPULAR_RANK.get(a.zone) ?? Infinity) - (POPULAR_RANK.get(b.zone) ?? Infinity) ||
          a.zone.localeCompare(b.zone),
      )
    : POPULAR.map((zone) => ({ zone, s: 0 }));
  return ranked.slice(0, Math.min(limit, 25)).map(({ zone }) => ({ name: zone, value: zone }));
}
