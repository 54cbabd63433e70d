/** Per-server desired retention: the probability of recall FSRS schedules each review for. */
import type { Queries } from '../storage/index.ts';
import { ReviewError } from './errors.ts';

export const MIN_RETENTION = 0.8;
export const MAX_RETENTION = 0.95;
export const DEFAULT_RETENTION = 0.9;

const GET_RETENTION = 'SELECT desired_retention FROM review_settings WHERE guild_id = ?';
const SET_RETENTION = `INSERT INTO review_settings (guild_id, desired_retention, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET desired_retention = excluded.desired_retention, updated_at = excluded.updated_at`;

export function validRetention(retention: number): number {
  if (!Number.isFinite(retention) || retention < MIN_RETENTION || retention > MAX_RETENTION) {
    throw new ReviewError('invalid_retention', `desired retention ${retention} must be from ${MIN_RETENTION} to ${MAX_RETENTION}`);
  }
  return retention;
}

/** The server's desired retention (DEFAULT_RETENTION until an admin sets one). */
export async function getRetention(db: Queries, guildId: string): Promise<number> {
  return (await db.get<{ desired_retention: number }>(GET_RETENTION, [guildId]))?.desired_retention ?? DEFAULT_RETENTION;
}

/** Sets the server's desired retention; throws ReviewError('invalid_retention') outside 0.80..0.95. */
export async function setRetention(db: Queries, guildId: string, retention: number, at: number = Date.now()): Promise<number> {
  await db.run(SET_RETENTION, [guildId, validRetention(retention), at]);
  return retention;
}
