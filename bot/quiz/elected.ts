/**
 * Which process runs the daily-quiz scheduler when several instances share the database (SCHEDULER):
 * - `on`: this one, every minute, as a single instance always did;
 * - `off`: never (an instance that only serves interactions);
 * - `auto`: the holder of the `quiz-scheduler` lease (src/schedule/leader.ts). Every minute each instance
 *   claims or renews it; only the holder runs a pass. A stopped holder releases it, a crashed one loses it
 *   after LEADER_LEASE_MS, and the next instance's claim takes over.
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
  /** Claims or renews the lease (in `auto`), then runs one pass if this instance is the scheduler; true if it ran. */
  tick(): Promise<boolean>;
  stop(): Promise<void>;
}

/** `runner` must have been started without its own cron: this decides when it runs. */
export function startElectedScheduler(runner: QuizRunner, services: BotServices, options: { mode: 'auto' | 'on' | 'off'; cron: boolean }): ElectedScheduler {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = services.logger.child({ component: 'scheduler-election', owner });
  let leader = false;
  let running: Promise<boolean> | null = null;
  let stopped = false;

  const elected = (): boolean => {
    if (options.mode !== 'auto') return options.mode === 'on';
    let holds = false;
    try {
      holds = claimLease(services.db, SCHEDULER_LEASE, owner, services.now());
    } catch (error) {
      log.warn({ err: error }, 'could not claim the scheduler lease'); // busy database: try again next minute
    }
    if (holds !== leader) log.info(holds ? 'this instance runs the quiz scheduler' : 'another instance runs the quiz scheduler');
    leader = holds;
    return holds;
  };

  const tick = async (): Promise<boolean> => {
    if (stopped || !elected()) return false;
    await runner.tick();
    return true;
  };

  let task: ScheduledTask | null = null;
  if (options.cron && options.mode !== 'off') {
    const minute = () => {
      if (stopped) return;
      if (running) return void log.warn('previous quiz tick still running; this minute is skipped');
      running = tick().finally(() => (running = null));
    };
    task = cron.schedule('* * * * *', minute, { name: 'daily-quiz-election' });
    minute(); // catch up at once on start, as a lone instance does
  }

  return {
    owner,
    tick,
    async stop() {
      stopped = true;
      if (task) {
        await task.stop();
        await task.destroy();
        task = null;
      }
      while (running) await running;
      await runner.stop();
      if (leader) {
        try {
          releaseLease(services.db, SCHEDULER_LEASE, owner);
        } catch (error) {
          log.warn({ err: error }, 'could not release the scheduler lease');
        }
      }
    },
  };
}
