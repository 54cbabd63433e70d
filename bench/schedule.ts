/**
 * Bench of the daily-quiz scheduler on both storage engines in one run: first SQLite (a file in a temp folder,
 * WAL, the checkpointer on a worker thread as in the bot), then PostgreSQL (bench/throwaway-postgres.ts:
 * BENCH_DATABASE_URL, or a throwaway cluster; each database is a schema of its own there, dropped afterwards).
 * Each PostgreSQL figure is printed beside the SQLite baseline measured the same way in the same run. Without a
 * PostgreSQL server (none found, or none reachable) the part says why and reports SQLite alone; a failure once
 * PostgreSQL is being measured fails the part, after the SQLite figures.
 *
 * On each engine:
 *  1. One simulated day: 100,000 servers' schedules (each set up by setupSchedule in its own transaction, as
 *     /quiz setup does; half of them at a round hour), then 1,440 one-minute ticks. Each tick runs
 *     `findDueGuilds` (indexed) and, every 8th tick, the same query kept off the index (SQLite: NOT INDEXED;
 *     PostgreSQL: the column inside an expression; both plans are checked to be full scans) as its baseline;
 *     then claims every due server as the bot's pass does (pickQuestion inside the claim, a queued claim) and
 *     marks each post sent. The day's claim count must be the same on both engines (same seeded schedules).
 *  2. A busy minute with several instances: N servers (default 10,000) due at 09:00 and K bot instances
 *     (default 4), each a child process with its own connection (bench/schedule-claimer.ts), all released at
 *     the same moment and claiming the same due list in the same order, as K schedulers would (SCHEDULER=on on
 *     every instance, or two instances during a scheduler hand-over). Reported: wall time, claims per instance,
 *     the transactions the engine ran again after a conflict (PostgreSQL runs claims SERIALIZABLE and retries
 *     a serialization failure), the claims that still failed (40001 once the retries ran out, SQLITE_BUSY after
 *     busy_timeout), duplicates (servers claimed by more than one instance, or more than one post row: must be
 *     0), servers left unclaimed by the pass, how many later one-instance passes (the next minutes' ticks)
 *     were needed to claim them, and servers still unclaimed after those (must be 0). A duplicate or a server
 *     left unclaimed fails the part after the figures are printed.
 *
 * Sizes via env: BENCH_SCHEDULE_SERVERS (day), BENCH_SCHEDULE_BUSY (busy minute), BENCH_SCHEDULE_INSTANCES.
 * Run alone: `npx tsx bench/schedule.ts [servers]`; bench/main.ts calls `benchSchedule()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadKnowledgeBase } from '../src/notes/index.ts';
import { createQuestionBank, generateQuestions, type QuestionBank } from '../src/questions/index.ts';
import { findDueGuilds, markPostSent, setupSchedule } from '../src/schedule/index.ts';
import { openDatabase, startCheckpointer, type Db, type Sql } from '../src/storage/index.ts';
import { benchPicker, claimPass, CountingDb, type ClaimerReport } from './schedule-claims.ts';
import { percentiles, seededRandom, type Percentiles } from './stats.ts';
import { envNumber, errorMessage } from './support.ts';
import { benchSchemas } from './throwaway-postgres.ts';

export interface DayFigures {
  setupPerSecond: number;
  tickMs: Percentiles;
  fullScanMs: Percentiles;
  claims: number;
  claimsPerSecond: number;
  largestTick: number;
  /** Claim transactions the engine ran again after a conflict (PostgreSQL's retries). */
  claimRetries: number;
  /** Claims that threw, by error code (the next tick claims the server: it is still due). */
  failedClaims: Record<string, number>;
}

export interface BusyFigures {
  servers: number;
  instances: number;
  /** From the instances' common start to the last one's pass done. */
  wallMs: number;
  claimedPerInstance: number[];
  instanceMs: number[];
  /** Claim transactions (all instances) the engine ran again after a conflict. */
  retries: number;
  transactions: number;
  failedClaims: Record<string, number>;
  /** Servers reported claimed by more than one instance. */
  duplicates: number;
  /** (guild, local date) pairs with more than one post row. */
  duplicateRows: number;
  unclaimedAfterPass: number;
  /** One-instance passes at the next minutes needed for the servers the busy pass left. */
  retryPasses: number;
  retryClaims: number;
  unclaimed: number;
}

export interface EngineFigures {
  engine: 'SQLite' | 'PostgreSQL';
  where: string;
  day: DayFigures;
  busy: BusyFigures;
}

