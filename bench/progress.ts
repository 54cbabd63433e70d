/**
 * Bench of the progress module on one large server (defaults: 100,000 members, 5,000,000 answers over a
 * year of daily posts, 20 % of them /practice). Sizes via env: BENCH_MEMBERS, BENCH_ANSWERS, BENCH_POSTS,
 * BENCH_WRITES (answers per write mode), BENCH_BATCH (group-commit size), BENCH_QUERIES (samples per query).
 * BENCH_KEEP=1 keeps the database file; BENCH_PRAGMAS='cache_size=-262144,…' tries other settings.
 *
 * Measures, in one run:
 *  - leaderboards (points/accuracy × week/month/all, streak), getStats, getStreak: p50/p99 against the 5 ms
 *    target, and the rank query we did not use (COUNT of better rows in an index) as a baseline;
 *  - answers recorded per second WITH streak/rollup/leaderboard updates, one transaction per answer and in
 *    group commits, each next to raw SQLite inserts of the same rows in the same mode (the ratio is printed);
 *  - closeDailyWindow settling the whole server; heatmap PNG rendering.
 * Run alone: `npx tsx bench/progress.ts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  closeDailyWindow,
  getLeaderboard,
  getStats,
  getStreak,
  recordDailyAnswer,
  recordDailyAnswers,
  renderHeatmap,
  TOPIC_WEIGHTS,
  type DailyAnswerInput,
  type LeaderboardMetric,
  type Period,
} from '../src/progress/index.ts';
import { addDays, isoWeekKey, monthKey } from '../src/progress/dates.ts';
import { accuracyPerMille, accuracyBoard, pointsBoard, STREAK_BOARD } from '../src/progress/rollups.ts';
import { applyOutcome, newEvents, type StreakState } from '../src/progress/streak-rules.ts';
import { openDatabase, type Db } from '../src/storage/index.ts';
import { percentiles, seededRandom, type Percentiles } from './stats.ts';

export interface ProgressBenchResult {
  members: number;
  answers: number;
  posts: number;
  generateSeconds: number;
  databaseMiB: number;
  queries: Record<string, Percentiles>;
  loadAverage: number[];
  baselineRankByCount: Percentiles;
  targetMs: number;
  writes: {
    perAnswerCommit: { answers: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
    groupCommit: { answers: number; batch: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
  };
  closeDailyWindowMs: number;
  closeDailyWindowMembers: number;
  heatmapMs: Percentiles;
}

const GUILD = '900000000000000001';
const ZONE = 'America/Sao_Paulo';
const TARGET_MS = 5;
const TOPICS = Object.keys(TOPIC_WEIGHTS);

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  const parsed = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : fallback;
}



const userId = (i: number) => String(100000000000000000n + BigInt(i));

/** Bulk loads drop the secondary indexes of these tables and rebuild them afterwards (a sort beats random inserts). */
function dropIndexes(db: Db, tables: string[]): string[] {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
    .all(...tables) as { name: string; sql: string }[];
  for (const row of rows) db.exec(`DROP INDEX ${row.name}`);
  return rows.map((r) => r.sql);
}

interface Generated {
  posts: { id: number; seq: number; localDate: string; opensAt: number; closesAt: number }[];
  answers: number;
}

/** Local 09:00-21:00 in São Paulo (UTC-3 all year) of a local date. */
const opensAtOf = (date: string) => Date.parse(`${date}T12:00:00Z`);

