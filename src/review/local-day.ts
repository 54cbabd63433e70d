/** The first instant of a local calendar day in an IANA zone (DST-aware, luxon). */
import { DateTime, IANAZone } from 'luxon';
import { ReviewError } from './errors.ts';

/**
 * Local midnight of `localDate` (YYYY-MM-DD) in `timezone`. Where midnight does not exist (a zone whose clocks
 * jumped at 00:00, as São Paulo's did until 2019), the first instant of the day: the end of the gap.
 */
export function startOfLocalDay(localDate: string, timezone: string): number {
  if (!IANAZone.isValidZone(timezone)) throw new ReviewError('invalid_timezone', `"${timezone}" is not an IANA timezone name`);
  const start = DateTime.fromISO(localDate, { zone: timezone }).startOf('day');
  if (!start.isValid) throw new RangeError(`"${localDate}" is not a date (YYYY-MM-DD)`);
  return start.toMillis();
}
