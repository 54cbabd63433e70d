/** The first instant of a local calendar day in an IANA zone, through the schedule's one local → instant conversion. */
import { IANAZone } from 'luxon';
import { localToInstant } from '../schedule/index.ts';
import { ReviewError } from './errors.ts';

const MIDNIGHT = { hour: 0, minute: 0 };

/**
 * Local midnight of `localDate` (YYYY-MM-DD) in `timezone`. Where midnight does not exist (a zone whose clocks
 * jumped at 00:00, as São Paulo's did until 2019), the first instant of the day: the end of the gap.
 */
export function startOfLocalDay(localDate: string, timezone: string): number {
  if (!IANAZone.isValidZone(timezone)) throw new ReviewError('invalid_timezone', `"${timezone}" is not an IANA timezone name`);
  if (!isCalendarDate(localDate)) throw new RangeError(`"${localDate}" is not a date (YYYY-MM-DD)`);
  return localToInstant(localDate, MIDNIGHT, timezone);
}

/** "YYYY-MM-DD" naming a real day (no 2024-02-30): localToInstant itself does not check. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
