/**
 * Which process runs the daily-quiz scheduler when several instances share the database (SCHEDULER):
 * - `on`: this one, every minute, as a single instance always did;
 * - `off`: never (an instance that only serves interactions);
 * - `auto`: the holder of the `quiz-scheduler` lease (src/schedule/leader.ts). Every minute each instance
 *   claims or renews it; only the holder runs a pass. A stopped holder releases it, a crashed one loses it
 *   after LEADER_LEASE_MS, and the next instance's claim takes over.
 * Each minute renews the lease first and then only starts a pass (claims, a few seconds) without waiting for the
 * drain's Discord work, which can take half an hour on a large minute: the lease never lapses during a long
 * drain (a second scheduler would share the rate-limit budget), and the next minute's claims are on time.
 * The claims are exactly-once whatever this decides (two schedulers post nothing twice); one scheduler saves
 * the duplicate Discord calls and rate-limit budget.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import { claimLease, releaseLease } from '../../src/schedule/index.ts';
import type { BotServices } from '../services.ts';
import type { QuizRunner } from './runner.ts';

export const SCHEDULER_LEASE = 'quiz-scheduler';

export interface ElectedScheduler {
  /** This instance's id in the lease table. */
  readonly owner: string;
  /**
   * What the cron runs each minute: claims or renews the lease (in `auto`), then, if this instance is the
   * scheduler and no pass is still running, one pass (claims, no wait for the drain). True if this instance is the scheduler.
   */
  minute(): Promise<boolean>;
  /** For tests: claims or renews the lease, then one pass and its Discord work if this instance is the scheduler; true if it ran. */
  tick(): Promise<boolean>;
  stop(): Promise<void>;
}

/** The runner has no clock of its own: this decides when it runs. */
export function startElectedScheduler(runner: QuizRunner, services: BotServices, options: { mode: 'auto' | 'on' | 'off'; cron: boolean }): ElectedScheduler {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = services.logger.child({ component: 'scheduler-election', owner });
  let leader = false;
  let running: Promise<void> | null = null;
  let stopped = false;

  // A claim in flight when stop() runs: stop waits for it, then releases what it took (never a dead owner's lease).
  let claiming: Promise<boolean> | null = null;
  const claim = async (): Promise<boolean> => {
    let holds = false;
    try {
      holds = await claimLease(services.db, SCHEDULER_LEASE, owner, services.now());
    } catch (error) {
      log.warn({ err: error }, 'could not claim the scheduler lease'); // busy database: try again next minute
    }
    if (holds !== leader) log.info(holds ? 'this instance runs the quiz scheduler' : 'another instance runs the quiz scheduler');
    leader = holds;
    return holds;
  };
  const elected = async (): Promise<boolean> => {
    if (options.mode !== 'auto') return options.mode === 'on';
    if (stopped) return false;
    const current = claim();
    claiming = current;
    try {
      return (await current) && !stopped;
    } finally {
      if (claiming === current) claiming = null;
    }
  };

  const tick = async (): Promise<boolean> => {
    if (stopped || !(await elected())) return false;
    await runner.tick();
    return true;
  };

  // The lease is renewed every minute, even when the previous pass has not finished its claims.
  const minute = async (): Promise<boolean> => {
    if (stopped || !(await elected())) return false;
    if (running) {
      log.warn('previous quiz pass still claiming; this minute is skipped');
      return true;
    }
    const current = runner.pass().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    await current;
    return true;
  };

  let task: ScheduledTask | null = null;
  if (options.cron && options.mode !== 'off') {
    const everyMinute = () => void minute();
    task = cron.schedule('* * * * *', everyMinute, { name: 'daily-quiz-election' });
    everyMinute(); // catch up at once on start, as a lone instance does
  }

  return {
    owner,
    minute,
    tick,
    async stop() {
      stopped = true;
      if (task) {
        await task.stop();
        await task.destroy();
        task = null;
      }
      while (running) await running;
      while (claiming) await claiming;
      await runner.stop();
      if (leader) {
        try {
          await releaseLease(services.db, SCHEDULER_LEASE, owner);
        } catch (error) {
          log.warn({ err: error }, 'could not release the scheduler lease');
        }
      }
    },
  };
}
