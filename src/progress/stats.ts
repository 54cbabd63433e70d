/** A member's statistics in a server: totals, accuracy per topic with exam weights, weakest topic, days. */
import { TOPIC_WEIGHTS, WEAKEST_TOPIC_MIN_ANSWERS } from './constants.ts';
import { guildTimeZone, statementCache, type Db } from './db.ts';
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

const statements = statementCache((db) => ({
  all: db.prepare<[string, string], { points: number; answered: number; correct: number }>(
    `SELECT points, answered, correct FROM member_period_stats WHERE guild_id = ? AND user_id = ? AND period = 'all'`,
  ),
  member: db.prepare<[string, string], { daily_answered: number; daily_correct: number; topics: string }>(
    'SELECT daily_answered, daily_correct, topics FROM member_progress WHERE guild_id = ? AND user_id = ?',
  ),
  days: db.prepare<[string, string, string, string], DayCount>(
    `SELECT local_date AS date, count(*) AS answered, sum(correct) AS correct FROM answers
     WHERE guild_id = ? AND user_id = ? AND local_date >= ? AND local_date <= ? GROUP BY local_date ORDER BY local_date`,
  ),
}));

const ratio = (correct: number, answered: number): number | null => (answered > 0 ? correct / answered : null);

export function getStats(db: Db, guildId: string, userId: string, options: StatsOptions = {}): MemberStats {
  return db.transaction(() => {
    const s = statements(db);
    const all = s.all.get(guildId, userId) ?? { points: 0, answered: 0, correct: 0 };
    const daily = s.member.get(guildId, userId) ?? { daily_answered: 0, daily_correct: 0, topics: '{}' };

    const byTopic = new Map<string, TopicStats>();
    for (const [topicId, weight] of Object.entries(TOPIC_WEIGHTS)) {
      byTopic.set(topicId, { topicId, weight, answered: 0, correct: 0, accuracy: null });
    }
    for (const [topicId, [answered, correct]] of Object.entries(topicCounts(daily))) {
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

    const to = localDateOf(options.now ?? Date.now(), options.timezone ?? guildTimeZone(db, guildId));
    const from = addDays(subtractMonths(to, options.months ?? 6), 1);
    return {
      answered: all.answered,
      correct: all.correct,
      accuracy: ratio(all.correct, all.answered),
      points: all.points,
      daily: { answered: daily.daily_answered, correct: daily.daily_correct },
      practice: { answered: all.answered - daily.daily_answered, correct: all.correct - daily.daily_correct },
      topics,
      weakestTopic,
      weakestMinAnswers: WEAKEST_TOPIC_MIN_ANSWERS,
      days: { from, to, counts: s.days.all(guildId, userId, from, to) },
    };
  })();
}
