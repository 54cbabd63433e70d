/**
 * A member's scores, kept in their member_progress row: all-time, this ISO week and this month
 * (points, answers, correct answers), and the accuracy that ranks them.
 */
import { ACCURACY_MIN_ANSWERS } from './constants.ts';
import { isoWeekKey, monthKey } from './dates.ts';
import type { MemberRow } from './member.ts';

/** Accuracy in per mille, rounded half up; null below ACCURACY_MIN_ANSWERS. */
export function accuracyPerMille(correct: number, answered: number): number | null {
  return answered >= ACCURACY_MIN_ANSWERS ? Math.floor((correct * 2000 + answered) / (2 * answered)) : null;
}

export interface PeriodTotals {
  points: number;
  answered: number;
  correct: number;
}

/**
 * Counts one answer of local day `localDate` in the member's all-time, week and month totals. A later week
 * (month) starts the counts over; an answer dated before the stored week (month) counts only all-time, since
 * that earlier period is no longer kept.
 */
export function addAnswerToScores(member: MemberRow, localDate: string, correct: 0 | 1, points: number): void {
  if (correct === 0 && points !== 0) throw new Error('points without a correct answer');
  member.points += points;
  member.answered += 1;
  member.correct += correct;

  const week = isoWeekKey(localDate);
  if (member.week_key === null || week > member.week_key) {
    member.week_key = week;
    member.week_points = member.week_answered = member.week_correct = 0;
  }
  if (week === member.week_key) {
    member.week_points += points;
    member.week_answered += 1;
    member.week_correct += correct;
  }

  const month = monthKey(localDate);
  if (member.month_key === null || month > member.month_key) {
    member.month_key = month;
    member.month_points = member.month_answered = member.month_correct = 0;
  }
  if (month === member.month_key) {
    member.month_points += points;
    member.month_answered += 1;
    member.month_correct += correct;
  }
}

/** The member's totals for a period key ('all', 'YYYY-Www', 'YYYY-MM'); zero when that period has no answers. */
export function totalsFor(member: Pick<MemberRow, ScoreColumns>, key: string): PeriodTotals {
  if (key === 'all') return { points: member.points, answered: member.answered, correct: member.correct };
  if (key === member.week_key) return { points: member.week_points, answered: member.week_answered, correct: member.week_correct };
  if (key === member.month_key) return { points: member.month_points, answered: member.month_answered, correct: member.month_correct };
  return { points: 0, answered: 0, correct: 0 };
}

export type ScoreColumns =
  | 'points'
  | 'answered'
  | 'correct'
  | 'week_key'
  | 'week_points'
  | 'week_answered'
  | 'week_correct'
  | 'month_key'
  | 'month_points'
  | 'month_answered'
  | 'month_correct';
