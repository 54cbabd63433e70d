/** SCHEDULER modes: `on` always runs the pass, `off` never, `auto` only in the lease holder; a stop hands the lease over. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startElectedScheduler } from '../../../bot/quiz/elected.ts';
import type { QuizRunner } from '../../../bot/quiz/runner.ts';
import type { BotServices } from '../../../bot/services.ts';
import { createLogger } from '../../../src/log/index.ts';
import { tempDatabase, type TempDb } from '../../support/temp-db.ts';

let temp: TempDb;
beforeEach(async () => {
  temp = await tempDatabase();
});
afterEach(() => temp.cleanup());

async function instance(mode: 'auto' | 'on' | 'off') {
  const passes = { count: 0 };
  const runner: QuizRunner = { pass: async () => void passes.count++, tick: async () => void passes.count++, stop: async () => undefined };
  const services = { db: await temp.open(), logger: createLogger({ level: 'silent' }), now: () => Date.UTC(2026, 0, 5) } as unknown as BotServices;
  return { passes, scheduler: startElectedScheduler(runner, services, { mode, cron: false }) };
}

describe('elected scheduler', () => {
  it('on runs every time, off never, whatever the lease says', async () => {
    const holder = await instance('auto');
    const on = await instance('on');
    const off = await instance('off');
    expect(await holder.scheduler.tick()).toBe(true);
    expect(await on.scheduler.tick()).toBe(true);
    expect(await off.scheduler.tick()).toBe(false);
    expect([holder.passes.count, on.passes.count, off.passes.count]).toEqual([1, 1, 0]);
  });

  it('auto: only the holder runs; after it stops, the next instance takes over', async () => {
    const a = await instance('auto');
    const b = await instance('auto');
    expect(await a.scheduler.tick()).toBe(true);
    expect(await b.scheduler.tick()).toBe(false);
    expect(await a.scheduler.tick()).toBe(true);
    await a.scheduler.stop();
    expect(await a.scheduler.tick()).toBe(false);
    expect(await b.scheduler.tick()).toBe(true);
    expect([a.passes.count, b.passes.count]).toEqual([2, 1]);
  });
});
