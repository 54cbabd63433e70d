/**
 * Consistency checks (tests, audits): the totals kept in member_progress against the raw answers, and the
 * in-memory boards against a fresh read of member_progress.
 */
import { scoreOn } from './board.ts';
import type { Db } from './db.ts';
import { guildBoards } from './member-cache.ts';
import { isoWeekKey, monthKey } from './dates.ts';
import type { MemberRow } from './member.ts';
import { totalsFor, type PeriodTotals } from './scores.ts';

export interface BoardMismatch {
  /** 'streak', 'points:<period>' or 'accuracy:<period>'. */
  board: string;
  userId: string;
  /** The member's score on the board in memory (null: not on it). */
  inMemory: number | null;
  /** Their score computed from member_progress as stored. */
  stored: number | null;
}

const MEMBERS_SQL = 'SELECT * FROM member_progress WHERE guild_id = ?';
const ANSWERS_SQL = 'SELECT user_id, local_date, correct, points FROM answers WHERE guild_id = ?';

const differs = (a: PeriodTotals, b: PeriodTotals) => a.points !== b.points || a.answered !== b.answered || a.correct !== b.correct;

/**
 * Members whose stored totals (all time, their week, their month) disagree with their answers, plus
 * answers of members without a row. 0 when consistent.
 */
export async function totalsMismatches(db: Db, guildId: string): Promise<number> {
  const { memberRows, answers } = await db.transaction(async (tx) => ({
    memberRows: await tx.all<MemberRow>(MEMBERS_SQL, [guildId]),
    answers: await tx.all<{ user_id: string; local_date: string; correct: number; points: number }>(ANSWERS_SQL, [guildId]),
  }));
  const members = new Map(memberRows.map((m) => [m.user_id, m]));
  const counted = new Map<string, Map<string, PeriodTotals>>();
  const add = (totals: Map<string, PeriodTotals>, key: string, correct: number, points: number) => {
    const t = totals.get(key) ?? { points: 0, answered: 0, correct: 0 };
    t.points += points;
    t.answered += 1;
    t.correct += correct;
    totals.set(key, t);
  };
  for (const answer of answers) {
    let totals = counted.get(answer.user_id);
    if (!totals) counted.set(answer.user_id, (totals = new Map()));
    for (const key of ['all', isoWeekKey(answer.local_date), monthKey(answer.local_date)]) add(totals, key, answer.correct, answer.points);
  }
  const none: PeriodTotals = { points: 0, answered: 0, correct: 0 };
  let mismatches = 0;
  for (const userId of new Set([...members.keys(), ...counted.keys()])) {
    const member = members.get(userId);
    const totals = counted.get(userId) ?? new Map<string, PeriodTotals>();
    if (!member) {
      mismatches++;
      continue;
    }
    const keys = ['all', member.week_key, member.month_key].filter((key): key is string => key !== null);
    if (keys.some((key) => differs(totalsFor(member, key), totals.get(key) ?? none))) mismatches++;
  }
  return mismatches;
}

/**
 * Every board built in memory for the server (and the all-time and streak boards), member by member,
 * against member_progress as stored. Empty when consistent.
 */
export async function boardMismatches(db: Db, guildId: string): Promise<BoardMismatch[]> {
  const guild = await guildBoards(db, guildId);
  guild.board('streak', 'now');
  guild.board('points', 'all');
  guild.board('accuracy', 'all');
  const stored = new Map<string, MemberRow>((await db.all<MemberRow>(MEMBERS_SQL, [guildId])).map((m) => [m.user_id, m]));
  const mismatches: BoardMismatch[] = [];
  for (const board of guild.built()) {
    const name = board.metric === 'streak' ? 'streak' : `${board.metric}:${board.periodKey}`;
    const userIds = new Set([...stored.keys(), ...board.entries().map((e) => e.userId)]);
    for (const userId of userIds) {
      const row = stored.get(userId);
      const expected = row ? scoreOn(board.metric, board.periodKey, row) : null;
      const actual = board.score(userId) ?? null;
      if (expected !== actual) mismatches.push({ board: name, userId, inMemory: actual, stored: expected });
    }
  }
  return mismatches;
}