export interface ScheduleBenchResult {
  servers: number;
  ticks: number;
  busyServers: number;
  instances: number;
  sqlite: EngineFigures;
  postgres: EngineFigures | { unavailable: string };
  loadAverage: number[];
}

const ZONES = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];
const TICKS = 24 * 60;
const DAY_START = Date.UTC(2024, 5, 1, 0, 0);
/** The busy minute: Monday 3 June 2024, 09:00 UTC. */
const BUSY_AT = Date.UTC(2024, 5, 3, 9, 0);

// findDueGuilds' query kept off its index, as the baseline of the indexed one.
const FULL_SCAN_QUERY = {
  sqlite: 'SELECT guild_id FROM quiz_schedules NOT INDEXED WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ?',
  // PostgreSQL has no per-query hint: the column inside an expression cannot use the index on it.
  postgres: 'SELECT guild_id FROM quiz_schedules WHERE next_due_at + 0 <= ? ORDER BY next_due_at + 0 LIMIT ?',
} as const;
const FULL_SCAN_PLAN: Sql = { sqlite: `EXPLAIN QUERY PLAN ${FULL_SCAN_QUERY.sqlite}`, postgres: `EXPLAIN ${FULL_SCAN_QUERY.postgres}` };

export async function benchSchedule(
  options: { servers?: number; busyServers?: number; instances?: number; log?: (line: string) => void } = {},
): Promise<ScheduleBenchResult> {
  const servers = options.servers ?? envNumber('BENCH_SCHEDULE_SERVERS', 100_000);
  const busyServers = options.busyServers ?? envNumber('BENCH_SCHEDULE_BUSY', 10_000);
  const instances = options.instances ?? envNumber('BENCH_SCHEDULE_INSTANCES', 4);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  log(
    `schedule: per engine, ${servers} servers over ${TICKS} one-minute ticks (one simulated day), then a busy minute: ${busyServers} servers due at once, ${instances} instance processes claiming`,
  );
  // Questions generated from the shipped notes: a realistic bank size without depending on the curated files.
  const kb = loadKnowledgeBase('data/notes');
  const bank = createQuestionBank(generateQuestions(kb), { kb });
  const dir = mkdtempSync(join(tmpdir(), 'bench-schedule-'));
  const sizes = { servers, busyServers, instances };
  try {
    const sqlite = await measureEngine('SQLite', `files in ${dir}`, { day: join(dir, 'day.sqlite'), busy: join(dir, 'busy.sqlite') }, bank, sizes, log);

    let postgres: EngineFigures | { unavailable: string };
    let postgresFailed = false;
    const schemas = await benchSchemas('bench_schedule', ['day', 'busy']);
    if ('unavailable' in schemas) {
      postgres = schemas;
      log(`schedule: PostgreSQL not measured: ${schemas.unavailable}`);
    } else {
      const [day, busy] = schemas.urls as [string, string];
      try {
        postgres = await measureEngine('PostgreSQL', schemas.where, { day, busy }, bank, sizes, log);
      } catch (error) {
        postgresFailed = true;
        postgres = { unavailable: `the run failed: ${errorMessage(error)}` };
        log(`schedule: PostgreSQL run FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        await schemas.close().catch((error: unknown) => log(`schedule: could not drop the bench schemas: ${errorMessage(error)}`));
      }
    }

    printComparison(sqlite, postgres, log);
    const result: ScheduleBenchResult = { servers, ticks: TICKS, busyServers, instances, sqlite, postgres, loadAverage: loadavg() };
    const violations = [sqlite, ...('unavailable' in postgres ? [] : [postgres])].flatMap((figures) => {
      const { busy } = figures;
      const problems: string[] = [];
      if (busy.duplicates > 0 || busy.duplicateRows > 0) problems.push(`${figures.engine}: ${busy.duplicates} servers claimed twice, ${busy.duplicateRows} duplicate post rows`);
      if (busy.unclaimed > 0) problems.push(`${figures.engine}: ${busy.unclaimed} servers never claimed`);
      return problems;
    });
    if (violations.length > 0) throw new Error(`schedule: exactly-once violated: ${violations.join('; ')}`);
    if (postgresFailed) throw new Error('schedule: the PostgreSQL half failed (SQLite figures above)');
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureEngine(
  engine: EngineFigures['engine'],
  where: string,
  targets: { day: string; busy: string },
  bank: QuestionBank,
  sizes: { servers: number; busyServers: number; instances: number },
  log: (line: string) => void,
): Promise<EngineFigures> {
  log(`schedule: ${engine} (${where})`);
  const day = await simulateDay(engine, targets.day, bank, sizes.servers, log);
  const busy = await busyMinute(engine, targets.busy, bank, sizes.busyServers, sizes.instances, log);
  return { engine, where, day, busy };
}

/** Part 1: setup, then a day of ticks on one instance. */
async function simulateDay(engine: string, target: string, bank: QuestionBank, servers: number, log: (line: string) => void): Promise<DayFigures> {
  const opened = await openDatabase(target);
  const checkpointer = startCheckpointer(opened); // as in the bot (nothing to do on PostgreSQL)
  const db = new CountingDb(opened);
  try {
    const random = seededRandom(330);
    const t0 = performance.now();
    for (let i = 0; i < servers; i++) {
      // Half the servers pick a round hour (bursts at 09:00, 20:00…), the rest any minute.
      const hour = Math.floor(random() * 24);
      const minute = random() < 0.5 ? 0 : Math.floor(random() * 60);
      const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      const days = random() < 0.7 ? 127 : 0b0011111;
      await setupSchedule(db, { guildId: `g${i}`, channelId: `c${i}`, time, timezone: ZONES[i % ZONES.length]!, days }, DAY_START);
    }
    const setupPerSecond = Math.round(servers / ((performance.now() - t0) / 1000));
    log(`schedule: ${engine}: ${servers} schedules set up, ${setupPerSecond}/s (one transaction each)`);
    await db.run({ sqlite: 'PRAGMA optimize', postgres: 'ANALYZE quiz_schedules' });
    const plan = (await db.all<Record<string, unknown>>(FULL_SCAN_PLAN, [DAY_START, 10_000])).map((row) => Object.values(row).join(' ')).join(' | ');
    if (/quiz_schedules_due|Index/i.test(plan)) throw new Error(`the full-scan baseline uses an index: ${plan}`);

    const tickMs: number[] = [];
    const scanMs: number[] = [];
    let claims = 0;
    let claimTime = 0;
    let largestTick = 0;
    const failedClaims: Record<string, number> = {};
    const before = db.retries;
    for (let m = 1; m <= TICKS; m++) {
      const now = DAY_START + m * 60_000;
      let t = performance.now();
      const due = await findDueGuilds(db, now);
      tickMs.push(performance.now() - t);
      if (m % 8 === 0) {
        t = performance.now();
        const baseline = await db.all<{ guild_id: string }>(FULL_SCAN_QUERY, [now, 10_000]);
        scanMs.push(performance.now() - t);
        if (baseline.length !== due.length) throw new Error(`full scan disagrees at minute ${m}`);
      }
      largestTick = Math.max(largestTick, due.length);
      if (due.length > 0) {
        const pass = await claimPass(db, due, now, benchPicker(db, bank, now), (postId) => markPostSent(db, postId, `m${postId}`, now + 1));
        claims += pass.claimed.length;
        claimTime += pass.ms;
        for (const [code, n] of Object.entries(pass.failed)) failedClaims[code] = (failedClaims[code] ?? 0) + n;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const figures: DayFigures = {
      setupPerSecond,
      tickMs: percentiles(tickMs),
      fullScanMs: percentiles(scanMs),
      claims,
      claimsPerSecond: Math.round(claims / (claimTime / 1000)),
      largestTick,
      claimRetries: db.retries - before,
      failedClaims,
    };
    log(
      `schedule: ${engine}: day done: findDueGuilds p99 ${figures.tickMs.p99} ms (full scan p99 ${figures.fullScanMs.p99} ms), ${claims} claims at ${figures.claimsPerSecond}/s, largest tick ${largestTick}`,
    );
    return figures;
  } finally {
    await checkpointer.stop();
    await db.close();
  }
}

/** A child process running one instance's pass (bench/schedule-claimer.ts). */
function startClaimer(target: string, nowMs: number): { ready: Promise<{ due: number }>; report: Promise<ClaimerReport>; go(): void; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./schedule-claimer.ts', import.meta.url)), target, String(nowMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const received: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let ended: Error | undefined;
  const failers: ((error: Error) => void)[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else received.push(line);
  });
  child.on('exit', (code, signal) => {
    ended = new Error(`claimer process ${child.pid} exited (${code ?? signal}) before its report`);
    for (const fail of failers.splice(0)) fail(ended);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = received.shift();
      if (line !== undefined) return resolve(line);
      if (ended) return reject(ended);
      waiting.push(resolve);
      failers.push(reject);
    });
  const ready = nextLine().then((line) => JSON.parse(line) as { due: number });
  const report = ready.then(() => nextLine()).then((line) => JSON.parse(line) as ClaimerReport);
  return {
    ready,
    report,
    go: () => child.stdin!.end('go\n'),
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

/** Part 2: K instances claim one busy minute at once; then the next minutes' passes pick up what failed. */
async function busyMinute(engine: string, target: string, bank: QuestionBank, servers: number, instances: number, log: (line: string) => void): Promise<BusyFigures> {
  const db = await openDatabase(target);
  try {
    for (let i = 0; i < servers; i++) {
      await setupSchedule(db, { guildId: `busy-${i}`, channelId: `c${i}`, time: '09:00', timezone: 'UTC' }, BUSY_AT - 3_600_000);
    }
    await db.run({ sqlite: 'PRAGMA optimize', postgres: 'ANALYZE quiz_schedules' });
    const claimers = Array.from({ length: instances }, () => startClaimer(target, BUSY_AT));
    let reports: ClaimerReport[];
    let wallMs: number;
    try {
      const ready = await Promise.all(claimers.map((c) => c.ready));
      if (ready.some((r) => r.due !== servers)) throw new Error(`an instance saw ${ready.map((r) => r.due).join('/')} due servers, not ${servers}`);
      const started = performance.now();
      for (const claimer of claimers) claimer.go();
      reports = await Promise.all(claimers.map((c) => c.report));
      wallMs = performance.now() - started;
    } finally {
      for (const claimer of claimers) claimer.kill();
    }

    const claimedBy = new Map<string, number>();
    for (const report of reports) for (const guildId of report.claimed) claimedBy.set(guildId, (claimedBy.get(guildId) ?? 0) + 1);
    const duplicates = [...claimedBy.values()].filter((n) => n > 1).length;
    const failedClaims: Record<string, number> = {};
    for (const report of reports) for (const [code, n] of Object.entries(report.failed)) failedClaims[code] = (failedClaims[code] ?? 0) + n;
    const postedServers = async () => (await db.get<{ n: number }>('SELECT count(DISTINCT guild_id) AS n FROM quiz_posts'))!.n;
    const unclaimedAfterPass = servers - (await postedServers());
    if (unclaimedAfterPass !== servers - claimedBy.size) throw new Error(`the instances reported ${claimedBy.size} claims, the database holds ${servers - unclaimedAfterPass}`);

    // What the busy pass left (failed claims) is still due: the next minutes' ticks claim it, one instance each.
    let retryPasses = 0;
    let retryClaims = 0;
    for (let now = BUSY_AT + 60_000; retryPasses < 10; now += 60_000) {
      const due = await findDueGuilds(db, now);
      if (due.length === 0) break;
      retryPasses++;
      retryClaims += (await claimPass(db, due, now, benchPicker(db, bank, now))).claimed.length;
    }
    const duplicateRows = (await db.get<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT guild_id FROM quiz_posts GROUP BY guild_id, local_date HAVING count(*) > 1) AS twice',
    ))!.n;
    const figures: BusyFigures = {
      servers,
      instances,
      wallMs: Math.round(wallMs),
      claimedPerInstance: reports.map((r) => r.claimed.length),
      instanceMs: reports.map((r) => Math.round(r.ms)),
      retries: reports.reduce((sum, r) => sum + r.attempts - r.transactions, 0),
      transactions: reports.reduce((sum, r) => sum + r.transactions, 0),
      failedClaims,
      duplicates,
      duplicateRows,
      unclaimedAfterPass,
      retryPasses,
      retryClaims,
      unclaimed: servers - (await postedServers()),
    };
    log(
      `schedule: ${engine}: busy minute done in ${(wallMs / 1000).toFixed(1)} s: ${claimedBy.size} claimed by the pass, ${figures.retries} engine retries, ${sumOf(failedClaims)} failed claims`,
    );
    return figures;
  } finally {
    await db.close();
  }
}

function sumOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function describeFailures(counts: Record<string, number>): string {
  const total = sumOf(counts);
  return total === 0 ? '0' : `${total} (${Object.entries(counts).map(([code, n]) => `${code}: ${n}`).join(', ')})`;
}

/** Each figure of PostgreSQL beside the SQLite figure of this run; the last column: PostgreSQL's time ÷ SQLite's. */
function printComparison(sqlite: EngineFigures, postgres: EngineFigures | { unavailable: string }, log: (line: string) => void): void {
  const pgFigures = 'unavailable' in postgres ? undefined : postgres;
  const ms = (p: Percentiles) => `${p.p50} / ${p.p99} / ${p.max} ms`;
  const times = (sqliteTime: number, pgTime: number) => (sqliteTime > 0 ? `${(pgTime / sqliteTime).toFixed(2)}×` : '');
  const rows: [string, (f: EngineFigures) => string, ((s: EngineFigures, p: EngineFigures) => string)?][] = [
    ['setup, one transaction per server', (f) => `${f.day.setupPerSecond}/s`, (s, p) => times(1 / s.day.setupPerSecond, 1 / p.day.setupPerSecond)],
    ['findDueGuilds (index) p50 / p99 / max', (f) => ms(f.day.tickMs), (s, p) => `p99 ${times(s.day.tickMs.p99, p.day.tickMs.p99)}`],
    ['same query, full scan p50 / p99 / max', (f) => ms(f.day.fullScanMs), (s, p) => `p99 ${times(s.day.fullScanMs.p99, p.day.fullScanMs.p99)}`],
    ['day: claims (pick + claim + mark sent)', (f) => `${f.day.claims} at ${f.day.claimsPerSecond}/s`, (s, p) => times(1 / s.day.claimsPerSecond, 1 / p.day.claimsPerSecond)],
    ['day: largest tick', (f) => `${f.day.largestTick} servers`],
    ['day: engine retries / failed claims', (f) => `${f.day.claimRetries} / ${describeFailures(f.day.failedClaims)}`],
    [
      `busy minute: wall time, ${sqlite.busy.instances} instances`,
      (f) => `${(f.busy.wallMs / 1000).toFixed(2)} s (${Math.round(f.busy.servers / (f.busy.wallMs / 1000))} claims/s)`,
      (s, p) => times(s.busy.wallMs, p.busy.wallMs),
    ],
    ['busy: claims per instance', (f) => f.busy.claimedPerInstance.join(' ')],
    ['busy: each instance\'s pass', (f) => f.busy.instanceMs.map((n) => (n / 1000).toFixed(1)).join(' ') + ' s'],
    ['busy: engine retries (of claim transactions)', (f) => `${f.busy.retries} (of ${f.busy.transactions})`],
    ['busy: failed claims (after retries)', (f) => describeFailures(f.busy.failedClaims)],
    ['busy: duplicates (must be 0)', (f) => `${f.busy.duplicates} servers, ${f.busy.duplicateRows} rows`],
    ['busy: left unclaimed by the pass', (f) => String(f.busy.unclaimedAfterPass)],
    ['busy: next-minute passes to claim them', (f) => `${f.busy.retryPasses} (${f.busy.retryClaims} claims)`],
    ['busy: unclaimed at the end (must be 0)', (f) => String(f.busy.unclaimed)],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const cellWidth = Math.max(...rows.map(([, cell]) => Math.max(cell(sqlite).length, pgFigures ? cell(pgFigures).length : 0)), 'SQLite'.length);
  log(`schedule: ${''.padEnd(labelWidth)}  ${'SQLite (baseline)'.padEnd(cellWidth)}  ${pgFigures ? `${'PostgreSQL'.padEnd(cellWidth)}  PostgreSQL time ÷ SQLite time` : 'PostgreSQL'}`);
  for (const [label, cell, ratio] of rows) {
    const pgCell = pgFigures ? `${cell(pgFigures).padEnd(cellWidth)}  ${ratio ? ratio(sqlite, pgFigures) : ''}` : 'not measured';
    log(`schedule: ${label.padEnd(labelWidth)}  ${cell(sqlite).padEnd(cellWidth)}  ${pgFigures || label === rows[0]![0] ? pgCell : ''}`.trimEnd());
  }
  if (!pgFigures) log(`schedule: PostgreSQL: ${(postgres as { unavailable: string }).unavailable}`);
  else if (pgFigures.day.claims !== sqlite.day.claims) log(`schedule: WARNING: the day's claims differ between engines (${sqlite.day.claims} vs ${pgFigures.day.claims})`);
  else log(`schedule: the day's ${sqlite.day.claims} claims are the same on both engines`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const servers = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchSchedule({ servers });
}
