/** Predicted recall (FSRS retrievability) per topic: what /stats shows, and the weakest topic by it. */
import type { Queries } from '../storage/index.ts';
import { schedulerFor, toFsrsCard, type CardFields } from './card.ts';
import { getRetention } from './settings.ts';

/** The weakest topic is chosen among topics with at least this many reviewed cards (one unlucky card is no trend). */
export const WEAKEST_TOPIC_MIN_CARDS = 3;

export interface TopicRecall {
  topicId: string;
  /** Cards reviewed at least once (a card never reviewed has no prediction and is not counted). */
  cards: number;
  /** Mean probability, 0..1, that the member recalls a card of this topic at `now`. */
  averageRecall: number;
}

export interface RecallByTopic {
  /** Sorted by topic id. */
  topics: TopicRecall[];
  /**
   * The topic with the lowest average predicted recall among those with WEAKEST_TOPIC_MIN_CARDS reviewed cards
   * (ties: the lower topic id); null when no topic has that many.
   */
  weakest: string | null;
}

interface RecallRow extends CardFields {
  topic_id: string;
}

const REVIEWED = `SELECT topic_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
     FROM review_cards WHERE guild_id = ? AND user_id = ? AND state <> 0
     ORDER BY topic_id, card_key`;

export async function recallByTopic(db: Queries, guildId: string, userId: string, now: number): Promise<RecallByTopic> {
  // Retrievability depends on stability and elapsed time only, not on the retention setting; any scheduler
  // built with the same weights gives the same value.
  const scheduler = schedulerFor(await getRetention(db, guildId));
  const sums = new Map<string, { cards: number; recall: number }>();
  const at = new Date(now);
  for (const row of await db.all<RecallRow>(REVIEWED, [guildId, userId])) {
    const sum = sums.get(row.topic_id) ?? { cards: 0, recall: 0 };
    sum.cards += 1;
    sum.recall += scheduler.get_retrievability(toFsrsCard(row), at, false);
    sums.set(row.topic_id, sum);
  }
  const topics = [...sums.entries()]
    .map(([topicId, { cards, recall }]) => ({ topicId, cards, averageRecall: recall / cards }))
    .sort((a, b) => (a.topicId < b.topicId ? -1 : a.topicId > b.topicId ? 1 : 0));
  let weakest: TopicRecall | null = null;
  for (const topic of topics) if (topic.cards >= WEAKEST_TOPIC_MIN_CARDS && (weakest === null || topic.averageRecall < weakest.averageRecall)) weakest = topic;
  return { topics, weakest: weakest?.topicId ?? null };
}
