/**
 * "The one scheduler" among several bot instances sharing the database: a lease row per job, claimed and
 * renewed in one atomic upsert. The daily-post claims are already exactly-once, so the lease is an economy
 * (one process calling Discord for the scheduler, not N competing for the same rate limits), not what keeps
 * a post from going out twice.
 */
import type { Queries } from './db.ts';

/** The scheduler renews every minute; a lease outlives one missed renewal, so a busy minute does not hand it over. */
export const LEADER_LEASE_MS = 150_000;

const SQL = {
  // Takes the lease when free, expired or already ours; otherwise changes nothing. One statement, so it is
  // atomic on both engines (PostgreSQL's ON CONFLICT locks the row it checks the WHERE against).
  claim: `INSERT INTO leader_lease (name, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE leader_lease.owner = excluded.owner OR leader_lease.expires_at <= ?`,
  release: 'DELETE FROM leader_lease WHERE name = ? AND owner = ?',
  holder: 'SELECT owner, expires_at FROM leader_lease WHERE name = ?',
} as const;

/** Claims or renews `name` for `owner` until `now + ttlMs`; true when `owner` holds it afterwards. */
export async function claimLease(db: Queries, name: string, owner: string, now: number, ttlMs = LEADER_LEASE_MS): Promise<boolean> {
  return (await db.run(SQL.claim, [name, owner, now + ttlMs, now])).changes === 1;
}

/** Gives the lease up (a clean stop), so another instance takes over at its next claim instead of after the expiry. */
export async function releaseLease(db: Queries, name: string, owner: string): Promise<void> {
  await db.run(SQL.release, [name, owner]);
}

export async function leaseHolder(db: Queries, name: string): Promise<{ owner: string; expiresAt: number } | undefined> {
  const row = await db.get<{ owner: string; expires_at: number }>(SQL.holder, [name]);
  return row ? { owner: row.owner, expiresAt: row.expires_at } : undefined;
}