function generate(db: Db, members: number, targetAnswers: number, postCount: number, today: string, log: (line: string) => void): Generated {
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

  const periodKeys = [...new Set(posts.flatMap((p) => [isoWeekKey(p.localDate), monthKey(p.localDate)])), 'all'].sort();
  const periodIndex = new Map(periodKeys.map((key, i) => [key, i]));
  const weekOf = posts.map((p) => periodIndex.get(isoWeekKey(p.localDate))!);
  const monthOf = posts.map((p) => periodIndex.get(monthKey(p.localDate))!);
  const allIndex = periodIndex.get('all')!;
  const period = new Int32Array(periodKeys.length * 3);
  const topic = new Int32Array(TOPICS.length * 2);
  const counts = new Map<string, Map<number, number>>();
  const count = (board: string, score: number) => {
    let byScore = counts.get(board);
    if (!byScore) counts.set(board, (byScore = new Map()));
    byScore.set(score, (byScore.get(score) ?? 0) + 1);
  };

  const answerSqls = dropIndexes(db, ['answers', 'member_period_stats', 'member_progress']);
  const insertAnswer = db.prepare(
    `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, freezes, freezes_used, last_seq, last_answered_seq,
       daily_answered, daily_correct, topics, left_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const insertPeriod = db.prepare(
    `INSERT INTO member_period_stats (guild_id, user_id, period, points, answered, correct, acc_pm, listed) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  );

  // Period rows are buffered (period, member, points, answered, correct) and inserted in primary-key order
  // (period, member) at the end: appending to the b-tree instead of inserting all over it.
  let periodRows = new Int32Array(1 << 20);
  let periodRowCount = 0;
  const pushPeriodRow = (p: number, member: number, points: number, answered: number, correct: number) => {
    if ((periodRowCount + 1) * 5 > periodRows.length) {
      const bigger = new Int32Array(periodRows.length * 2);
      bigger.set(periodRows);
      periodRows = bigger;
    }
    periodRows.set([p, member, points, answered, correct], periodRowCount * 5);
    periodRowCount++;
  };

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
      period.fill(0);
      topic.fill(0);
      const add = (p: number, points: number, correct: number, topicIndex: number) => {
        for (const index of [weekOf[p]!, monthOf[p]!, allIndex]) {
          period[index * 3] = period[index * 3]! + points;
          period[index * 3 + 1] = period[index * 3 + 1]! + 1;
          period[index * 3 + 2] = period[index * 3 + 2]! + correct;
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
      if (period[allIndex * 3 + 1] === 0) continue; // never answered: no rows at all
      const topics: Record<string, [number, number]> = {};
      TOPICS.forEach((topicId, t) => {
        if (topic[t * 2]! > 0) topics[topicId] = [topic[t * 2]!, topic[t * 2 + 1]!];
      });
      insertMember.run(GUILD, user, state.current, state.best, state.freezes, state.freezesUsed, lastSeq, lastAnsweredSeq, dailyAnswered, dailyCorrect, JSON.stringify(topics), lastAt);
      if (state.current > 0) count(STREAK_BOARD, state.current);
      periodKeys.forEach((key, index) => {
        const answered = period[index * 3 + 1]!;
        if (answered === 0) return;
        const points = period[index * 3]!;
        const correct = period[index * 3 + 2]!;
        const acc = accuracyPerMille(correct, answered);
        pushPeriodRow(index, i, points, answered, correct);
        count(pointsBoard(key), points);
        if (acc !== null) count(accuracyBoard(key), acc);
      });
    }
  });
  const t0 = performance.now();
  for (let from = 0; from < members; from += 2000) {
    chunk(from, Math.min(members, from + 2000));
    if (from % 20000 === 0) log(`progress: generating… ${from}/${members} members, ${answers} answers, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Counting sort by period keeps members ascending within each period (they were generated in order).
  const byPeriod: number[][] = periodKeys.map(() => []);
  for (let r = 0; r < periodRowCount; r++) byPeriod[periodRows[r * 5]!]!.push(r);
  const insertPeriods = db.transaction((rows: number[], key: string) => {
    for (const r of rows) {
      const o = r * 5;
      const answered = periodRows[o + 3]!;
      const correct = periodRows[o + 4]!;
      insertPeriod.run(GUILD, userId(periodRows[o + 1]!), key, periodRows[o + 2], answered, correct, accuracyPerMille(correct, answered));
    }
  });
  byPeriod.forEach((rows, p) => insertPeriods(rows, periodKeys[p]!));
  log(`progress: ${periodRowCount} period rollup rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.transaction(() => {
    const insertCount = db.prepare('INSERT INTO leaderboard_counts (guild_id, board, score, members) VALUES (?, ?, ?, ?)');
    for (const [board, byScore] of counts) for (const [score, n] of byScore) insertCount.run(GUILD, board, score, n);
  })();
  log(`progress: rebuilding ${answerSqls.length} indexes…`);
  for (const sql of answerSqls) db.exec(sql);
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { posts, answers };
}

function time<T>(samples: number[], fn: () => T): T {
  const t = performance.now();
  const value = fn();
  samples.push(performance.now() - t);
  return value;
}

export async function benchProgress(
  options: { members?: number; answers?: number; posts?: number; log?: (line: string) => void } = {},
): Promise<ProgressBenchResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const members = options.members ?? envNumber('BENCH_MEMBERS', 100_000);
  const targetAnswers = options.answers ?? envNumber('BENCH_ANSWERS', 5_000_000);
  const postCount = options.posts ?? envNumber('BENCH_POSTS', 365);
  const writes = envNumber('BENCH_WRITES', 20_000);
  const batch = envNumber('BENCH_BATCH', 500);
  const queryRuns = envNumber('BENCH_QUERIES', 1000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-progress-'));
  const path = join(dir, 'progress.sqlite');
  const db = openDatabase(path);
  for (const pragma of (process.env.BENCH_PRAGMAS ?? '').split(',').filter(Boolean)) db.pragma(pragma);
  try {
    const today = '2025-06-30';
    const now = opensAtOf(today) + 3 * 3_600_000; // 12:00 local, today's window open
    log(`progress: generating ${members} members, ~${targetAnswers} answers over ${postCount} daily posts…`);
    const t0 = performance.now();
    const generated = generate(db, members, targetAnswers, postCount, today, log);
    const generateSeconds = (performance.now() - t0) / 1000;
    const databaseMiB = statSync(path).size / 2 ** 20;
    log(`progress: generated ${generated.answers} answers in ${generateSeconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);
    log(`progress: machine load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs (other processes inflate the tails)`);

    // ---- queries ----
    const random = seededRandom(42);
    const someone = () => userId(Math.floor(random() * members));
    const queries: Record<string, Percentiles> = {};
    const measure = (name: string, fn: (user: string) => unknown) => {
      for (let i = 0; i < 50; i++) fn(someone()); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < queryRuns; i++) {
        const user = someone();
        time(samples, () => fn(user));
      }
      queries[name] = percentiles(samples);
      const q = queries[name];
      log(`progress: ${name.padEnd(28)} p50 ${q.p50.toFixed(3)} ms  p99 ${q.p99.toFixed(3)} ms  max ${q.max.toFixed(3)} ms  (target p99 < ${TARGET_MS} ms)`);
    };
    for (const metric of ['points', 'accuracy'] as LeaderboardMetric[]) {
      for (const period of ['week', 'month', 'all'] as Period[]) {
        measure(`leaderboard ${metric}/${period}`, (user) => getLeaderboard(db, GUILD, { metric, period, userId: user, now, timezone: ZONE }));
      }
    }
    measure('leaderboard streak', (user) => getLeaderboard(db, GUILD, { metric: 'streak', period: 'all', userId: user, now, timezone: ZONE }));
    measure('getStats (6 months of days)', (user) => getStats(db, GUILD, user, { now, timezone: ZONE }));
    measure('getStreak', (user) => getStreak(db, GUILD, user, now));

    // Baseline: the rank query the counts table replaces (COUNT of better rows walking the points index).
    const points = db.prepare(`SELECT points FROM member_period_stats WHERE guild_id = ? AND user_id = ? AND period = 'all'`).pluck();
    const countBetter = db
      .prepare(`SELECT count(*) FROM member_period_stats WHERE guild_id = ? AND period = 'all' AND listed = 1 AND points > ?`)
      .pluck();
    const baselineSamples: number[] = [];
    for (let i = 0; i < Math.min(queryRuns, 300); i++) {
      const mine = (points.get(GUILD, someone()) as number | undefined) ?? 0;
      time(baselineSamples, () => countBetter.get(GUILD, mine));
    }
    const baselineRankByCount = percentiles(baselineSamples);
    log(
      `progress: baseline rank by COUNT(*)       p50 ${baselineRankByCount.p50.toFixed(3)} ms  p99 ${baselineRankByCount.p99.toFixed(3)} ms (what "my rank" costs without leaderboard_counts)`,
    );

    // ---- writes ----
    const lastPost = generated.posts.at(-1)!;
    const reveal = db.prepare(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ?`);
    const addPost = db.prepare(
      `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce, claimed_at, sent_at, window_closes_at)
       VALUES (?, ?, ?, 'qw', '330.3', 'c', ?, 'sent', ?, ?, ?, ?)`,
    );
    let seq = lastPost.seq;
    let date = lastPost.localDate;
    const nextPost = () => {
      seq++;
      date = addDays(date, 1);
      const opensAt = opensAtOf(date);
      const id = Number(addPost.run(GUILD, date, seq, `mw${seq}`, `nw${seq}`, opensAt, opensAt, opensAt + 12 * 3_600_000).lastInsertRowid);
      return { id, opensAt };
    };
    const closeAt = lastPost.closesAt;
    reveal.run(closeAt, lastPost.id);
    let t = performance.now();
    const settled = closeDailyWindow(db, GUILD, lastPost.seq, closeAt);
    const closeDailyWindowMs = performance.now() - t;
    log(`progress: closeDailyWindow                 ${closeDailyWindowMs.toFixed(1)} ms (${settled.membersUpdated} members settled: ${settled.freezesSpent} freezes spent, ${settled.streaksBroken} streaks ended)`);

    db.exec(`CREATE TABLE bench_raw_answers (id INTEGER PRIMARY KEY, guild_id TEXT, user_id TEXT, kind INTEGER, post_id INTEGER, question_id TEXT,
      topic_id TEXT, answer TEXT, correct INTEGER, points INTEGER, local_date TEXT, answered_at INTEGER)`);
    const raw = db.prepare(
      `INSERT INTO bench_raw_answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
       VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rawRow = (a: DailyAnswerInput, localDate: string) =>
      raw.run(a.guildId, a.userId, a.postId, a.questionId, a.topicId, JSON.stringify(a.answer), a.correct ? 1 : 0, a.correct ? 10 : 0, localDate, a.answeredAt);
    const burst = (postId: number, opensAt: number): DailyAnswerInput[] => {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(writes, members)) chosen.add(Math.floor(random() * members));
      return [...chosen].map((i, k) => ({
        guildId: GUILD,
        userId: userId(i),
        postId,
        questionId: 'qw',
        topicId: '330.3',
        answer: ['a'],
        correct: random() < 0.7,
        answeredAt: opensAt + 1000 + k,
      }));
    };

    // Warm-up (not measured): a running bot has the hot pages of its server in its page cache.
    const warm = nextPost();
    const warmInputs = burst(warm.id, warm.opensAt);
    for (let i = 0; i < warmInputs.length; i += batch) recordDailyAnswers(db, warmInputs.slice(i, i + batch));
    reveal.run(warm.opensAt + 12 * 3_600_000, warm.id);
    closeDailyWindow(db, GUILD, seq, warm.opensAt + 12 * 3_600_000);
    const cpuPerAnswer = (since: NodeJS.CpuUsage, n: number) => {
      const used = process.cpuUsage(since);
      return Math.round((used.user + used.system) / n);
    };

    // Mode 1: one transaction per answer (what a lone click costs), vs raw autocommit inserts.
    const p1 = nextPost();
    const inputs1 = burst(p1.id, p1.opensAt);
    let cpu = process.cpuUsage();
    t = performance.now();
    for (const input of inputs1) {
      const r = recordDailyAnswer(db, input);
      if (r.status !== 'recorded') throw new Error(`bench: unexpected ${r.status}`);
    }
    const perAnswer = inputs1.length / ((performance.now() - t) / 1000);
    const perAnswerCpu = cpuPerAnswer(cpu, inputs1.length);
    t = performance.now();
    for (const input of inputs1) rawRow(input, date);
    const rawPerAnswer = inputs1.length / ((performance.now() - t) / 1000);
    log(
      `progress: record, 1 commit per answer       ${Math.round(perAnswer)} answers/s with streaks+rollups (cpu ${perAnswerCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawPerAnswer)}/s (ratio ${(perAnswer / rawPerAnswer).toFixed(3)})`,
    );

    reveal.run(p1.opensAt + 12 * 3_600_000, p1.id);
    closeDailyWindow(db, GUILD, seq, p1.opensAt + 12 * 3_600_000);

    // Mode 2: group commit (a burst right after the post), vs raw inserts in transactions of the same size.
    const p2 = nextPost();
    const inputs2 = burst(p2.id, p2.opensAt);
    cpu = process.cpuUsage();
    t = performance.now();
    for (let i = 0; i < inputs2.length; i += batch) recordDailyAnswers(db, inputs2.slice(i, i + batch));
    const grouped = inputs2.length / ((performance.now() - t) / 1000);
    const groupedCpu = cpuPerAnswer(cpu, inputs2.length);
    const rawBatch = db.transaction((rows: DailyAnswerInput[]) => {
      for (const row of rows) rawRow(row, date);
    });
    t = performance.now();
    for (let i = 0; i < inputs2.length; i += batch) rawBatch(inputs2.slice(i, i + batch));
    const rawGrouped = inputs2.length / ((performance.now() - t) / 1000);
    log(
      `progress: record, group commit of ${batch}      ${Math.round(grouped)} answers/s with streaks+rollups (cpu ${groupedCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawGrouped)}/s (ratio ${(grouped / rawGrouped).toFixed(3)})`,
    );

    // ---- heatmap ----
    const heavy = userId(heaviestMember(db));
    const stats = getStats(db, GUILD, heavy, { now, timezone: ZONE });
    const heatSamples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      await renderHeatmap({ title: 'Maria da Conceição', subtitle: `${stats.answered} respostas`, counts: stats.days.counts, to: stats.days.to });
      if (i >= 10) heatSamples.push(performance.now() - start);
    }
    const heatmapMs = percentiles(heatSamples);
    log(`progress: heatmap PNG (${stats.days.counts.length} days)        p50 ${heatmapMs.p50.toFixed(1)} ms  p99 ${heatmapMs.p99.toFixed(1)} ms`);

    return {
      members,
      answers: generated.answers,
      posts: postCount,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      databaseMiB: Math.round(databaseMiB),
      queries,
      loadAverage: loadavg(),
      baselineRankByCount,
      targetMs: TARGET_MS,
      writes: {
        perAnswerCommit: {
          answers: inputs1.length,
          perSecond: Math.round(perAnswer),
          cpuMicrosPerAnswer: perAnswerCpu,
          rawPerSecond: Math.round(rawPerAnswer),
          ratio: perAnswer / rawPerAnswer,
        },
        groupCommit: {
          answers: inputs2.length,
          batch,
          perSecond: Math.round(grouped),
          cpuMicrosPerAnswer: groupedCpu,
          rawPerSecond: Math.round(rawGrouped),
          ratio: grouped / rawGrouped,
        },
      },
      closeDailyWindowMs: Math.round(closeDailyWindowMs * 10) / 10,
      closeDailyWindowMembers: settled.membersUpdated,
      heatmapMs,
    };
  } finally {
    db.close();
    if (process.env.BENCH_KEEP === '1') log(`progress: kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The member with the most answers (for a busy heatmap). */
function heaviestMember(db: Db): number {
  const user = db
    .prepare(`SELECT user_id FROM member_period_stats WHERE guild_id = ? AND period = 'all' ORDER BY answered DESC LIMIT 1`)
    .pluck()
    .get(GUILD) as string;
  return Number(BigInt(user) - 100000000000000000n);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchProgress();
}
