/**
 * The card steps of daily answers, applied after the answers' own commit (the answers table is the outbox).
 * The group commit only records answers, so clicks are acknowledged at full speed; this applies the steps of
 * daily answers above the persisted watermark (card_outbox.stepped_through) in id order, each batch ONE
 * transaction that also moves the watermark: a crash loses or doubles no step, a restart resumes from it.
 *
 * Why no answer is skipped: a batch reads the answers above the watermark in its own write transaction.
 * - SQLite: ids are assigned at insert, inside a write transaction, as max(id) + 1, and one writer at a time
 *   holds the file (BEGIN IMMEDIATE, across connections and processes), so answers commit in id order and no
 *   answer with a lower id can commit after the batch. The one way back below the watermark, deleting the
 *   newest answers, is handled by migration 0012's trigger.
 * - PostgreSQL: ids come from a sequence and concurrent transactions may commit out of id order. Every
 *   answer-writing transaction reads the card_outbox row (record.ts), and a batch reads the answers past the
 *   watermark and writes that row: two SERIALIZABLE transactions that overlap this way cannot both commit, so
 *   a batch never moves past an answer it could not see.
 * Whoever reads or steps a question card inline calls settleCardSteps first.
 */
import type { Db, Queries } from './db.ts';
import { questionCardKey, rateAnswers, type RateInput } from '../review/index.ts';

/** Steps per transaction: bounds how long one batch keeps the event loop (1,000: tens of milliseconds). */
export const CARD_STEP_BATCH = 1000;

interface PendingRow {
  id: number;
  kind: number;
  guild_id: string;
  user_id: string;
  question_id: string;
  topic_id: string;
  correct: number;
  answered_at: number;
}

const WATERMARK_SQL = 'SELECT stepped_through FROM card_outbox WHERE id = 1';
// Both ends through the primary key: the "nothing pending" check costs two seeks.
const NEWEST_SQL = 'SELECT max(id) AS newest FROM answers';
const PENDING_SQL = 'SELECT id, kind, guild_id, user_id, question_id, topic_id, correct, answered_at FROM answers WHERE id > ? ORDER BY id LIMIT ?';
const ADVANCE_SQL = 'UPDATE card_outbox SET stepped_through = ? WHERE id = 1';

async function watermark(db: Queries): Promise<number> {
  return (await db.get<{ stepped_through: number }>(WATERMARK_SQL))?.stepped_through ?? 0;
}

/** Daily answers recorded whose card step is not applied yet (cheap: two index seeks). */
export async function hasPendingCardSteps(db: Queries): Promise<boolean> {
  const newest = (await db.get<{ newest: number | null }>(NEWEST_SQL))?.newest ?? 0;
  return newest > (await watermark(db));
}

function stepRow(row: PendingRow): RateInput {
  return { guildId: row.guild_id, userId: row.user_id, cardKey: questionCardKey(row.question_id), topicId: row.topic_id, correct: row.correct === 1, source: 'daily', at: row.answered_at };
}

/** One batch: up to `limit` answers past the watermark, in ONE transaction. Returns the card steps applied. */
export function stepCardBatch(db: Db, limit = CARD_STEP_BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.all<PendingRow>(PENDING_SQL, [await watermark(tx), limit]);
    if (rows.length === 0) return 0;
    // Practice answers (kind 1) stepped their card inline; they only move the watermark.
    const steps = rows.filter((row) => row.kind === 0).map(stepRow);
    if (steps.length > 0) await rateAnswers(db, steps);
    await tx.run(ADVANCE_SQL, [rows.at(-1)!.id]);
    return steps.length;
  });
}

/** Applies every pending card step (before reading or stepping a card). A no-op, two seeks, when none is. */
export async function settleCardSteps(db: Db): Promise<number> {
  let steps = 0;
  while (await hasPendingCardSteps(db)) steps += await stepCardBatch(db);
  return steps;
}

/**
 * After rows are copied into SQLite (cli db copy): SQLite gives the next answer max(id) + 1, but a watermark
 * copied from PostgreSQL, whose sequence never hands an id out twice, may stand above the newest answer (its
 * newest answers were deleted by /forget-me), and the next answers would fall at or below it, never stepped.
 * Every answer at or below the watermark has its step either way, so lowering it to the newest answer changes
 * nothing else. Returns the new watermark, or undefined when it already fit (always on PostgreSQL).
 */
export async function fitCardWatermarkToAnswers(db: Queries): Promise<number | undefined> {
  if (db.dialect !== 'sqlite') return undefined;
  const newest = (await db.get<{ newest: number | null }>(NEWEST_SQL))?.newest ?? 0;
  const { changes } = await db.run('UPDATE card_outbox SET stepped_through = ? WHERE id = 1 AND stepped_through > ?', [newest, newest]);
  return changes > 0 ? newest : undefined;
}
