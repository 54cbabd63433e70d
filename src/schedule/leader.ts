/**
 * "The one scheduler" among several bot instances sharing the database: a lease row per job, claimed and
 * renewed in one atomic upsert. The daily-post claims are already exactly-once, so the lease is an economy
 * (one process calling Discord for the scheduler, not N competing for the same rate limits), not what keeps
 * a post from going out twice.
 */
import { statementCache, type Db } from './db.ts';

/** The scheduler renews every minute; a lease outlives one missed renewal, so a busy minute does not hand it over. */
export const LEADER_LEASE_MS = 150_000;

const statements = statementCache((db: Db) => ({
  // Takes the lease when free, expired or already ours; otherwise changes nothing.
  claim: db.prepare<[{ name: string; owner: string; expiresAt: number; now: number }]>(
    `INSERT INTO leader_lease (name, owner, expires_at) VALUES (@name, @owner, @expiresAt)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE leader_lease.owner = excluded.owner OR leader_lease.expires_at <= @now`,
  ),
  release: db.prepare<[string, string]>('DELETE FROM leader_lease WHERE name = ? AND owner = ?'),
  holder: db.prepare<[string], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM leader_lease WHERE name = ?'),
}));

/** Claims or renews `name` for `owner` until `now + ttlMs`; true when `owner` holds it afterwards. */
export function claimLease(db: Db, name: string, owner: string, now: number, ttlMs = LEADER_LEASE_MS): boolean {
  return statements(db).claim.run({ name, owner, expiresAt: now + ttlMs, now }).changes === 1;
}

/** Gives the lease up (a clean stop), so another instance takes over at its next claim instead of after the expiry. */
export function releaseLease(db: Db, name: string, owner: string): void {
  statements(db).release.run(name, owner);
}

export function leaseHolder(db: Db, name: string): { owner: string; expiresAt: number } | undefined {
  const row = statements(db).holder.get(name);
  return row ? { owner: row.owner, expiresAt: row.expires_at } : undefined;
}
