/** Public API of the daily quiz schedule (no discord.js here: ids in, plain objects out). */
export { ScheduleError, type ScheduleErrorCode } from './errors.ts';
export {
  ALL_DAYS_MASK,
  canonicalTimezone,
  daysFromMask,
  formatLocal,
  latestOccurrence,
  localDateOf,
  localToInstant,
  nextOccurrence,
  parseClockTime,
  parseDays,
  type ClockTime,
  type Occurrence,
  type ScheduleRule,
  type Weekday,
} from './time.ts';
export {
  CATCH_UP_GRACE_MS,
  findDueGuilds,
  pauseForProblem,
  pauseSchedule,
  resumeSchedule,
  scheduleStatus,
  setupSchedule,
  skipNextPost,
  takePauseNotice,
  type ScheduleStatus,
  type SetupInput,
  type SetupResult,
} from './schedules.ts';
export {
  DEFAULT_LEASE_MS,
  answerWindowOpen,
  claimDuePost,
  claimPostNow,
  deferPostSend,
  getPost,
  openPost,
  markPostFailed,
  markPostSent,
  markRevealed,
  pendingSends,
  postsToReveal,
  type ClaimNowOutcome,
  type ClaimOutcome,
  type PickedQuestion,
  type PostStatus,
  type QuestionPicker,
  type QuizPost,
} from './posts.ts';
export { parseDayList } from './days.ts';
export { revealSummary, type RevealSummary } from './reveal.ts';
export type { Db } from './db.ts';
export { LEADER_LEASE_MS, claimLease, leaseHolder, releaseLease } from './leader.ts';
