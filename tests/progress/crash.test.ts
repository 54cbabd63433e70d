/**
 * A process killed with SIGKILL in the middle of a burst of answers loses nothing it acknowledged, and leaves
 * a database (of the test engine) with totals that still add up (each group commit was all-or-nothing); on
 * SQLite the file also passes integrity_check.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { totalsMismatches } from '../../src/progress/index.ts';
import { SqliteDb } from '../../src/storage/index.ts';
import { addPost, column, freshTemp } from './fixture.ts';

describe('crash safety', () => {
  it('every acknowledged answer survives a SIGKILL mid-burst', async () => {
    const temp = await freshTemp('crash');
    const setup = temp.db;
    const far = Date.UTC(2030, 0, 1);
    const postIds: number[] = [];
    for (const seq of [1, 2, 3]) {
      postIds.push(await addPost(setup, { seq, localDate: `2024-01-0${seq}`, claimedAt: Date.UTC(2024, 0, 1), windowClosesAt: far }));
    }
    await setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), temp.target, postIds.join(',')], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: number[] = [];
    const exited = once(child, 'exit');
    // Kill after 1,000 acknowledgements, or 10 s after the first one on a very slow machine.
    let deadline: NodeJS.Timeout | undefined;
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        acknowledged.push(Number(line));
        if (acknowledged.length === 1) deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
        if (acknowledged.length === 1000) child.kill('SIGKILL');
      }
    } finally {
      clearTimeout(deadline);
      child.kill('SIGKILL');
    }
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);

    const db = await temp.open();
    if (db instanceof SqliteDb) expect(db.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(await column<number>(db, 'SELECT id FROM answers'));
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(await totalsMismatches(db, 'g1')).toBe(0);
  }, 90_000);
});
