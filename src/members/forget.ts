/**
 * /forget-me in ONE transaction: exams, review cards and progress together. Three separate transactions let
 * another process submit the member's exam in between, and that submit recreates review cards.
 */
import { statementCache, type Db } from '../progress/db.ts';
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

const transactions = statementCache((db) => ({
  forget: db.transaction((guildId: string, userId: string): ForgottenMember => {
    // Daily answers' pending card steps first (the card outbox), so no step of this member's is left to run later.
    settleCardSteps(db);
    // Exams first: an open exam gone, nothing can be submitted into cards after they are deleted.
    const exams = forgetExams(db, guildId, userId);
    const { answers, progress } = forgetMember(db, guildId, userId);
    const { cards, reviews } = forgetCards(db, guildId, userId);
    return { answers, progress, cards, reviews, exams };
  }),
}));

/** Deletes everything stored about a member in a server; returns how many rows of each kind went. */
export function forgetEverything(db: Db, guildId: string, userId: string): ForgottenMember {
  return transactions(db).forget.immediate(guildId, userId);
}
