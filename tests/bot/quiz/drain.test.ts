/** The scheduler's drain (bot/quiz/drain.ts): bounded slots refilled from the source until it is empty. */
import { describe, expect, it } from 'vitest';
import { startDrain, type Job } from '../../../bot/quiz/drain.ts';

/** Lets the drain's asynchronous take and the jobs' callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A job source over `items`; each job waits until the test releases it. */
function source(items: number[]) {
  const queue = [...items];
  const running = new Map<number, (ok: boolean) => void>();
  let most = 0;
  const asked: number[] = [];
  const take = async (free: number): Promise<Job[]> => {
    asked.push(free);
    return queue.splice(0, free).map((item) => () =>
      new Promise<boolean>((resolve) => {
        running.set(item, resolve);
        most = Math.max(most, running.size);
      }),
    );
  };
  const finish = async (item: number, ok = true) => {
    running.get(item)!(ok);
    running.delete(item);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { take, finish, running, asked, most: () => most, left: () => queue.length };
}

describe('drain', () => {
  it('runs at most `slots` jobs, refills a slot as soon as a job ends, and is idle once the source is empty', async () => {
    const s = source([1, 2, 3, 4, 5]);
    const drain = startDrain(2, s.take, (error) => {
      throw error;
    });
    drain.wake();
    await settled();
    expect([...s.running.keys()]).toEqual([1, 2]);
    let idle = false;
    void drain.idle().then(() => (idle = true));
    await s.finish(1);
    expect([...s.running.keys()]).toEqual([2, 3]);
    for (const item of [2, 3, 4, 5]) await s.finish(item);
    expect(idle).toBe(true);
    expect(s.most()).toBe(2);
  });

  it('a failed job leaves its slot empty until the next wake (no spinning on a job that keeps failing)', async () => {
    const s = source([1, 2, 3]);
    const drain = startDrain(1, s.take, () => undefined);
    drain.wake();
    await settled();
    await s.finish(1, false);
    expect(s.running.size).toBe(0);
    expect(s.left()).toBe(2);
    drain.wake();
    await settled();
    expect([...s.running.keys()]).toEqual([2]);
  });

  it('one take at a time: wakes during a slow take never lease more than the free slots', async () => {
    const s = source([1, 2, 3, 4, 5, 6]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const slowTake = async (free: number) => {
      if (first) {
        first = false;
        await gate; // the database is slow to answer the first look
      }
      return s.take(free);
    };
    const drain = startDrain(2, slowTake, (error) => {
      throw error;
    });
    drain.wake();
    drain.wake();
    drain.wake();
    release();
    await settled();
    expect([...s.running.keys()]).toEqual([1, 2]);
    expect(s.asked).toEqual([2]);
    await s.finish(1);
    expect([...s.running.keys()]).toEqual([2, 3]);
    expect(s.most()).toBe(2);
  });

  it('stop takes nothing more and waits for the running jobs', async () => {
    const s = source([1, 2, 3]);
    const drain = startDrain(1, s.take, () => undefined);
    drain.wake();
    await settled();
    let stopped = false;
    void drain.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await s.finish(1);
    expect(stopped).toBe(true);
    expect(s.running.size).toBe(0);
    expect(s.left()).toBe(2);
  });
});
