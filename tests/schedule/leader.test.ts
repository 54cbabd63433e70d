/** The scheduler's lease: one holder among connections to one database, renewal, expiry hand-over and release. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEADER_LEASE_MS, claimLease, leaseHolder, releaseLease } from '../../src/schedule/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

let temp: TempDb;
beforeEach(async () => {
  temp = await tempDatabase();
});
afterEach(() => temp.cleanup());

const T0 = Date.UTC(2026, 0, 5, 12, 0);

describe('leader lease', () => {
  it('is held by one process at a time, renewed by its holder, taken over only after it expires', async () => {
    const a = await temp.open();
    const b = await temp.open();
    expect(await claimLease(a, 'quiz', 'A', T0)).toBe(true);
    expect(await claimLease(b, 'quiz', 'B', T0 + 1000)).toBe(false);
    expect(await claimLease(a, 'quiz', 'A', T0 + 60_000)).toBe(true); // renewal pushes the expiry
    expect(await leaseHolder(b, 'quiz')).toEqual({ owner: 'A', expiresAt: T0 + 60_000 + LEADER_LEASE_MS });
    expect(await claimLease(b, 'quiz', 'B', T0 + LEADER_LEASE_MS + 1000)).toBe(false); // renewed: still A's
    expect(await claimLease(b, 'quiz', 'B', T0 + 60_000 + LEADER_LEASE_MS)).toBe(true); // A stopped renewing
    expect(await claimLease(a, 'quiz', 'A', T0 + 60_000 + LEADER_LEASE_MS + 1)).toBe(false);
    expect((await leaseHolder(a, 'quiz'))?.owner).toBe('B');
  });

  it('a released lease goes to the next claimant at once; releasing one held by another does nothing', async () => {
    const a = await temp.open();
    const b = await temp.open();
    expect(await claimLease(a, 'quiz', 'A', T0)).toBe(true);
    await releaseLease(b, 'quiz', 'B');
    expect((await leaseHolder(b, 'quiz'))?.owner).toBe('A');
    await releaseLease(a, 'quiz', 'A');
    expect(await claimLease(b, 'quiz', 'B', T0 + 1)).toBe(true);
  });

  it('claimed by many connections at the same instant: exactly one holds it', async () => {
    const connections = await Promise.all(Array.from({ length: 6 }, () => temp.open()));
    const won = await Promise.all(connections.map((db, i) => claimLease(db, 'quiz', `P${i}`, T0)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await leaseHolder(temp.db, 'quiz'))?.owner).toBe(`P${won.indexOf(true)}`);
  });

  it('leases of different names are independent', async () => {
    const db = await temp.open();
    expect(await claimLease(db, 'quiz', 'A', T0)).toBe(true);
    expect(await claimLease(db, 'other', 'B', T0)).toBe(true);
  });
});
