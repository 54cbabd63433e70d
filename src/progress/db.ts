/** The storage interface as the progress module uses it, and the server's time zone (read by several modules). */
import type { Db, Queries } from '../storage/index.ts';

export type { Db, Queries };

/** The server's time zone from its quiz schedule (table owned by src/schedule), UTC without one. */
const ZONE_SQL = 'SELECT timezone FROM quiz_schedules WHERE guild_id = ?';

export async function guildTimeZone(db: Queries, guildId: string): Promise<string> {
  return (await db.get<{ timezone: string }>(ZONE_SQL, [guildId]))?.timezone ?? 'UTC';
}
