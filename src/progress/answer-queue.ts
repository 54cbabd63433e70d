/**
 * Group commit for daily answers. At 09:00 a whole study group clicks at once; answers that arrive together are
 * recorded in ONE transaction (one commit instead of one each), and every caller's promise settles only after
 * that commit, so a member is still told only about what is stored. One group is in flight at a time: answers
 * arriving meanwhile (one turn of the event loop or several) make the next group, committed after it.
 */
import { isDatabaseWide } from '../storage/index.ts';
import type { Db } from './db.ts';
import { hasPendingCardSteps, stepCardBatch } from './card-steps.ts';
import { recordDailyAnswer, recordDailyAnswers, type DailyAnswerInput, type DailyAnswerResult } from './record.ts';

interface Waiting {
  input: DailyAnswerInput;
  resolve: (result: DailyAnswerResult) => void;
  reject: (error: unknown) => void;
}

export interface DailyAnswerQueueStats {
  /** Transactions that recorded a group of answers. */
  batches: number;
  answers: number;
  largestBatch: number;
  /** Answers recorded (or failed) one by one after their group rolled back because of one of them. */
  retriedAlone: number;
  /** Card steps of daily answers applied by the stepper, and its transactions. */
  cardSteps: number;
  cardStepBatches: number;
  /** The last stepper failure (it retries after the next group, and readers settle the steps themselves). */
  cardStepError: unknown;
}

export const DEFAULT_MAX_BATCH = 1000;

export class DailyAnswerQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;
  /** The group whose transaction is open; the next one starts after it settles. */
  private inFlight: Promise<void> | undefined;
  private stepping = false;
  readonly stats: DailyAnswerQueueStats = { batches: 0, answers: 0, largestBatch: 0, retriedAlone: 0, cardSteps: 0, cardStepBatches: 0, cardStepError: undefined };

  /**
   * `maxBatch` bounds one commit (1,000 answers: tens of milliseconds), and one card-step batch likewise.
   * Steps left pending by a crash are applied from the next turn on.
   */
  constructor(
    private readonly db: Db,
    readonly maxBatch = DEFAULT_MAX_BATCH,
  ) {
    this.scheduleCardSteps();
  }

  /** Resolves once no daily answer's card step is pending (tests, the bench; readers call settleCardSteps). */
  async cardStepsIdle(): Promise<void> {
    this.stats.cardStepError = undefined;
    while (this.stepping || this.scheduled || this.inFlight || (await hasPendingCardSteps(this.db))) {
      if (this.stats.cardStepError !== undefined) throw this.stats.cardStepError;
      this.scheduleCardSteps();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Same contract as recordDailyAnswer; resolves once the answer's transaction has committed. */
  record(input: DailyAnswerInput): Promise<DailyAnswerResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Records everything waiting, including what arrives while it runs (shutdown calls this before closing the database). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.waiting.length > 0) await this.startGroup();
      else return;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return; // the group in flight schedules the next one when it ends
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.inFlight && this.waiting.length > 0) void this.startGroup();
    });
  }

  /** One group; when it has committed, the next (answers that arrived meanwhile) in a later turn. */
  private startGroup(): Promise<void> {
    const group = this.waiting.splice(0, this.maxBatch);
    const done = this.recordGroup(group).finally(() => {
      this.inFlight = undefined;
      if (this.waiting.length > 0) this.schedule();
      else this.scheduleCardSteps();
    });
    this.inFlight = done;
    return done;
  }

  /**
   * The card steps of the answers just acknowledged, in a later turn, one bounded batch at a time, and only while
   * no answer waits: a group always goes first, the steps catch up in the quiet after it.
   */
  private scheduleCardSteps(): void {
    if (this.stepping) return;
    this.stepping = true;
    setImmediate(() => void this.stepOneBatch());
  }

  private async stepOneBatch(): Promise<void> {
    if (this.scheduled || this.inFlight || this.waiting.length > 0 || !this.db.open) {
      this.stepping = false; // a group's end schedules it again
      return;
    }
    try {
      if (!(await hasPendingCardSteps(this.db))) {
        this.stepping = false;
        return;
      }
      this.stats.cardSteps += await stepCardBatch(this.db, this.maxBatch);
      this.stats.cardStepBatches += 1;
    } catch (error) {
      // Busy, or closed under us: nothing is lost (the watermark did not move); the next group retries.
      this.stats.cardStepError = error;
      this.stepping = false;
      return;
    }
    this.stepping = false;
    this.scheduleCardSteps();
  }

  private async recordGroup(group: Waiting[]): Promise<void> {
    let results: DailyAnswerResult[];
    try {
      results = await recordDailyAnswers(
        this.db,
        group.map((w) => w.input),
      );
    } catch (error) {
      // The database itself failed (busy past the timeout, disk full, unreachable): retrying each answer would
      // only wait again, once per answer. Every click of the group gets the error.
      if (isDatabaseWide(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      // One bad answer (an unknown post, a constraint one row broke) rolled the group back: record each alone,
      // so only it fails.
      for (const waiting of group) {
        this.stats.retriedAlone += 1;
        try {
          waiting.resolve(await recordDailyAnswer(this.db, waiting.input));
        } catch (error) {
          waiting.reject(error);
        }
      }
      return;
    }
    this.stats.batches += 1;
    this.stats.answers += group.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, group.length);
    group.forEach((waiting, i) => waiting.resolve(results[i]!));
  }
}
