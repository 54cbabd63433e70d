/** A daily question a member let pass becomes their card, due when their next local day starts. */
import { createEmptyCard } from 'ts-fsrs';
import { guildTimeZone } from '../progress/db.ts';
import { addDays } from '../progress/dates.ts';
import type { Queries } from '../storage/index.ts';
import { atomically } from './atomic.ts';
import { fieldsOf } from './card.ts';
import { readCard, writeCard } from './cards.ts';
import { questionCardKey } from './keys.ts';
import { startOfLocalDay } from './local-day.ts';

export interface MissedDailyInput {
  guildId: string;
  /** Members who let the post's window close without answering. */
  userIds: readonly string[];
  questionId: string;
  topicId: string;
  /** The post's local day (quiz_posts.local_date). */
  localDate: string;
  /** When the miss is recorded (the window's close), epoch ms: a new card's created_at. */
  at: number;
  /** The server's IANA zone; defaults to its quiz schedule's zone, then UTC. */
  timezone?: string | undefined;
}

export interface MissedDailyResult {
  /** Start of the local day after `localDate`, epoch ms. */
  dueAt: number;
  /** New cards (never reviewed, due at dueAt). */
  created: number;
  /** Existing cards whose due time was later and moved to dueAt. */
  broughtForward: number;
}

const BRING_FORWARD = 'UPDATE review_cards SET due = ? WHERE guild_id = ? AND user_id = ? AND card_key = ? AND due > ?';

async function recordMisses(db: Queries, input: MissedDailyInput): Promise<MissedDailyResult> {
  const dueAt = startOfLocalDay(addDays(input.localDate, 1), input.timezone ?? (await guildTimeZone(db, input.guildId)));
  const cardKey = questionCardKey(input.questionId);
  let created = 0;
  let broughtForward = 0;
  for (const userId of input.userIds) {
    if (await readCard(db, input.guildId, userId, cardKey)) {
      // Not an attempt at recall, so no FSRS step: the card's memory state stays, it is only asked sooner.
      broughtForward += (await db.run(BRING_FORWARD, [dueAt, input.guildId, userId, cardKey, dueAt])).changes;
    } else {
      await writeCard(db, input.guildId, userId, { card_key: cardKey, topic_id: input.topicId, created_at: input.at, ...fieldsOf(createEmptyCard(new Date(dueAt))) });
      created++;
    }
  }
  return { dueAt, created, broughtForward };
}

/**
 * The post's question becomes a card of each member who missed it, due at the start of the next local day
 * in the server's zone (ONE transaction). A member who already has that card keeps its FSRS state; it
 * becomes due then if it was due later.
 */
export async function missedDaily(db: Queries, input: MissedDailyInput): Promise<MissedDailyResult> {
  return atomically(db, (tx) => recordMisses(tx, input));
}
