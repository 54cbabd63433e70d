/**
 * The progress bench's data: one server with N members and about M answers over a year of daily posts
 * (20 % /practice), written straight into the tables, member rows folded the way the bot would have.
 * Run in its own process by bench/progress-generate.ts, so the measuring process holds only what a running
 * bot would (not the generator's garbage).
 */
import { TOPIC_WEIGHTS } from '../src/progress/index.ts';
import { addDays, isoWeekKey, monthKey } from '../src/progress/dates.ts';
import { applyOutcome, newEvents, type StreakState } from '../src/progress/streak-rules.ts';
import type { Database } from '../src/storage/open.ts';
import { seededRandom } from './stats.ts';

/** The generator writes in bulk through the raw SQLite connection (a SQLite-only bench tool). */
type Db = Database.Database;

export const GUILD = '900000000000000001';
export const ZONE = 'America/Sao_Paulo';
const TOPICS = Object.keys(TOPIC_WEIGHTS);


export const userId = (i: number) => String(100000000000000000n + BigInt(i));

/** Bulk loads drop the secondary indexes of these tables and rebuild them afterwards (a sort beats random inserts). */
function dropIndexes(db: Db, tables: string[]): string[] {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
    .all(...tables) as { name: string; sql: string }[];
  for (const row of rows) db.exec(`DROP INDEX ${row.name}`);
  return rows.map((r) => r.sql);
}

export interface Generated {
  posts: { id: number; seq: number; localDate: string; opensAt: number; closesAt: number }[];
  answers: number;
}

/** Local 09:00-21:00 in São Paulo (UTC-3 all year) of a local date. */
export const opensAtOf = (date: string) => Date.parse(`${date}T12:00:00Z`);

