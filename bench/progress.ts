/**
 * Bench of the progress module on one large server (defaults: 100,000 members, 5,000,000 answers over a
 * year of daily posts, 20 % of them /practice). Sizes via env: BENCH_MEMBERS, BENCH_ANSWERS, BENCH_POSTS,
 * BENCH_WRITES (answers per write mode), BENCH_BATCH (the queue's largest commit), BENCH_QUERIES (samples per query).
 * BENCH_KEEP=1 keeps the database file; BENCH_PRAGMAS='cache_size=-262144,…' tries other settings.
 *
 * Measures, in one run:
 *  - the first leaderboard of a process (members loaded into memory);
 *  - leaderboards (points/accuracy × week/month/all, streak), getStats, getStreak, each read right after a
 *    write: p50/p99 against the 5 ms target, and the points board answered by SQL with an index on points;
 *  - answers recorded per second WITH the streak, points, totals and boards updated, one transaction per
 *    answer and through the bot's group-commit queue, each next to raw SQLite inserts of the same rows in the
 *    same mode (the ratio is printed); then how long the queue's card stepper takes to apply the burst's
 *    review-card steps after the last ack (steps/s);
 *  - closeDailyWindow settling the whole server; heatmap PNG rendering.
 * Run alone: `npx tsx bench/progress.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  closeDailyWindow,
  DailyAnswerQueue,
  settleCardSteps,
  DEFAULT_MAX_BATCH,
  getLeaderboard,
  getStats,
  getStreak,
  recordDailyAnswer,
  recordDailyAnswers,
  recordPracticeAnswer,
  renderHeatmap,
  TOPIC_WEIGHTS,
  type DailyAnswerInput,
  type LeaderboardMetric,
  type Period,
} from '../src/progress/index.ts';
import { addDays } from '../src/progress/dates.ts';
import { openSqlite, startCheckpointer, type SqliteDb } from '../src/storage/index.ts';
import { GUILD, opensAtOf, userId, ZONE, type Generated } from './progress-data.ts';
import { percentiles, seededRandom, type Percentiles } from './stats.ts';

export interface ProgressBenchResult {
  members: number;
  answers: number;
  posts: number;
  generateSeconds: number;
  databaseMiB: number;
  queries: Record<string, Percentiles>;
  loadAverage: number[];
  /** The points/all board by SQL alone: COUNT of better members plus ORDER BY … LIMIT 10, no index. */
  baselineRankByCount: Percentiles;
  /** First leaderboard of a process: members loaded, one board built. */
  coldBoardMs: number;
  targetMs: number;
  writes: {
    perAnswerCommit: { answers: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
    groupCommit: { answers: number; batch: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
    /** The daily answers' card steps, applied by the queue's stepper after the group commit's burst. */
    cardStepper: { steps: number; batches: number; catchUpMs: number; perSecond: number; cpuMicrosPerStep: number };
  };
  closeDailyWindowMs: number;
  closeDailyWindowMembers: number;
  heatmapMs: Percentiles;
}

const TARGET_MS = 5;

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  const parsed = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : fallback;
}

