/** A member's statistics in a server: totals, accuracy per topic with exam weights, weakest topic, days. */
import { TOPIC_WEIGHTS, WEAKEST_TOPIC_MIN_ANSWERS } from './constants.ts';
import { guildTimeZone, type Db } from './db.ts';
import { addDays, localDateOf, subtractMonths } from './dates.ts';
import { topicCounts } from './member.ts';

export interface TopicStats {
  topicId: string;
  /** Exam weight of the objective (0 for a topic outside 330.1-330.6). */
  weight: number;
  answered: number;
  correct: number;
  /** correct / answered, null without answers. */
  accuracy: number | null;
}

export interface DayCount {
  /** Local date, YYYY-MM-DD. */
  date: string;
  answered: number;
  correct: number;
}

export interface MemberStats {
  answered: number;
  correct: number;
  accuracy: number | null;
  points: number;
  daily: { answered: number; correct: number };
  practice: { answered: number; correct: number };
  /** The six objectives in order (then any other topic seen), each with its weight. */
  topics: TopicStats[];
  /** Lowest accuracy among topics with at least `weakestMinAnswers` answers (ties: heavier exam weight). */
  weakestTopic: TopicStats | null;
  weakestMinAnswers: number;
  /** Answers per local day from `from` to `to` inclusive; days without answers are absent. */
  days: { from: string; to: string; counts: DayCount[] };
}

export interface StatsOptions {
  now?: number;
  timezone?: string;
  /** How many months back the day counts go (heatmap), default 6. */
  months?: number;
}

interface MemberTotals {
  points: number;
  answered: number;
  correct: number;
  daily_answered: number;
  daily_correct: number;
  topics: string;
}

const NO_ANSWERS: MemberTotals = { points: 0, answered: 0, correct: 0, daily_answered: 0, daily_correct: 0, topics: '{}' };

const MEMBER_SQL = 'SELECT points, answered, correct, daily_answered, daily_correct, topics FROM member_progress WHERE guild_id = ? AND user_id = ?';
// Daily answers through the server's posts of those days (one seek each in answers_one_per_post), practice
// answers through their own index; merged by day below. Parameters: user, guild, from, to, guild, user, from, to.
const DAYS_SQL = `SELECT p.local_date AS date, count(*) AS answered, sum(a.correct) AS correct
   FROM quiz_posts p JOIN answers a ON a.post_id = p.id AND a.user_id = ?
   WHERE p.guild_id = ? AND p.local_date BETWEEN ? AND ? GROUP BY p.local_date
 UNION ALL
 SELECT local_date, count(*), sum(correct) FROM answers
   WHERE guild_id = ? AND user_id = ? AND post_id IS NULL AND local_date BETWEEN ? AND ? GROUP BY local_date`;

function dayCounts(rows: DayCount[]): DayCount[] {
  const byDate = new Map<string, DayCount>();
  for (const row of rows) {
    const day = byDate.get(row.date);
    if (day) {
      day.answered += row.answered;
      day.correct += row.correct;
    } else byDate.set(row.date, { ...row });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const ratio = (correct: number, answered: number): number | null => (answered > 0 ? correct / answered : null);

export function getStats(db: Db, guildId: string, userId: string, options: StatsOptions = {}): Promise<MemberStats> {
  // One transaction: the totals and the day counts come from one state of the database.
  return db.transaction(async (tx) => {
    const member = (await tx.get<MemberTotals>(MEMBER_SQL, [guildId, userId])) ?? NO_ANSWERS;

    const byTopic = new Map<string, TopicStats>();
    for (const [topicId, weight] of Object.entries(TOPIC_WEIGHTS)) {
      byTopic.set(topicId, { topicId, weight, answered: 0, correct: 0, accuracy: null });
    }
    for (const [topicId, [answered, correct]] of Object.entries(topicCounts(member))) {
      byTopic.set(topicId, { topicId, weight: TOPIC_WEIGHTS[topicId] ?? 0, answered, correct, accuracy: ratio(correct, answered) });
    }
    const topics = [...byTopic.values()];
    let weakestTopic: TopicStats | null = null;
    for (const topic of topics) {
      if (topic.answered < WEAKEST_TOPIC_MIN_ANSWERS || topic.accuracy === null) continue;
      if (
        !weakestTopic ||
        topic.accuracy < weakestTopic.accuracy! ||
        (topic.accuracy === weakestTopic.accuracy && topic.weight > weakestTopic.weight)
      ) {
        weakestTopic = topic;
      }
    }

    const to = localDateOf(options.now ?? Date.now(), options.timezone ?? (await guildTimeZone(tx, guildId)));
    const from = addDays(subtractMonths(to, options.months ?? 6), 1);
    const days = await tx.all<DayCount>(DAYS_SQL, [userId, guildId, from, to, guildId, userId, from, to]);
    return {
      answered: member.answered,
      correct: member.correct,
      accuracy: ratio(member.correct, member.answered),
      points: member.points,
      daily: { answered: member.daily_answered, correct: member.daily_correct },
      practice: { answered: member.answered - member.daily_answered, correct: member.correct - member.daily_correct },
      topics,
      weakestTopic,
      weakestMinAnswers: WEAKEST_TOPIC_MIN_ANSWERS,
      days: { from, to, counts: dayCounts(days) },
    };
  });
}
