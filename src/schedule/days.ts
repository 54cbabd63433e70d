/**
 * Weekdays as an admin types them in `/quiz setup days:`: "todos" / "all", "seg-sex" / "mon-fri", "seg,qua,sex",
 * "1-5", "dias úteis" / "weekdays", "fim de semana" / "weekend". Ranges may wrap ("sex-seg" = Fri, Sat, Sun, Mon).
 * Returns the days mask (bit 0 = Monday); throws ScheduleError('invalid_days').
 */
import { ScheduleError } from './errors.ts';
import { ALL_DAYS_MASK, parseDays } from './time.ts';

// A Map, not an object literal: typed text such as "constructor" or "__proto__" must not find Object's properties.
const WORDS: ReadonlyMap<string, number> = new Map([
  ['todos', ALL_DAYS_MASK], ['todos os dias', ALL_DAYS_MASK], ['todo dia', ALL_DAYS_MASK], ['diario', ALL_DAYS_MASK],
  ['all', ALL_DAYS_MASK], ['every day', ALL_DAYS_MASK], ['everyday', ALL_DAYS_MASK], ['daily', ALL_DAYS_MASK], ['*', ALL_DAYS_MASK],
  ['dias uteis', 0b0011111], ['weekdays', 0b0011111],
  ['fim de semana', 0b1100000], ['fins de semana', 0b1100000], ['weekend', 0b1100000], ['weekends', 0b1100000],
]);

function weekdayNumber(token: string): number {
  return Math.log2(parseDays([/^\d$/.test(token) ? Number(token) : token])) + 1;
}

export function parseDayList(text: string): number {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/-?feira/g, '')
    .replace(/\s*[-–]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const word = WORDS.get(folded);
  if (word !== undefined) return word;
  const tokens = folded.split(/[\s,;/]+/).filter(Boolean);
  if (tokens.length === 0) throw new ScheduleError('invalid_days', 'no weekday given');
  let mask = 0;
  for (const token of tokens) {
    const range = token.split('-');
    if (range.length > 2 || range.some((part) => part === '')) throw new ScheduleError('invalid_days', `"${token}" is not a weekday or a range of weekdays`);
    const from = weekdayNumber(range[0]!);
    const to = weekdayNumber(range[range.length - 1]!);
    for (let day = from; ; day = (day % 7) + 1) {
      mask |= 1 << (day - 1);
      if (day === to) break;
    }
  }
  return mask;
}
