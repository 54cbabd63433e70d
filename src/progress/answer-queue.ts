/**
 * Group commit for daily answers. At 09:00 a whole study group clicks at once; answers that arrive in the same
 * turn of the event loop are recorded in ONE transaction (one WAL commit instead of one each), and every
 * caller's promise settles only after that commit, so a member is still told only about what is on disk.
 */
import Database from 'better-sqlite3';
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
  private stepping = false;
  readonly stats: DailyAnswerQueueStats = { batches: 0, answers: 0, largestBatch: 0, retriedAlone: 0, cardSteps: 0, cardStepBatches: 0, cardStepError: undefined };

  /**
   * `maxBatch` bounds how long one commit keeps the event loop (1,000 answers: tens of milliseconds), and one
   * card-step batch likewise. Steps left pending by a crash are applied from the next turn on.
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
    while (this.stepping || this.scheduled || hasPendingCardSteps(this.db)) {
      if (this.stats.cardStepError !== undefined) throw this.stats.cardStepError;
      this.scheduleCardSteps();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Same contract as recordDailyAnswer; resolves once the answer's transaction has committed. */
  record(input: DailyAnswerInput): Promise<DailyAnswerResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushOneGroup());
      }
    });
  }

  /** Records everything waiting now, in one go (shutdown calls this before closing the database). */
  flush(): void {
    this.scheduled = false;
    while (this.waiting.length > 0) this.recordGroup(this.waiting.splice(0, this.maxBatch));
  }

  /** One group per turn of the event loop, so a burst larger than maxBatch never stalls the loop for all of it. */
  private flushOneGroup(): void {
    this.scheduled = false;
    if (this.waiting.length === 0) return; // flush() got there first
    this.recordGroup(this.waiting.splice(0, this.maxBatch));
    if (this.waiting.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flushOneGroup());
    } else this.scheduleCardSteps();
  }

  /**
   * The card steps of the answers just acknowledged, in a later turn, one bounded batch per turn, and only while
   * no answer waits: a group always goes first, the steps catch up in the quiet after it.
   */
  private scheduleCardSteps(): void {
    if (this.stepping) return;
    this.stepping = true;
    setImmediate(() => this.stepOneBatch());
  }

  private stepOneBatch(): void {
    this.stepping = false;
    if (this.scheduled || this.waiting.length > 0 || !this.db.open) return; // a group's end schedules it again
    try {
      if (!hasPendingCardSteps(this.db)) return;
      this.stats.cardSteps += stepCardBatch(this.db, this.maxBatch);
      this.stats.cardStepBatches += 1;
    } catch (error) {
      // Busy, or closed under us: nothing is lost (the watermark did not move); the next group retries.
      this.stats.cardStepError = error;
      return;
    }
    this.scheduleCardSteps();
  }

  private recordGroup(group: Waiting[]): void {
    let results: DailyAnswerResult[];
    try {
      results = recordDailyAnswers(
        this.db,
        group.map((w) => w.input),
      );
    } catch (error) {
      // The database itself failed (busy past the timeout, disk full): retrying each answer would only wait
      // again, once per answer. Every click of the group gets the error.
      if (isDatabaseWide(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      // One bad answer (an unknown post, a constraint one row broke) rolled the group back: record each alone,
      // so only it fails.
      for (const waiting of group) {
        this.stats.retriedAlone += 1;
        try {
          waiting.resolve(recordDailyAnswer(this.db, waiting.input));
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

/** SQLite result codes that concern the whole database, not one answer (extended codes share the prefix). */
const DATABASE_WIDE = /^SQLITE_(?:BUSY|LOCKED|FULL|IOERR|NOMEM|READONLY|CORRUPT|NOTADB|CANTOPEN|PROTOCOL)(?:_|$)/;

function isDatabaseWide(error: unknown): boolean {
  return error instanceof Database.SqliteError && DATABASE_WIDE.test(error.code);
}
