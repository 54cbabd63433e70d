/**
 * What the schedule bench's claimers share (bench/schedule.ts in-process, bench/schedule-claimer.ts in child
 * processes): the bot's question picker, one scheduler pass over a list of due servers as bot/quiz/runner.ts
 * runs it, and a Db wrapper that counts how often each transaction's work ran, so the retries the PostgreSQL
 * engine makes after a serialization failure (it runs the whole transaction again) show in the figures.
 */
import { newOrder } from '../bot/quiz/shown.ts';
import { pickQuestion, type QuestionBank } from '../src/questions/index.ts';
import { claimDuePost, type QuestionPicker } from '../src/schedule/index.ts';
import type { Db, Queries, RunResult, Sql, SqlParam } from '../src/storage/index.ts';

/** A Db that delegates everything and counts top-level transactions and the runs of their work. */
export class CountingDb implements Db {
  /** Top-level transaction calls. */
  transactions = 0;
  /** Runs of those transactions' work: more than `transactions` when the engine retried some. */
  attempts = 0;

  constructor(readonly inner: Db) {}

  get dialect() {
    return this.inner.dialect;
  }
  get name() {
    return this.inner.name;
  }
  get open() {
    return this.inner.open;
  }
  get inTransaction() {
    return this.inner.inTransaction;
  }
  /** Runs retried by the engine. */
  get retries(): number {
    return this.attempts - this.transactions;
  }
  all<Row>(sql: Sql, params?: readonly SqlParam[]): Promise<Row[]> {
    return this.inner.all<Row>(sql, params);
  }
  get<Row>(sql: Sql, params?: readonly SqlParam[]): Promise<Row | undefined> {
    return this.inner.get<Row>(sql, params);
  }
  run(sql: Sql, params?: readonly SqlParam[]): Promise<RunResult> {
    return this.inner.run(sql, params);
  }
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    // A nested call (the picker inside the claim) is a savepoint of the outer one: not counted on its own.
    if (this.inner.inTransaction) return this.inner.transaction(work);
    this.transactions++;
    return this.inner.transaction((tx) => {
      this.attempts++;
      return work(tx);
    });
  }
  notify(channel: string, payload: string): Promise<void> {
    return this.inner.notify(channel, payload);
  }
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onMessage);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The bot's picker (bot/quiz/publish.ts): weighted topic, no repeats, an option order; inside the claim. */
export function benchPicker(db: Db, bank: QuestionBank, nowMs: number): QuestionPicker {
  return async ({ guildId }) => {
    const question = await pickQuestion(db, guildId, bank, undefined, nowMs);
    return { questionId: question.id, topicId: question.topic, optionOrder: newOrder(question) };
  };
}

/** An error's SQLSTATE or SQLite code, else its name. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : typeof error;
}

export interface ClaimPass {
  /** Servers this pass claimed (their post row committed by this caller). */
  claimed: string[];
  /** Servers it found nothing to claim for, by reason (another instance was first: not_due or already_posted). */
  notClaimed: Record<string, number>;
  /** Claims that threw (the bot logs them; the next minute's pass finds the server still due), by error code. */
  failed: Record<string, number>;
  failedGuilds: string[];
  ms: number;
}

/**
 * One pass as bot/quiz/runner.ts makes it: each due server claimed in turn as a queued claim, a failure logged
 * (here: counted) and the pass going on with the next server. `afterClaim` runs for each claimed post.
 */
export async function claimPass(
  db: Db,
  guilds: readonly string[],
  nowMs: number,
  picker: QuestionPicker,
  afterClaim?: (postId: number) => Promise<unknown>,
): Promise<ClaimPass> {
  const result: ClaimPass = { claimed: [], notClaimed: {}, failed: {}, failedGuilds: [], ms: 0 };
  const started = performance.now();
  for (const guildId of guilds) {
    try {
      const outcome = await claimDuePost(db, guildId, nowMs, picker, { queued: true });
      if (outcome.claimed) {
        result.claimed.push(guildId);
        await afterClaim?.(outcome.post.id);
      } else result.notClaimed[outcome.reason] = (result.notClaimed[outcome.reason] ?? 0) + 1;
    } catch (error) {
      const code = errorCode(error);
      result.failed[code] = (result.failed[code] ?? 0) + 1;
      result.failedGuilds.push(guildId);
    }
  }
  result.ms = performance.now() - started;
  return result;
}

/** What bench/schedule-claimer.ts prints when its pass is done. */
export interface ClaimerReport extends ClaimPass {
  pid: number;
  due: number;
  /** Claim transactions begun, and runs of their work (the difference: the engine's retries). */
  transactions: number;
  attempts: number;
}
