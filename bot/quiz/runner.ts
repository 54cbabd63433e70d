/**
 * The daily-quiz scheduler's work: ONE pass per minute for every server (no timer per server), started by the
 * elected scheduler (elected.ts, which owns the minute and the lease). Each pass only touches the database, so it takes seconds even for 100,000 servers due at the same minute:
 *   - it claims the posts that are due (exactly once per server and day, a nonce each), committed as QUEUED
 *     claims: no lease is held yet (src/schedule/posts.ts says why);
 *   - it wakes the drain, which does the Discord work at the pace Discord allows, posts first:
 *     1. sends: `pendingSends` leases as many claims as there are free slots (queued claims, and claims whose
 *        lease ran out after a crash, a restart or a transient error: the SAME nonce, so a send that reached
 *        Discord returns the same message), and each is sent at once;
 *     2. reveals of the posts whose window closed (settling streaks, then editing the message), when no send
 *        waits.
 * discord.js paces the requests: it queues them per rate-limit bucket (each channel is its own) and keeps under
 * the global limit (`DISCORD_GLOBAL_RATE_LIMIT`, Discord's 50/s), waiting out any 429's `retry_after`. The
 * drain keeps only IN_FLIGHT requests in that queue, so a leased post waits there a fraction of a second, far
 * from its lease's end, and one channel whose bucket is exhausted holds one slot, not the others' posts.
 * So a minute whose sends take half an hour (100,000 posts at 50/s) has all its claims committed in its first
 * seconds, and the next minutes' passes still run and claim on time (their posts queue behind, in claim order).
 * Each pass also submits the mock exams whose time ran out, so their questions reach /review without a click.
 * Passes never overlap (`pass()` and `tick()` wait for a running one and then run their own), never throw, and one server's failure never touches another's work. A pass returns
 * once its claims are committed, whatever the drain still has to do: only `tick()` (tests, the catch-up at
 * start) waits for the drain to go idle.
 */
import type { Client } from 'discord.js';
import { claimDuePost, findDueGuilds, pendingSends, postsToReveal, type QuizPost } from '../../src/schedule/index.ts';
import { loadExam, submitExpiredExams } from '../../src/exam/index.ts';
import type { BotServices } from '../services.ts';
import { startDrain, type Job } from './drain.ts';
import { announcePause } from './pause-notice.ts';
import { questionPicker, revealPost, sendPost } from './publish.ts';

export interface QuizRunner {
  /** One scheduler pass: claims what is due and wakes the drain; does not wait for the Discord work. */
  pass(): Promise<void>;
  /** One scheduler pass, then waits until the drain's Discord work (sends, reveals, retries) is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Discord calls the scheduler keeps in flight at once. Enough to keep discord.js's queue fed at Discord's global
 * limit (each call is a few ms of work here), small enough that a post leased now is sent within a second.
 */
const IN_FLIGHT = 8;
/** Claims committed between two yields to the event loop, so interactions are served during a large minute. */
const CLAIM_BATCH = 200;
/** More than any realistic minute: every due server is claimed in the pass that finds it due. */
const MAX_DUE_PER_PASS = 1_000_000;

export function startQuizRunner(client: Client, services: BotServices): QuizRunner {
  const { db, logger } = services;
  const log = logger.child({ component: 'quiz-runner' });
  let running: Promise<void> | null = null;
  let stopped = false;

  /** Runs `work` for one server; its failure is logged and stays there. Resolves whether it succeeded. */
  const isolated = async (guildId: string, what: string, work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      log.error({ err: error, guild: guildId }, `${what} failed`);
      return false;
    }
  };

  /** A scheduled send; when it pauses the server, the server is told in a channel the bot can still use. */
  const send = async (post: QuizPost) => {
    const outcome = await sendPost(client, services, post);
    if (outcome.status === 'failed' && outcome.reason !== 'question_missing') await announcePause(client, services, post.guildId, post.channelId, outcome.reason);
  };

  /** Reveals started and not finished: until its flip commits, such a post is still listed by postsToReveal. */
  const revealing = new Set<number>();
  const take = async (free: number): Promise<Job[]> => {
    const now = services.now();
    const jobs: Job[] = (await pendingSends(db, now, { limit: free })).map((post) => () => isolated(post.guildId, 'daily post', () => send(post)));
    if (jobs.length < free) {
      const wanted = free - jobs.length;
      for (const post of await postsToReveal(db, now, wanted + revealing.size)) {
        if (revealing.has(post.id) || jobs.length >= free) continue;
        revealing.add(post.id);
        jobs.push(() => isolated(post.guildId, 'reveal', () => revealPost(client, services, post)).finally(() => revealing.delete(post.id)));
      }
    }
    return jobs;
  };
  const drain = startDrain(IN_FLIGHT, take, (error) => log.error({ err: error }, 'quiz drain failed'));

  const pass = async () => {
    const started = performance.now();
    const now = services.now();
    const picker = questionPicker(services, now);
    const due = await findDueGuilds(db, now, MAX_DUE_PER_PASS);
    let claimed = 0;
    for (let i = 0; i < due.length; i++) {
      const guildId = due[i]!;
      try {
        const outcome = await claimDuePost(db, guildId, now, picker, { queued: true });
        if (outcome.claimed) claimed++;
        else log.debug({ guild: guildId, reason: outcome.reason }, 'nothing to post');
      } catch (error) {
        log.error({ err: error, guild: guildId }, 'daily claim failed');
      }
      if ((i + 1) % CLAIM_BATCH === 0) {
        drain.wake(); // the first posts go out while the rest are claimed
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    drain.wake(); // this pass's claims, retries whose time came, windows that closed
    await isolated('*', 'exam time-out', async () => {
      const submitted = await submitExpiredExams(db, loadExam(), now);
      if (submitted > 0) log.info({ submitted }, 'timed-out exams submitted');
    });
    const ms = Math.round(performance.now() - started);
    if (due.length > 0) log.info({ due: due.length, claimed, ms }, 'quiz tick');
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

  const passOnce = async (): Promise<void> => {
    while (running) await running;
    if (stopped) return;
    await runPass();
  };

  const tick = async (): Promise<void> => {
    await passOnce();
    if (!stopped) await drain.idle();
  };

  return {
    pass: passOnce,
    tick,
    async stop() {
      stopped = true;
      while (running) await running;
      await drain.stop(); // claims not yet leased stay queued in the database for the next start
    },
  };
}
