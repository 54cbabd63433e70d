/** The scheduler's lease: one holder among connections to one file, renewal, expiry hand-over and release. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEADER_LEASE_MS, claimLease, leaseHolder, releaseLease } from '../../src/schedule/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

let temp: TempDb;
beforeEach(() => {
  temp = tempDatabase();
});
afterEach(() => temp.cleanup());

const T0 = Date.UTC(2026, 0, 5, 12, 0);

describe('leader lease', () => {
  it('is held by one process at a time, renewed by its holder, taken over only after it expires', () => {
    const a = temp.open();
    const b = temp.open();
    expect(claimLease(a, 'quiz', 'A', T0)).toBe(true);
    expect(claimLease(b, 'quiz', 'B', T0 + 1000)).toBe(false);
    expect(claimLease(a, 'quiz', 'A', T0 + 60_000)).toBe(true); // renewal pushes the expiry
    expect(leaseHolder(b, 'quiz')).toEqual({ owner: 'A', expiresAt: T0 + 60_000 + LEADER_LEASE_MS });
    expect(claimLease(b, 'quiz', 'B', T0 + LEADER_LEASE_MS + 1000)).toBe(false); // renewed: still A's
    expect(claimLease(b, 'quiz', 'B', T0 + 60_000 + LEADER_LEASE_MS)).toBe(true); // A stopped renewing
    expect(claimLease(a, 'quiz', 'A', T0 + 60_000 + LEADER_LEASE_MS + 1)).toBe(false);
    expect(leaseHolder(a, 'quiz')?.owner).toBe('B');
  });

  it('a released lease goes to the next claimant at once; releasing one held by another does nothing', () => {
    const a = temp.open();
    const b = temp.open();
    expect(claimLease(a, 'quiz', 'A', T0)).toBe(true);
    releaseLease(b, 'quiz', 'B');
    expect(leaseHolder(b, 'quiz')?.owner).toBe('A');
    releaseLease(a, 'quiz', 'A');
    expect(claimLease(b, 'quiz', 'B', T0 + 1)).toBe(true);
  });

  it('leases of different names are independent', () => {
    const db = temp.open();
    expect(claimLease(db, 'quiz', 'A', T0)).toBe(true);
    expect(claimLease(db, 'other', 'B', T0)).toBe(true);
  });
});
