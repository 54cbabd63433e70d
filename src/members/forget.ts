/**
 * /forget-me in ONE transaction: exams, review cards and progress together. Three separate transactions let
 * another process submit the member's exam in between, and that submit recreates review cards.
 */
import type { Db } from '../progress/db.ts';
import { forgetMember, settleCardSteps } from '../progress/index.ts';
import { forgetCards } from '../review/index.ts';
import { forgetExams } from '../exam/index.ts';

export interface ForgottenMember {
  /** Answers (daily and practice). */
  answers: number;
  /** member_progress rows. */
  progress: number;
  cards: number;
  reviews: number;
  exams: number;
}

/** Deletes everything stored about a member in a server; returns how many rows of each kind went. */
export function forgetEverything(db: Db, guildId: string, userId: string): Promise<ForgottenMember> {
  // Each step below is a savepoint of this transaction (statements on db join it).
  return db.transaction(async () => {
    // Daily answers' pending card steps first (the card outbox), so no step of this member's is left to run later.
    await settleCardSteps(db);
    // Exams first: an open exam gone, nothing can be submitted into cards after they are deleted.
    const exams = await forgetExams(db, guildId, userId);
    const { answers, progress } = await forgetMember(db, guildId, userId);
    const { cards, reviews } = await forgetCards(db, guildId, userId);
    return { answers, progress, cards, reviews, exams };
  });
}