export function generate(db: Db, members: number, targetAnswers: number, postCount: number, today: string, log: (line: string) => void): Generated {
  const random = seededRandom(304);
  db.prepare(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES (?, 'c', '09:00', ?, 0)`).run(GUILD, ZONE);
  const insertPost = db.prepare(
    `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce, claimed_at, sent_at, window_closes_at, revealed_at)
     VALUES (?, ?, ?, ?, ?, 'c', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const posts: Generated['posts'] = [];
  db.transaction(() => {
    for (let k = 0; k < postCount; k++) {
      const localDate = addDays(today, k - (postCount - 1));
      const opensAt = opensAtOf(localDate);
      const closesAt = opensAt + 12 * 3_600_000;
      const open = k === postCount - 1;
      const id = Number(
        insertPost.run(GUILD, localDate, k + 1, `q${k % 500}`, TOPICS[k % TOPICS.length], `m${k}`, open ? 'sent' : 'revealed', `n${k}`, opensAt, opensAt, closesAt, open ? null : closesAt).lastInsertRowid,
      );
      posts.push({ id, seq: k + 1, localDate, opensAt, closesAt });
    }
    db.prepare('INSERT INTO guild_progress (guild_id, closed_seq) VALUES (?, ?)').run(GUILD, postCount - 1);
  })();

  // Per-member activity: exponential spread around the mean rate, so a few members answer nearly every day.
  const dailyTarget = targetAnswers * 0.8;
  const practiceTarget = targetAnswers - dailyTarget;
  const weights = Array.from({ length: members }, () => -Math.log(1 - random()));
  let scale = dailyTarget / (members * postCount);
  for (let iteration = 0; iteration < 30; iteration++) {
    const expected = weights.reduce((sum, w) => sum + Math.min(1, w * scale), 0) * postCount;
    scale *= dailyTarget / expected;
  }
  // Practice days follow the same spread (weights have mean 1); 1-3 answers (mean 2) per practice day.
  const practiceChance = practiceTarget / 2 / (members * postCount);

  // Per member: all-time totals, and those of the latest week and month they answered in (what
  // member_progress keeps). Index 0 = all, 1 = week, 2 = month; three numbers each (points, answered, correct).
  const weekOf = posts.map((p) => isoWeekKey(p.localDate));
  const monthOf = posts.map((p) => monthKey(p.localDate));
  const totals = new Int32Array(9);
  let weekKey: string | null = null;
  let monthKeyOf: string | null = null;
  const topic = new Int32Array(TOPICS.length * 2);

  const answerSqls = dropIndexes(db, ['answers', 'member_progress']);
  const insertAnswer = db.prepare(
    `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, freezes, freezes_used, last_seq, last_answered_seq,
       daily_answered, daily_correct, topics, left_at, updated_at, points, answered, correct, week_key, week_points, week_answered,
       week_correct, month_key, month_points, month_answered, month_correct)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  let answers = 0;
  const state: StreakState = { current: 0, best: 0, freezes: 0, freezesUsed: 0 };
  const events = newEvents();
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const user = userId(i);
      const rate = Math.min(1, weights[i]! * scale);
      const accuracy = 0.35 + 0.6 * random();
      state.current = state.best = state.freezes = state.freezesUsed = 0;
      let lastSeq = 0;
      let lastAnsweredSeq = 0;
      let dailyAnswered = 0;
      let dailyCorrect = 0;
      let lastAt = 0;
      totals.fill(0);
      weekKey = monthKeyOf = null;
      topic.fill(0);
      const add = (p: number, points: number, correct: number, topicIndex: number) => {
        // Posts come in date order: a new week (month) starts its counts over, as addAnswerToScores does.
        if (weekOf[p] !== weekKey) {
          weekKey = weekOf[p]!;
          totals.fill(0, 3, 6);
        }
        if (monthOf[p] !== monthKeyOf) {
          monthKeyOf = monthOf[p]!;
          totals.fill(0, 6, 9);
        }
        for (const base of [0, 3, 6]) {
          totals[base] = totals[base]! + points;
          totals[base + 1] = totals[base + 1]! + 1;
          totals[base + 2] = totals[base + 2]! + correct;
        }
        topic[topicIndex * 2] = topic[topicIndex * 2]! + 1;
        topic[topicIndex * 2 + 1] = topic[topicIndex * 2 + 1]! + correct;
      };
      for (let p = 0; p < posts.length; p++) {
        const post = posts[p]!;
        if (random() < rate) {
          const correct = random() < accuracy ? 1 : 0;
          const at = post.opensAt + Math.floor(random() * 11 * 3_600_000);
          insertAnswer.run(GUILD, user, 0, post.id, `q${p % 500}`, TOPICS[p % TOPICS.length], '["a"]', correct, correct * 10, post.localDate, at);
          add(p, correct * 10, correct, p % TOPICS.length);
          applyOutcome(state, 'answered', events);
          lastSeq = lastAnsweredSeq = post.seq;
          dailyAnswered++;
          dailyCorrect += correct;
          lastAt = at;
          answers++;
        } else if (p < posts.length - 1 && state.current > 0) {
          applyOutcome(state, 'missed', events);
          lastSeq = post.seq;
        }
        if (random() < practiceChance * weights[i]!) {
          const n = 1 + Math.floor(random() * 3);
          for (let k = 0; k < n; k++) {
            const t = Math.floor(random() * TOPICS.length);
            const correct = random() < accuracy ? 1 : 0;
            insertAnswer.run(GUILD, user, 1, null, 'p', TOPICS[t], '["b"]', correct, correct * 2, post.localDate, post.opensAt + k * 60_000);
            add(p, correct * 2, correct, t);
            answers++;
          }
        }
      }
      if (totals[1] === 0) continue; // never answered: no row at all
      const topics: Record<string, [number, number]> = {};
      TOPICS.forEach((topicId, t) => {
        if (topic[t * 2]! > 0) topics[topicId] = [topic[t * 2]!, topic[t * 2 + 1]!];
      });
      insertMember.run(
        GUILD, user, state.current, state.best, state.freezes, state.freezesUsed, lastSeq, lastAnsweredSeq, dailyAnswered, dailyCorrect,
        JSON.stringify(topics), lastAt, totals[0], totals[1], totals[2], weekKey, totals[3], totals[4], totals[5], monthKeyOf, totals[6],
        totals[7], totals[8],
      );
    }
  });
  const t0 = performance.now();
  for (let from = 0; from < members; from += 2000) {
    chunk(from, Math.min(members, from + 2000));
    if (from % 20000 === 0) log(`progress: generating… ${from}/${members} members, ${answers} answers, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  log(`progress: rebuilding ${answerSqls.length} indexes…`);
  for (const sql of answerSqls) db.exec(sql);
  // A year of history whose review cards a running bot would have stepped long ago (the review bench builds
  // cards of its own): none of it is pending, as after migration 0012 on an upgraded database.
  db.prepare('UPDATE card_outbox SET stepped_through = (SELECT coalesce(max(id), 0) FROM answers) WHERE id = 1').run();
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { posts, answers };
}

