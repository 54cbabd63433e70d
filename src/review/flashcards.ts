/** A notes entry added from /term as a flashcard (front: the term, back: its note; the member rates it). */
import { createEmptyCard } from 'ts-fsrs';
import type { Db, Queries } from '../storage/index.ts';
import { fieldsOf, viewOf, type CardRow, type ReviewCard } from './card.ts';
import { readCard, writeCard } from './cards.ts';
import { flashcardKey } from './keys.ts';

export interface FlashcardInput {
  guildId: string;
  userId: string;
  /** The notes entry's id. */
  entryId: string;
  topicId: string;
  /** epoch ms: the card is due from then on */
  at: number;
}

export interface AddedFlashcard {
  /** false: the member already had this card; it is left as it was. */
  created: boolean;
  card: ReviewCard;
}

async function addOne(db: Queries, input: FlashcardInput): Promise<AddedFlashcard> {
  const cardKey = flashcardKey(input.entryId);
  const existing = await readCard(db, input.guildId, input.userId, cardKey);
  if (existing) return { created: false, card: viewOf(existing) };
  const row: CardRow = { card_key: cardKey, topic_id: input.topicId, created_at: input.at, ...fieldsOf(createEmptyCard(new Date(input.at))) };
  await writeCard(db, input.guildId, input.userId, row);
  return { created: true, card: viewOf(row) };
}

/** Adds the entry to the member's cards, due at once; a second click changes nothing. One transaction. */
export async function addFlashcard(db: Db, input: FlashcardInput): Promise<AddedFlashcard> {
  return db.transaction((tx) => addOne(tx, input));
}
