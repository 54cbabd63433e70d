/**
 * Bench of the progress module on one large server (defaults: 100,000 members, 5,000,000 answers over a
 * year of daily posts, 20 % of them /practice), on both engines in one run: SQLite (the embedded default, the
 * baseline) and PostgreSQL (BENCH_DATABASE_URL, or a throwaway cluster; skipped with the reason when there is
 * none). The data is generated into a SQLite file, then moved into PostgreSQL by the bot's own `db copy`
 * (timed, and checked row for row) before either engine is measured, so both start from the same rows.
 * Sizes via env: BENCH_MEMBERS, BENCH_ANSWERS, BENCH_POSTS, BENCH_WRITES (answers per write mode), BENCH_BATCH
 * (the queue's largest commit), BENCH_QUERIES (samples per query). BENCH_KEEP=1 keeps the SQLite file;
 * BENCH_PRAGMAS='cache_size=-262144,…' tries other SQLite settings; BENCH_PROGRESS_ENGINES=sqlite runs one engine.
 *
 * Measures, per engine:
 *  - the first leaderboard of a process (members loaded into memory);
 *  - leaderboards (points/accuracy × week/month/all, streak), getStats, getStreak, each read right after a
 *    write: p50/p99 against the 5 ms target, and the points board answered by SQL with an index on points;
 *  - answers recorded per second WITH the streak, points, totals and boards updated, one transaction per
 *    answer and through the bot's group-commit queue, each next to raw inserts of the same rows in the same
 *    mode on the same engine (the ratio is printed); then how long the queue's card stepper takes to apply
 *    the burst's review-card steps after the last ack (steps/s);
 *  - closeDailyWindow settling the whole server.
 * Then heatmap PNG rendering (no database). Run alone: `npx tsx bench/progress.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
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
  type DailyAnswerInput,
  type LeaderboardMetric,
  type Period,
} from '../src/progress/index.ts';
import { addDays } from '../src/progress/dates.ts';
import { copyDatabase, openPostgres, openSqlite, startCheckpointer, type Db, type SqliteDb } from '../src/storage/index.ts';
import { GUILD, opensAtOf, userId, ZONE, type Generated } from './progress-data.ts';
import { percentiles, seededRandom, type Percentiles } from './stats.ts';
import { envNumber, errorMessage } from './support.ts';
import { benchSchemas } from './throwaway-postgres.ts';

type EngineName = 'SQLite' | 'PostgreSQL';

/** One engine's figures. */
export interface EngineProgressFigures {
  engine: EngineName;
  where: string;
  queries: Record<string, Percentiles>;
  /** The points/all board by SQL alone: COUNT of better members plus ORDER BY … LIMIT 10, on an index on points. */
  baselineRankByCount: Percentiles;
  /** First leaderboard of a process: members loaded, one board built. */
  coldBoardMs: number;
  writes: {
    perAnswerCommit: { answers: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
    groupCommit: { answers: number; batch: number; perSecond: number; cpuMicrosPerAnswer: number; rawPerSecond: number; ratio: number };
    /** The daily answers' card steps, applied by the queue's stepper after the group commit's burst. */
    cardStepper: { steps: number; batches: number; catchUpMs: number; perSecond: number; cpuMicrosPerStep: number };
  };
  closeDailyWindowMs: number;
  closeDailyWindowMembers: number;
}

export interface ProgressBenchResult {
  members: number;
  answers: number;
  posts: number;
  generateSeconds: number;
  databaseMiB: number;
  loadAverage: number[];
  targetMs: number;
  sqlite: EngineProgressFigures;
  postgres: EngineProgressFigures | { unavailable: string };
  /** `db copy` of the generated SQLite file into PostgreSQL, verification included. */
  copyToPostgres?: { rows: number; seconds: number; rowsPerSecond: number };
  heatmapMs: Percentiles;
}

/** The bare rows the raw baselines insert: an answer's columns, no streak, points or boards. */
interface RawAnswers {
  /** One autocommit INSERT per row. */
  each(rows: readonly DailyAnswerInput[], localDate: string): Promise<void>;
  /** One transaction per `batch` rows. */
  batched(rows: readonly DailyAnswerInput[], localDate: string, batch: number): Promise<void>;
  close(): Promise<void>;
}

/** What differs between the engines: the raw baseline's driver and SQLite's checkpoint housekeeping. */
interface EngineUnderTest {
  engine: EngineName;
  where: string;
  db: Db;
  openRaw(): Promise<RawAnswers>;
  /** Before each burst, the state after a quiet spell (SQLite: the checkpoint worker has emptied the WAL). */
  quiet(): Promise<void>;
  /** Housekeeping that runs beside the bot's writes (SQLite: WAL checkpoints on a worker thread, as in bot/services.ts). */
  startHousekeeping(): { stop(): Promise<void> };
}

const TARGET_MS = 5;
const RAW_COLUMNS = 'guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at';
const rawParams = (a: DailyAnswerInput, localDate: string) =>
  [a.guildId, a.userId, 0, a.postId, a.questionId, a.topicId, JSON.stringify(a.answer), a.correct ? 1 : 0, a.correct ? 10 : 0, localDate, a.answeredAt] as const;

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
  const sizes = {
    members,
    writes: envNumber('BENCH_WRITES', 20_000),
    batch: envNumber('BENCH_BATCH', DEFAULT_MAX_BATCH),
    queryRuns: envNumber('BENCH_QUERIES', 1000),
  };
  const withPostgres = (process.env.BENCH_PROGRESS_ENGINES ?? 'sqlite,postgres').split(',').includes('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'bench-progress-'));
  const path = join(dir, 'progress.sqlite');
  const today = '2025-06-30';
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
  const databaseMiB = statSync(path).size / 2 ** 20;
  log(`progress: generated ${generated.answers} answers in ${generateSeconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);
  log(`progress: machine load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs (other processes inflate the tails)`);

  const sqliteDb = openSqlite(path);
  for (const pragma of (process.env.BENCH_PRAGMAS ?? '').split(',').filter(Boolean)) sqliteDb.connection.pragma(pragma);
  let postgresSide: FilledPostgres | { unavailable: string } = { unavailable: 'BENCH_PROGRESS_ENGINES leaves it out' };
  try {
    // PostgreSQL is filled first, from the untouched file: the SQLite run below adds posts and answers.
    if (withPostgres) {
      postgresSide = await fillPostgres(sqliteDb, log);
      if ('unavailable' in postgresSide) log(`progress: PostgreSQL not measured: ${postgresSide.unavailable}`);
    }

    const sqlite = await measureEngine(sqliteEngine(sqliteDb, path), generated, sizes, log);
    const postgres = 'unavailable' in postgresSide ? postgresSide : await measureEngine(postgresEngine(postgresSide), generated, sizes, log);
    printComparison(sqlite, postgres, log);

    // ---- heatmap (no database) ----
    const heavy = await heaviestMember(sqliteDb);
    const stats = await getStats(sqliteDb, GUILD, heavy, { now: nowOf(today), timezone: ZONE });
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
      loadAverage: loadavg(),
      targetMs: TARGET_MS,
      sqlite,
      postgres,
      copyToPostgres: 'unavailable' in postgresSide ? undefined : postgresSide.copy,
      heatmapMs,
    };
  } finally {
    await sqliteDb.close();
    if (!('unavailable' in postgresSide)) await postgresSide.close().catch((error: unknown) => log(`progress: could not drop the bench schema: ${errorMessage(error)}`));
    if (process.env.BENCH_KEEP === '1') log(`progress: kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** 12:00 local on `today`: that day's window is open. */
const nowOf = (today: string) => opensAtOf(today) + 3 * 3_600_000;

function sqliteEngine(db: SqliteDb, path: string): EngineUnderTest {
  const conn = db.connection;
  return {
    engine: 'SQLite',
    where: path,
    db,
    async openRaw() {
      conn.exec(`CREATE TABLE bench_raw_answers (id INTEGER PRIMARY KEY, guild_id TEXT, user_id TEXT, kind INTEGER, post_id INTEGER,
        question_id TEXT, topic_id TEXT, answer TEXT, correct INTEGER, points INTEGER, local_date TEXT, answered_at INTEGER)`);
      // Straight on the better-sqlite3 connection: no async interface, no domain.
      const insert = conn.prepare(`INSERT INTO bench_raw_answers (${RAW_COLUMNS}) VALUES (${RAW_COLUMNS.split(',').map(() => '?').join(', ')})`);
      const inTransaction = conn.transaction((rows: readonly DailyAnswerInput[], localDate: string) => {
        for (const row of rows) insert.run(...rawParams(row, localDate));
      });
      return {
        async each(rows, localDate) {
          for (const row of rows) insert.run(...rawParams(row, localDate));
        },
        async batched(rows, localDate, batch) {
          for (let i = 0; i < rows.length; i += batch) inTransaction(rows.slice(i, i + batch), localDate);
        },
        async close() {},
      };
    },
    async quiet() {
      conn.pragma('wal_checkpoint(TRUNCATE)');
    },
    startHousekeeping: () => startCheckpointer(db),
  };
}

/** PostgreSQL holding a copy of the generated data. */
interface FilledPostgres {
  db: Db;
  url: string;
  where: string;
  copy: NonNullable<ProgressBenchResult['copyToPostgres']>;
  /** Closes the pool, drops the schema, stops a throwaway server. */
  close(): Promise<void>;
}

/** A schema on the bench's PostgreSQL server filled from `source` by the bot's own db copy, or why there is none. */
async function fillPostgres(source: Db, log: (line: string) => void): Promise<FilledPostgres | { unavailable: string }> {
  const schemas = await benchSchemas('bench_progress', ['progress']);
  if ('unavailable' in schemas) return schemas;
  const [url] = schemas.urls as [string];
  let db: Db | undefined;
  try {
    db = await openPostgres(url);
    log(`progress: copying the database into PostgreSQL with db copy (${schemas.where})…`);
    const t = performance.now();
    const copied = await copyDatabase(source, db, { batchSize: 1000 });
    const seconds = (performance.now() - t) / 1000;
    if (!copied.ok) throw new Error(`progress: db copy lost rows: ${JSON.stringify(copied.tables.filter((c) => !c.ok))}`);
    const rows = copied.tables.reduce((sum, table) => sum + table.target, 0);
    const copy = { rows, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds) };
    log(`progress: db copy: ${rows} rows in ${seconds.toFixed(1)} s (${copy.rowsPerSecond} rows/s, both sides' checksums compared)`);
    const opened = db;
    return {
      db: opened,
      url,
      where: schemas.where,
      copy,
      close: async () => {
        await opened.close().catch(() => undefined);
        await schemas.close();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await schemas.close().catch(() => undefined);
    throw error;
  }
}

function postgresEngine({ db, url, where }: FilledPostgres): EngineUnderTest {
  return {
    engine: 'PostgreSQL',
    where,
    db,
    async openRaw() {
      // One plain client of the driver: no pool, no SERIALIZABLE, no retries, no domain.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE TABLE bench_raw_answers (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, guild_id TEXT, user_id TEXT,
        kind INTEGER, post_id BIGINT, question_id TEXT, topic_id TEXT, answer TEXT, correct INTEGER, points INTEGER, local_date TEXT, answered_at BIGINT)`);
      const text = `INSERT INTO bench_raw_answers (${RAW_COLUMNS}) VALUES (${RAW_COLUMNS.split(',').map((_, i) => `$${i + 1}`).join(', ')})`;
      const insert = (row: DailyAnswerInput, localDate: string) => client.query({ name: 'bench_raw_insert', text, values: [...rawParams(row, localDate)] });
      return {
        async each(rows, localDate) {
          for (const row of rows) await insert(row, localDate);
        },
        async batched(rows, localDate, batch) {
          for (let i = 0; i < rows.length; i += batch) {
            await client.query('BEGIN');
            for (const row of rows.slice(i, i + batch)) await insert(row, localDate);
            await client.query('COMMIT');
          }
        },
        close: () => client.end(),
      };
    },
    async quiet() {},
    startHousekeeping: () => ({ stop: async () => {} }),
  };
}

async function measureEngine(
  engine: EngineUnderTest,
  generated: Generated,
  sizes: { members: number; writes: number; batch: number; queryRuns: number },
  log: (line: string) => void,
): Promise<EngineProgressFigures> {
  const { db } = engine;
  const { members, writes, batch, queryRuns } = sizes;
  const say = (line: string) => log(`progress: [${engine.engine}] ${line}`);
  say(`on ${engine.where}`);
  const now = nowOf(generated.posts.at(-1)!.localDate);
  // The same seed on both engines: the same members read, write and answer in the same order.
  const random = seededRandom(42);
  const someone = () => userId(Math.floor(random() * members));

  // ---- queries ----
  // The first leaderboard after a start loads the server's members and builds the board (once per process).
  let t = performance.now();
  await getLeaderboard(db, GUILD, { metric: 'points', period: 'all', userId: someone(), now, timezone: ZONE });
  const coldBoardMs = performance.now() - t;
  say(`first leaderboard after start     ${coldBoardMs.toFixed(1)} ms (loads ${members} members' scores into memory, builds one board)`);
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
    say(`${name.padEnd(28)} p50 ${q.p50.toFixed(3)} ms  p99 ${q.p99.toFixed(3)} ms  max ${q.max.toFixed(3)} ms  (target p99 < ${TARGET_MS} ms)`);
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
  // (Every generated member has answered and none has left, so no other condition is needed.)
  await db.run(`CREATE INDEX bench_points ON member_progress(guild_id, points DESC, user_id)`);
  // PostgreSQL counts through an index without visiting the table only where VACUUM has marked pages all-visible.
  if (db.dialect === 'postgres') await db.run('VACUUM (ANALYZE) member_progress');
  const countBetter = {
    sqlite: `SELECT count(*) AS n FROM member_progress INDEXED BY bench_points WHERE guild_id = ? AND points > ?`,
    postgres: `SELECT count(*) AS n FROM member_progress WHERE guild_id = ? AND points > ?`,
  };
  const topTen = {
    sqlite: `SELECT user_id, points FROM member_progress INDEXED BY bench_points WHERE guild_id = ? ORDER BY points DESC, user_id LIMIT 10`,
    postgres: `SELECT user_id, points FROM member_progress WHERE guild_id = ? ORDER BY points DESC, user_id LIMIT 10`,
  };
  const baselineSamples: number[] = [];
  for (let i = 0; i < Math.min(queryRuns, 200); i++) {
    const mine = (await db.get<{ points: number }>(`SELECT points FROM member_progress WHERE guild_id = ? AND user_id = ?`, [GUILD, someone()]))?.points ?? 0;
    await time(baselineSamples, async () => [await db.get(countBetter, [GUILD, mine]), await db.all(topTen, [GUILD])]);
  }
  const baselineRankByCount = percentiles(baselineSamples);
  await db.run('DROP INDEX bench_points');
  say(
    `baseline points/all in SQL, indexed  p50 ${baselineRankByCount.p50.toFixed(3)} ms  p99 ${baselineRankByCount.p99.toFixed(3)} ms (COUNT of better members + ORDER BY … LIMIT 10, index on points)`,
  );

  // ---- writes ----
  const lastPost = generated.posts.at(-1)!;
  const reveal = (postId: number, at: number) => db.run(`UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ?`, [at, postId]);
  let seq = lastPost.seq;
  let date = lastPost.localDate;
  const nextPost = async () => {
    seq++;
    date = addDays(date, 1);
    const opensAt = opensAtOf(date);
    const row = await db.get<{ id: number }>(
      `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce, claimed_at, sent_at, window_closes_at)
       VALUES (?, ?, ?, 'qw', '330.3', 'c', ?, 'sent', ?, ?, ?, ?) RETURNING id`,
      [GUILD, date, seq, `mw${seq}`, `nw${seq}`, opensAt, opensAt, opensAt + 12 * 3_600_000],
    );
    return { id: Number(row!.id), opensAt };
  };
  await reveal(lastPost.id, lastPost.closesAt);
  t = performance.now();
  const settled = await closeDailyWindow(db, GUILD, lastPost.seq, lastPost.closesAt);
  const closeDailyWindowMs = performance.now() - t;
  say(`closeDailyWindow                 ${closeDailyWindowMs.toFixed(1)} ms (${settled.membersUpdated} members settled: ${settled.freezesSpent} freezes spent, ${settled.streaksBroken} streaks ended)`);

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
  const closePost = async (post: { id: number; opensAt: number }) => {
    await reveal(post.id, post.opensAt + 12 * 3_600_000);
    await closeDailyWindow(db, GUILD, seq, post.opensAt + 12 * 3_600_000);
  };
  const cpuPerAnswer = (since: NodeJS.CpuUsage, n: number) => {
    const used = process.cpuUsage(since);
    return Math.round((used.user + used.system) / n);
  };

  const raw = await engine.openRaw();
  // It starts from a quiet state, as a bot whose housekeeping has kept up would (the reads above left writes behind).
  await engine.quiet();
  const housekeeping = engine.startHousekeeping();
  try {
    // Warm-up (not measured): a running bot has the hot pages of its server in its cache.
    const warm = await nextPost();
    const warmInputs = burst(warm.id, warm.opensAt);
    for (let i = 0; i < warmInputs.length; i += batch) await recordDailyAnswers(db, warmInputs.slice(i, i + batch));
    await settleCardSteps(db);
    await closePost(warm);

    // Mode 1: one transaction per answer (what a lone click costs), vs raw autocommit inserts.
    await engine.quiet(); // each burst starts after a quiet spell
    const p1 = await nextPost();
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
    await raw.each(inputs1, date);
    const rawPerAnswer = inputs1.length / ((performance.now() - t) / 1000);
    say(
      `record, 1 commit per answer       ${Math.round(perAnswer)} answers/s with streak, points and boards (cpu ${perAnswerCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawPerAnswer)}/s (ratio ${(perAnswer / rawPerAnswer).toFixed(3)})`,
    );
    await settleCardSteps(db); // mode 1's card steps, untimed: the stepper below measures only the burst's
    await closePost(p1);

    // Mode 2: the bot's own path for a burst right after the post: every click offered to the group-commit
    // queue at once, each awaited; vs raw inserts in transactions of the same size.
    await engine.quiet();
    const p2 = await nextPost();
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
    t = performance.now();
    await raw.batched(inputs2, date, batch);
    const rawGrouped = inputs2.length / ((performance.now() - t) / 1000);
    say(
      `record, group commit (queue, ${queue.stats.batches} commits of ≤ ${batch}) ${Math.round(grouped)} answers/s with streak, points and boards (cpu ${groupedCpu} us/answer) vs raw inserts of the same rows ${Math.round(rawGrouped)}/s (ratio ${(grouped / rawGrouped).toFixed(3)})`,
    );
    say(
      `card stepper after the burst      ${cardStepper.steps} card steps in ${cardStepper.catchUpMs} ms after the last ack (${cardStepper.batches} transactions): ${cardStepper.perSecond} steps/s (cpu ${cardStepper.cpuMicrosPerStep} us/step)`,
    );

    return {
      engine: engine.engine,
      where: engine.where,
      queries,
      baselineRankByCount,
      coldBoardMs: Math.round(coldBoardMs * 10) / 10,
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
    };
  } finally {
    await housekeeping.stop();
    await raw.close();
  }
}

/** PostgreSQL's figure beside SQLite's; the last column is PostgreSQL's time ÷ SQLite's (above 1: slower). */
function printComparison(sqlite: EngineProgressFigures, postgres: EngineProgressFigures | { unavailable: string }, log: (line: string) => void): void {
  const pgFigures = 'unavailable' in postgres ? undefined : postgres;
  const ms = (p: Percentiles) => `${p.p50.toFixed(3)} / ${p.p99.toFixed(3)} ms`;
  const perSecond = (n: number, rawN: number) => `${n}/s (raw ${rawN}/s)`;
  type Row = [label: string, cell: (f: EngineProgressFigures) => string, cost: (f: EngineProgressFigures) => number];
  const rows: Row[] = [
    ['first leaderboard after start', (f) => `${f.coldBoardMs} ms`, (f) => f.coldBoardMs],
    ...Object.keys(sqlite.queries).map(
      (name): Row => [`${name} p50 / p99`, (f) => ms(f.queries[name]!), (f) => f.queries[name]!.p99],
    ),
    ['SQL board on an index p50 / p99', (f) => ms(f.baselineRankByCount), (f) => f.baselineRankByCount.p99],
    ['closeDailyWindow (whole server)', (f) => `${f.closeDailyWindowMs} ms`, (f) => f.closeDailyWindowMs],
    [
      'answers, 1 commit each',
      (f) => perSecond(f.writes.perAnswerCommit.perSecond, f.writes.perAnswerCommit.rawPerSecond),
      (f) => 1 / f.writes.perAnswerCommit.perSecond,
    ],
    [
      'answers, group commit queue',
      (f) => perSecond(f.writes.groupCommit.perSecond, f.writes.groupCommit.rawPerSecond),
      (f) => 1 / f.writes.groupCommit.perSecond,
    ],
    ['card steps after the burst', (f) => `${f.writes.cardStepper.perSecond}/s`, (f) => 1 / f.writes.cardStepper.perSecond],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const cellWidth = Math.max(...rows.map(([, cell]) => Math.max(cell(sqlite).length, pgFigures ? cell(pgFigures).length : 0)), 'SQLite (baseline)'.length);
  log(`progress: ${''.padEnd(labelWidth)}  ${'SQLite (baseline)'.padEnd(cellWidth)}  ${pgFigures ? `${'PostgreSQL'.padEnd(cellWidth)}  PostgreSQL time ÷ SQLite time` : 'PostgreSQL'}`);
  for (const [label, cell, cost] of rows) {
    const ratio = pgFigures && cost(sqlite) > 0 ? `${(cost(pgFigures) / cost(sqlite)).toFixed(2)}×` : '';
    const pgCell = pgFigures ? `${cell(pgFigures).padEnd(cellWidth)}  ${ratio}` : label === rows[0]![0] ? 'not measured' : '';
    log(`progress: ${label.padEnd(labelWidth)}  ${cell(sqlite).padEnd(cellWidth)}  ${pgCell}`.trimEnd());
  }
  if (!pgFigures) log(`progress: PostgreSQL: ${(postgres as { unavailable: string }).unavailable}`);
}

/** The member with the most answers (for a busy heatmap). */
async function heaviestMember(db: Db): Promise<string> {
  const row = await db.get<{ user_id: string }>(`SELECT user_id FROM member_progress WHERE guild_id = ? ORDER BY answered DESC LIMIT 1`, [GUILD]);
  return row!.user_id;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchProgress();
}
