/** Per-server desired retention: the probability of recall FSRS schedules each review for. */
import { statementCache, type Db } from '../progress/db.ts';
import { ReviewError } from './errors.ts';

export const MIN_RETENTION = 0.8;
export const MAX_RETENTION = 0.95;
export const DEFAULT_RETENTION = 0.9;

const statements = statementCache((db) => ({
  get: db.prepare<[string], number>('SELECT desired_retention FROM review_settings WHERE guild_id = ?').pluck(),
  set: db.prepare<[string, number, number]>(
    `INSERT INTO review_settings (guild_id, desired_retention, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET desired_retention = excluded.desired_retention, updated_at = excluded.updated_at`,
  ),
}));

export function validRetention(retention: number): number {
  if (!Number.isFinite(retention) || retention < MIN_RETENTION || retention > MAX_RETENTION) {
    throw new ReviewError('invalid_retention', `desired retention ${retention} must be from ${MIN_RETENTION} to ${MAX_RETENTION}`);
  }
  return retention;
}

/** The server's desired retention (DEFAULT_RETENTION until an admin sets one). */
export function getRetention(db: Db, guildId: string): number {
  return statements(db).get.get(guildId) ?? DEFAULT_RETENTION;
}

/** Sets the server's desired retention; throws ReviewError('invalid_retention') outside 0.80..0.95. */
export function setRetention(db: Db, guildId: string, retention: number, at: number = Date.now()): number {
  statements(db).set.run(guildId, validRetention(retention), at);
  return retention;
}
