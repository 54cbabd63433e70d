/** Rules of the progress game, in one place. */
import { EXAM_TOPIC_WEIGHTS } from '../exam/data.ts';

/** Points for a correct answer to the server's daily question. Wrong answers score 0 but still keep the streak. */
export const DAILY_CORRECT_POINTS = 10;
/** Points for a correct /practice answer: a smaller share, so practice cannot outweigh showing up daily. */
export const PRACTICE_CORRECT_POINTS = 2;

/** A freeze is earned each time the streak reaches a multiple of this many answered days. */
export const FREEZE_EVERY_DAYS = 7;
/** Freezes a member can hold; one earned at the cap is lost. */
export const MAX_FREEZES = 2;

/** Accuracy boards list only members with at least this many answers in the period. */
export const ACCURACY_MIN_ANSWERS = 5;
/** The weakest topic is chosen among topics with at least this many answers. */
export const WEAKEST_TOPIC_MIN_ANSWERS = 5;
/** Leaderboard length. */
export const LEADERBOARD_SIZE = 10;

/** The exam's objectives and their weights (data/exam.json). */
export const TOPIC_WEIGHTS = EXAM_TOPIC_WEIGHTS;
