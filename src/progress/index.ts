/** Public API of the progress module: streaks, points, stats, leaderboards, heatmap. No discord.js here. */
export {
  ACCURACY_MIN_ANSWERS,
  DAILY_CORRECT_POINTS,
  FREEZE_EVERY_DAYS,
  LEADERBOARD_SIZE,
  MAX_FREEZES,
  PRACTICE_CORRECT_POINTS,
  TOPIC_WEIGHTS,
  WEAKEST_TOPIC_MIN_ANSWERS,
} from './constants.ts';
export { isoWeekKey, localDateOf, monthKey, periodKey } from './dates.ts';
export type { Period } from './dates.ts';
export { recordDailyAnswer, recordDailyAnswers, recordPracticeAnswer, recordReviewAnswer, UnknownPostError } from './record.ts';
export { DailyAnswerQueue, DEFAULT_MAX_BATCH } from './answer-queue.ts';
export { CARD_STEP_BATCH, fitCardWatermarkToAnswers, hasPendingCardSteps, settleCardSteps, stepCardBatch } from './card-steps.ts';
export { addMissedDailyCards, dailyMissers, TAKING_PART_DAYS, type ClosedPost } from './recent.ts';
export type { DailyAnswerQueueStats } from './answer-queue.ts';
export type {
  AlreadyAnswered,
  AnswerValue,
  DailyAnswerInput,
  DailyAnswerResult,
  PracticeAnswerInput,
  RecordedDailyAnswer,
  RecordedPracticeAnswer,
  ReviewAnswerInput,
  StaleReview,
  WindowClosed,
} from './record.ts';
export { closeDailyWindow, settleClosedWindows } from './settle.ts';
export type { SettleResult } from './settle.ts';
export { getStreak } from './streak.ts';
export type { StreakView } from './streak.ts';
export { getStats } from './stats.ts';
export type { DayCount, MemberStats, StatsOptions, TopicStats } from './stats.ts';
export { getLeaderboard } from './leaderboard.ts';
export type { Leaderboard, LeaderboardEntry, LeaderboardMetric, LeaderboardOptions } from './leaderboard.ts';
export { forgetMember, markMemberLeft, markMemberPresent } from './members.ts';
export type { ForgetResult } from './members.ts';
export { boardMismatches, totalsMismatches } from './verify.ts';
export type { BoardMismatch } from './verify.ts';
export { heatLevel, heatmapSize, renderHeatmap } from './heatmap.ts';
export type { HeatmapImage, HeatmapInput, HeatmapLocale } from './heatmap.ts';