async function time<T>(samples: number[], fn: () => T | Promise<T>): Promise<T> {
  const t = performance.now();
  const value = await fn();
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
  const batch = envNumber('BENCH_BATCH', DEFAULT_MAX_BATCH);
  const queryRuns = envNumber('BENCH_QUERIES', 1000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-progress-'));
  const path = join(dir, 'progress.sqlite');
  const today = '2025-06-30';
  const now = opensAtOf(today) + 3 * 3_600_000; // 12:00 local, today's window open
  log(`progress: generating ${members} members, ~${targetAnswers} answers over ${postCount} daily posts (child process)…`);
  const t0 = performance.now();
  // Generated in a child process: this one then opens the file as a bot would, without the generator's heap.
  const generated = JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./progress-generate.ts', import.meta.url)), path, String(members), String(targetAnswers), String(postCount), today],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    ),
  ) as Generated;
  const generateSeconds = (performance.now() - t0) / 1000;
  // The bench runs on SQLite (the embedded default); its raw baselines use the connection itself.
  const db = openSqlite(path);
  const conn = db.connection;
  for (const pragma of (process.env.BENCH_PRAGMAS ?? '').split(',').filter(Boolean)) conn.pragma(pragma);
  try {
    const databaseMiB = statSync(path).size / 2 ** 20;
    log(`progress: generated ${generated.answers} answers in ${generateSeconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);
    log(`progress: machine load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs (other processes inflate the tails)`);

    // ---- queries ----
    const random = seededRandom(42);
    const someone = () => userId(Math.floor(random() * members));
    // The first leaderboard after a start loads the server's members and builds the board (once per process).
    let t = performance.now();
    await getLeaderboard(db, GUILD, { metric: 'points', period: 'all', userId: someone(), now, timezone: ZONE });
    const coldBoardMs = performance.now() - t;
    log(`progress: first leaderboard after start     ${coldBoardMs.toFixed(1)} ms (loads ${members} members' scores into memory, builds one board)`);
    const queries: Record<string, Percentiles> = {};
    // Each timed read follows a write (an untimed /practice answer by someone), as during the morning rush: no
    // read is served from a top list cached by the read before it.
    let practiceAt = now;
    const writeSomething = () =>
      recordPracticeAnswer(db, { guildId: GUILD, userId: someone(), questionId: 'p', topicId: '330.4', answer: ['b'], correct: random() < 0.6, answeredAt: practiceAt++, timezone: ZONE });
    const measure = async (name: string, fn: (user: string) => unknown) => {
      for (let i = 0; i < 50; i++) await fn(someone()); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < queryRuns; i++) {
        const user = someone();
        await writeSomething();
        await time(samples, () => fn(user));
      }
      queries[name] = percentiles(samples);
      const q = queries[name];
      log(`progress: ${name.padEnd(28)} p50 ${q.p50.toFixed(3)} ms  p99 ${q.p99.toFixed(3)} ms  max ${q.max.toFixed(3)} ms  (target p99 < ${TARGET_MS} ms)`);
    };
    for (const metric of ['points', 'accuracy'] as LeaderboardMetric[]) {
      for (const period of ['week', 'month', 'all'] as Period[]) {
        await measure(`leaderboard ${metric}/${period}`, (user) => getLeaderboard(db, GUILD, { metric, period, userId: user, now, timezone: ZONE }));
      }
    }
    await measure('leaderboard streak', (user) => getLeaderboard(db, GUILD, { metric: 'streak', period: 'all', userId: user, now, timezone: ZONE }));
    await measure('getStats (6 months of days)', (user) => getStats(db, GUILD, user, { now, timezone: ZONE }));
    await measure('getStreak', (user) => getStreak(db, GUILD, user, now));

    // Baseline: the same board answered by SQL, with an index on points built for it (the bot keeps no score
    // index: every answer would rewrite it): "my rank" as a COUNT of better members, the top 10 as an ORDER BY.
    conn.exec(`CREATE INDEX bench_points ON member_progress(guild_id, points DESC, user_id)`);
    const points = conn.prepare(`SELECT points FROM member_progress WHERE guild_id = ? AND user_id = ?`).pluck();
    // (Every generated member has answered and none has left, so no other condition is needed.)
    const countBetter = conn.prepare(`SELECT count(*) FROM member_progress INDEXED BY bench_points WHERE guild_id = ? AND points > ?`).pluck();
    const topTen = conn.prepare(
      `SELECT user_id, points FROM member_progress INDEXED BY bench_points WHERE guild_id = ? ORDER BY points DESC, user_id LIMIT 10`,
    );
    const baselineSamples: number[] = [];
    for (let i = 0; i < Math.min(queryRuns, 200); i++) {
      const mine = (points.get(GUILD, someone()) as number | undefined) ?? 0;
      await time(baselineSamples, () => [countBetter.get(GUILD, mine), topTen.all(GUILD)]);
    }
    const baselineRankByCount = percentiles(baselineSamples);
    conn.exec('DROP INDEX bench_points');
    log(
      `progress: baseline points/all in SQL, indexed  p50 ${baselineRankByCount.p50.toFixed(3)} ms  p99 ${baselineRankByCount.p99.toFixed(3)} ms (COUNT of better members + ORDER BY … LIMIT 10, index on points)`,
    );

    // ---- writes ----
    const lastPost = generated.posts.at(-1)!;
    const reveal = conn.prepare(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ?`);
    const addPost = conn.prepare(
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
    t = performance.now();
    const settled = await closeDailyWindow(db, GUILD, lastPost.seq, closeAt);
    const closeDailyWindowMs = performance.now() - t;
    log(`progress: closeDailyWindow                 ${closeDailyWindowMs.toFixed(1)} ms (${settled.membersUpdated} members settled: ${settled.freezesSpent} freezes spent, ${settled.streaksBroken} streaks ended)`);

    conn.exec(`CREATE TABLE bench_raw_answers (id INTEGER PRIMARY KEY, guild_id TEXT, user_id TEXT, kind INTEGER, post_id INTEGER, question_id TEXT,
      topic_id TEXT, answer TEXT, correct INTEGER, points INTEGER, local_date TEXT, answered_at INTEGER)`);
    const raw = conn.prepare(
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

    // As in the bot (bot/services.ts): WAL checkpoints run on a worker thread, not inside an answer's commit.
    // It starts from an empty WAL, as a bot whose worker has kept up would (the reads above left writes in it).
    conn.pragma('wal_checkpoint(TRUNCATE)');
    const checkpointer = startCheckpointer(db);
    // Warm-up (not measured): a running bot has the hot pages of its server in its page cache.
    const warm = nextPost();
    const warmInputs = burst(warm.id, warm.opensAt);
    for (let i = 0; i < warmInputs.length; i += batch) await recordDailyAnswers(db, warmInputs.slice(i, i + batch));
    await settleCardSteps(db);
    reveal.run(warm.opensAt + 12 * 3_600_000, warm.id);
    await closeDailyWindow(db, GUILD, seq, warm.opensAt + 12 * 3_600_000);
    const cpuPerAnswer = (since: NodeJS.CpuUsage, n: number) => {
      const used = process.cpuUsage(since);
      return Math.round((used.user + used.system) / n);
    };

    // Mode 1: one transaction per answer (what a lone click costs), vs raw autocommit inserts.
    conn.pragma('wal_checkpoint(TRUNCATE)'); // each burst starts after a quiet spell: the worker has caught up
    const p1 = nextPost();
    const inputs1 = burst(p1.id, p1.opensAt);
    let cpu = process.cpuUsage();
    t = performance.now();
    for (const input of inputs1) {
      const r = await recordDailyAnswer(db, input);
      if (r.status !== 'recorded') throw new Error(`bench: unexpected ${r.status}`);
    }
    const perAnswer = inputs1.length / ((performance.now() - t) / 1000);
    const perAnswerCpu = cpuPerAnswer(cpu, inputs1.length);
    t = performance.now();
    for (const input of inputs1) rawRow(input, date);
    const rawPerAnswer = inputs1.length / ((performance.now() - t) / 1000);
    log(
      `progress: record, 1 commit per answer       ${Math.round(perAnswer)} answers/s with streak, points and boards (cpu ${perAnswerCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawPerAnswer)}/s (ratio ${(perAnswer / rawPerAnswer).toFixed(3)})`,
    );

    await settleCardSteps(db); // mode 1's card steps, untimed: the stepper below measures only the burst's
    reveal.run(p1.opensAt + 12 * 3_600_000, p1.id);
    await closeDailyWindow(db, GUILD, seq, p1.opensAt + 12 * 3_600_000);

    // Mode 2: the bot's own path for a burst right after the post: every click offered to the group-commit
    // queue at once, each awaited; vs raw inserts in transactions of the same size.
    conn.pragma('wal_checkpoint(TRUNCATE)'); // each burst starts after a quiet spell: the worker has caught up
    const p2 = nextPost();
    const inputs2 = burst(p2.id, p2.opensAt);
    const queue = new DailyAnswerQueue(db, batch);
    cpu = process.cpuUsage();
    t = performance.now();
    const queued = await Promise.all(inputs2.map((input) => queue.record(input)));
    if (queued.some((r) => r.status !== 'recorded')) throw new Error('bench: an answer was not recorded');
    const grouped = inputs2.length / ((performance.now() - t) / 1000);
    const groupedCpu = cpuPerAnswer(cpu, inputs2.length);
    // The acks are out; the stepper applies the burst's card steps in the turns after the last group.
    cpu = process.cpuUsage();
    t = performance.now();
    await queue.cardStepsIdle();
    const catchUpMs = performance.now() - t;
    const steps = queue.stats.cardSteps;
    if (steps !== inputs2.length) throw new Error(`bench: ${steps} card steps for ${inputs2.length} answers`);
    const cardStepper = {
      steps,
      batches: queue.stats.cardStepBatches,
      catchUpMs: Math.round(catchUpMs),
      perSecond: Math.round(steps / (catchUpMs / 1000)),
      cpuMicrosPerStep: cpuPerAnswer(cpu, steps),
    };
    const rawBatch = conn.transaction((rows: DailyAnswerInput[]) => {
      for (const row of rows) rawRow(row, date);
    });
    t = performance.now();
    for (let i = 0; i < inputs2.length; i += batch) rawBatch(inputs2.slice(i, i + batch));
    const rawGrouped = inputs2.length / ((performance.now() - t) / 1000);
    log(
      `progress: record, group commit (queue, ${queue.stats.batches} commits of ≤ ${batch}) ${Math.round(grouped)} answers/s with streak, points and boards (cpu ${groupedCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawGrouped)}/s (ratio ${(grouped / rawGrouped).toFixed(3)})`,
    );

    log(
      `progress: card stepper after the burst      ${cardStepper.steps} card steps in ${cardStepper.catchUpMs} ms after the last ack (${cardStepper.batches} transactions): ${cardStepper.perSecond} steps/s (cpu ${cardStepper.cpuMicrosPerStep} us/step)`,
    );

    await checkpointer.stop();

    // ---- heatmap ----
    const heavy = userId(heaviestMember(db));
    const stats = await getStats(db, GUILD, heavy, { now, timezone: ZONE });
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
      coldBoardMs: Math.round(coldBoardMs * 10) / 10,
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
        cardStepper,
      },
      closeDailyWindowMs: Math.round(closeDailyWindowMs * 10) / 10,
      closeDailyWindowMembers: settled.membersUpdated,
      heatmapMs,
    };
  } finally {
    await db.close();
    if (process.env.BENCH_KEEP === '1') log(`progress: kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The member with the most answers (for a busy heatmap). */
function heaviestMember(db: SqliteDb): number {
  const user = db.connection
    .prepare(`SELECT user_id FROM member_progress WHERE guild_id = ? ORDER BY answered DESC LIMIT 1`)
    .pluck()
    .get(GUILD) as string;
  return Number(BigInt(user) - 100000000000000000n);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchProgress();
}
