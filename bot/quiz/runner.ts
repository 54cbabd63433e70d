/**
 * The daily-quiz scheduler: ONE cron task per minute for every server (no timer per server). Each pass:
 *   1. reveals the posts whose window closed (settling streaks, then editing the message);
 *   2. claims and sends the posts that are due (claim committed before the send, nonce on the send);
 *   3. retries claimed posts whose lease ran out (crash, restart, transient error) with the SAME nonce.
 * Passes never overlap (a cron minute that finds one still running is skipped; `tick()` waits for it and
 * then runs its own), never throw, and one server's failure never touches another's work.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Client } from 'discord.js';
import { claimDuePost, findDueGuilds, pendingSends, postsToReveal, type QuizPost } from '../../src/schedule/index.ts';
import { loadExam, submitExpiredExams } from '../../src/exam/index.ts';
import type { BotServices } from '../services.ts';
import { announcePause } from './pause-notice.ts';
import { questionPicker, revealPost, sendPost } from './publish.ts';

export interface QuizRunner {
  /** One scheduler pass: reveal closed windows, post due questions, retry pending sends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Discord calls in flight at once during a pass (each server's channel is its own rate-limit bucket). */
const CONCURRENCY = 8;

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function startQuizRunner(client: Client, services: BotServices, options: { cron: boolean }): QuizRunner {
  const { db, logger } = services;
  const log = logger.child({ component: 'quiz-runner' });
  let running: Promise<void> | null = null;
  let stopped = false;

  /** Runs `work` for one server; its failure is logged and stays there. */
  const isolated = async (guildId: string, what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      log.error({ err: error, guild: guildId }, `${what} failed`);
    }
  };

  /** A scheduled send; when it pauses the server, the server is told in a channel the bot can still use. */
  const send = async (post: QuizPost) => {
    const outcome = await sendPost(client, services, post);
    if (outcome.status === 'failed' && outcome.reason !== 'question_missing') await announcePause(client, services, post.guildId, post.channelId, outcome.reason);
  };

  const pass = async () => {
    const started = performance.now();
    const now = services.now();
    const toReveal = postsToReveal(db, now);
    await forEachLimited(toReveal, CONCURRENCY, (post) => isolated(post.guildId, 'reveal', () => revealPost(client, services, post)));

    const due = findDueGuilds(db, now);
    const picker = questionPicker(services, now);
    await forEachLimited(due, CONCURRENCY, (guildId) =>
      isolated(guildId, 'daily post', async () => {
        const outcome = claimDuePost(db, guildId, now, picker);
        if (outcome.claimed) await send(outcome.post);
        else log.debug({ guild: guildId, reason: outcome.reason }, 'nothing to post');
      }),
    );

    const retries = pendingSends(db, services.now());
    await forEachLimited(retries, CONCURRENCY, (post) => isolated(post.guildId, 'retry', () => send(post)));

    // Mock exams whose time ran out: submitted now, so their questions reach /review without waiting for a click.
    await isolated('*', 'exam time-out', async () => {
      const submitted = submitExpiredExams(db, loadExam(), now);
      if (submitted > 0) log.info({ submitted }, 'timed-out exams submitted');
    });
    const ms = Math.round(performance.now() - started);
    if (toReveal.length + due.length + retries.length > 0) {
      log.info({ revealed: toReveal.length, due: due.length, retried: retries.length, ms }, 'quiz tick');
    }
  };

  const runPass = (): Promise<void> => {
    const current = pass()
      .catch((error: unknown) => log.error({ err: error }, 'quiz tick failed'))
      .finally(() => {
        if (running === current) running = null;
      });
    running = current;
    return current;
  };

  const tick = async (): Promise<void> => {
    while (running) await running;
    if (!stopped) await runPass();
  };

  let task: ScheduledTask | null = null;
  if (options.cron) {
    task = cron.schedule(
      '* * * * *',
      () => {
        if (stopped) return;
        if (running) log.warn('previous quiz tick still running; this minute is skipped');
        else void runPass();
      },
      { name: 'daily-quiz' },
    );
    // Catch up at once on start (posts due while the bot was down, windows that closed meanwhile).
    void tick();
  }

  return {
    tick,
    async stop() {
      stopped = true;
      if (task) {
        await task.stop();
        await task.destroy();
        task = null;
      }
      while (running) await running;
    },
  };
}
