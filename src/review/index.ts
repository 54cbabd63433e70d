/**
 * Public API of personal spaced review (FSRS through ts-fsrs): every answered question becomes the member's
 * card in that server, /term entries can be added as flashcards, /review serves what is due. No discord.js
 * here: ids in, plain objects out; every write is committed before the function returns.
 */
export type { CardState, ReviewCard, ReviewRating } from './card.ts';
export { ReviewError, type ReviewErrorCode } from './errors.ts';
export { flashcardKey, parseCardKey, questionCardKey, type CardKind, type ParsedCardKey } from './keys.ts';
export { DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION, getRetention, setRetention } from './settings.ts';
export { rateAnswer, rateAnswers, rateShownCard, type AnswerSource, type RateInput, type RatedCard } from './rate.ts';
export { missedDaily, type MissedDailyInput, type MissedDailyResult } from './missed.ts';
export { addFlashcard, type AddedFlashcard, type FlashcardInput } from './flashcards.ts';
export { dueCards, dueSummary, getCard, type DueSummary } from './due.ts';
export { recallByTopic, WEAKEST_TOPIC_MIN_CARDS, type RecallByTopic, type TopicRecall } from './recall.ts';
export { forgetCards, reviewedOn, reviewedToday, type ForgetCardsResult } from './members.ts';
