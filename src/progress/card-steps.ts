/**
 * The card steps of daily answers, applied after the answers' own commit (the answers table is the outbox).
 * The group commit only records answers, so clicks are acknowledged at full speed; this applies the steps of
 * daily answers above the persisted watermark (card_outbox.stepped_through) in id order, each batch ONE
 * transaction that also moves the watermark: a crash loses or doubles no step, a restart resumes from it.
 *
 * Why no answer is skipped: ids are assigned at insert, inside a write transaction, as max(id) + 1, and SQLite
 * lets one writer at a time hold the file (BEGIN IMMEDIATE, across connections and processes), so answers
 * commit in id order; a batch reads in its own write transaction, so no answer with a lower id can commit
 * after it. The one way back below the watermark, deleting the newest answers, is handled by migration 0012's
 * trigger. Whoever reads or steps a question card inline calls settleCardSteps first.
 */
import { statementCache, type Db } from './db.ts';
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

const statements = statementCache((db) => ({
  watermark: db.prepare<[], number>('SELECT stepped_through FROM card_outbox WHERE id = 1').pluck(),
  // Both ends through the rowid: the "nothing pending" check costs two seeks.
  newest: db.prepare<[], number | null>('SELECT max(id) FROM answers').pluck(),
  pending: db.prepare<[number, number], PendingRow>(
    'SELECT id, kind, guild_id, user_id, question_id, topic_id, correct, answered_at FROM answers WHERE id > ? ORDER BY id LIMIT ?',
  ),
  advance: db.prepare<[number]>('UPDATE card_outbox SET stepped_through = ? WHERE id = 1'),
}));

/** Daily answers recorded whose card step is not applied yet (cheap: two index seeks). */
export function hasPendingCardSteps(db: Db): boolean {
  const s = statements(db);
  return (s.newest.get() ?? 0) > (s.watermark.get() ?? 0);
}

function stepRow(row: PendingRow): RateInput {
  return { guildId: row.guild_id, userId: row.user_id, cardKey: questionCardKey(row.question_id), topicId: row.topic_id, correct: row.correct === 1, source: 'daily', at: row.answered_at };
}

const transactions = statementCache((db) => ({
  batch: db.transaction((limit: number): number => {
    const s = statements(db);
    const rows = s.pending.all(s.watermark.get() ?? 0, limit);
    if (rows.length === 0) return 0;
    // Practice answers (kind 1) stepped their card inline; they only move the watermark.
    const steps = rows.filter((row) => row.kind === 0).map(stepRow);
    if (steps.length > 0) rateAnswers(db, steps);
    s.advance.run(rows.at(-1)!.id);
    return steps.length;
  }),
}));

/** One batch: up to `limit` answers past the watermark, in ONE transaction. Returns the card steps applied. */
export function stepCardBatch(db: Db, limit = CARD_STEP_BATCH): number {
  return transactions(db).batch.immediate(limit);
}

/** Applies every pending card step (before reading or stepping a card). A no-op, two seeks, when none is. */
export function settleCardSteps(db: Db): number {
  let steps = 0;
  while (hasPendingCardSteps(db)) steps += stepCardBatch(db);
  return steps;
}
