/**
 * A process killed with SIGKILL in the middle of a burst of answers loses nothing it acknowledged, and leaves
 * a database that passes integrity_check with totals that still add up (each group commit was all-or-nothing).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { totalsMismatches } from '../../src/progress/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { addPost } from './fixture.ts';

describe('crash safety', () => {
  it('every acknowledged answer survives a SIGKILL mid-burst', async () => {
    const path = join(tempDir('crash-'), 'crash.sqlite');
    const setup = openDatabase(path);
    const far = Date.UTC(2030, 0, 1);
    const postIds = [1, 2, 3].map((seq) =>
      addPost(setup, { seq, localDate: `2024-01-0${seq}`, claimedAt: Date.UTC(2024, 0, 1), windowClosesAt: far }),
    );
    setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), path, postIds.join(',')], {
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

    const db = openDatabase(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(db.prepare('SELECT id FROM answers').pluck().all() as number[]);
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(totalsMismatches(db, 'g1')).toBe(0);
    db.close();
  }, 90_000);
});
