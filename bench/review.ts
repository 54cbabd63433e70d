/**
 * Bench of personal spaced review on one large server (defaults: 100,000 members × 500 cards = 50 million
 * review_cards rows). Sizes via env: BENCH_REVIEW_MEMBERS, BENCH_REVIEW_CARDS, BENCH_QUERIES (samples per
 * measure). BENCH_KEEP=1 keeps the database file. Runs on SQLite only (the embedded default; the data is
 * bulk-loaded through the raw connection).
 *
 * Measures, in one run, for random members, through the async Db interface as the bot calls it:
 *  (a) the due-card lookup /review makes: dueSummary (how many are due, when the next is) + the first due card;
 *  (b) one review step: rateAnswer on that card (read, ts-fsrs step, upsert, review_log row, commit);
 * each p50/p99 against the 5 ms goal, next to plain SQL baselines in the same run:
 *  (a') the same lookup, same statements, once the review_cards_due index is dropped: SQLite then reads the
 *       member's whole primary-key range (their 500 cards) and sorts it;
 *  (b') the same reads and writes as a step in hand-written SQL on the raw better-sqlite3 connection, without
 *       ts-fsrs or the async interface (select the card, update its FSRS columns with fixed values, insert the
 *       log row, commit): what SQLite alone costs.
 * Run alone: `npm run bench -- review`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dueCards, dueSummary, rateAnswer } from '../src/review/index.ts';
import { openSqlite, startCheckpointer } from '../src/storage/index.ts';
import { cardKeys, REVIEW_GUILD, reviewUserId } from './review-data.ts';
import { percentiles, seededRandom, type Percentiles } from './stats.ts';
import { envNumber } from './support.ts';

const TARGET_MS = 5;

export interface ReviewBenchResult {
  members: number;
  cards: number;
  generateSeconds: number;
  databaseMiB: number;
  lookup: Percentiles;
  step: Percentiles;
  /** CPU time of this process per sample: what the code costs, without the waits of a busy machine. */
  lookupCpu: Percentiles;
  stepCpu: Percentiles;
  baselineLookupNoIndex: Percentiles;
  baselineStepPlainSql: Percentiles;
  meanDue: number;
  loadAverage: number[];
}

export async function benchReview(options: { log?: (line: string) => void } = {}): Promise<ReviewBenchResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const members = envNumber('BENCH_REVIEW_MEMBERS', 100_000);
  const cardsPerMember = envNumber('BENCH_REVIEW_CARDS', 500);
  const runs = envNumber('BENCH_QUERIES', 2000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-'));
  const path = join(dir, 'review.sqlite');
  const now = Date.UTC(2025, 5, 30, 15);
  log(`review: generating ${members} members × ${cardsPerMember} cards (child process, one transaction)…`);
  let t = performance.now();
  const generated = JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./review-generate.ts', import.meta.url)), path, String(members), String(cardsPerMember), String(now)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  ) as { rows: number };
  const generateSeconds = (performance.now() - t) / 1000;
  const databaseMiB = statSync(path).size / 2 ** 20;
  log(`review: generated ${generated.rows} cards in ${generateSeconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);
  log(`review: machine load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs (other processes inflate the tails)`);

  // SQLite only (the embedded default); the domain runs through the async Db interface as in the bot, the
  // plain-SQL baselines on the raw connection.
  const db = openSqlite(path);
  const conn = db.connection;
  const checkpointer = startCheckpointer(db); // as in the bot: no commit pays for a checkpoint
  try {
    const random = seededRandom(13);
    const someone = () => reviewUserId(Math.floor(random() * members));
    const keys = cardKeys(cardsPerMember);
    const show = (name: string, p: Percentiles, note = '') =>
      log(`review: ${name.padEnd(46)} p50 ${p.p50.toFixed(3)} ms  p99 ${p.p99.toFixed(3)} ms  max ${p.max.toFixed(3)} ms${note}`);
    // Wall time and this process's CPU time of one call (the CPU time leaves out being preempted).
    const sample = async <T>(wall: number[], cpu: number[], fn: () => Promise<T>): Promise<T> => {
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const value = await fn();
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1000);
      return value;
    };
    const lookup = async (user: string) => {
      const summary = await dueSummary(db, REVIEW_GUILD, user, now);
      return { summary, first: summary.due > 0 ? (await dueCards(db, REVIEW_GUILD, user, now, 1))[0] : undefined };
    };
    const timeLookups = async () => {
      for (let i = 0; i < 100; i++) await lookup(someone()); // warm-up
      const samples: number[] = [];
      const cpu: number[] = [];
      let due = 0;
      for (let i = 0; i < runs; i++) {
        const user = someone();
        due += (await sample(samples, cpu, () => lookup(user))).summary.due;
      }
      return { p: percentiles(samples), cpu: percentiles(cpu), meanDue: due / runs };
    };

    // (a) the lookup
    const indexed = await timeLookups();
    show('(a) lookup: dueSummary + first due card', indexed.p, `  (goal p99 < ${TARGET_MS} ms; ${indexed.meanDue.toFixed(1)} cards due on average)`);
    show('    its CPU time', indexed.cpu);

    // (b) one review step on the member's first due card (found untimed: that is (a))
    let at = now;
    const target = async () => {
      const user = someone();
      const card = (await dueCards(db, REVIEW_GUILD, user, now, 1))[0];
      return { user, cardKey: card?.cardKey ?? keys[Math.floor(random() * keys.length)]!.key, topicId: card?.topicId ?? '330.1' };
    };
    for (let i = 0; i < 100; i++) {
      const { user, cardKey, topicId } = await target();
      await rateAnswer(db, { guildId: REVIEW_GUILD, userId: user, cardKey, topicId, correct: random() < 0.7, source: 'review', at: at++ });
    }
    const stepSamples: number[] = [];
    const stepCpuSamples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { user, cardKey, topicId } = await target();
      const correct = random() < 0.7;
      await sample(stepSamples, stepCpuSamples, () =>
        rateAnswer(db, { guildId: REVIEW_GUILD, userId: user, cardKey, topicId, correct, source: 'review', at: at++ }),
      );
    }
    const step = percentiles(stepSamples);
    const stepCpu = percentiles(stepCpuSamples);
    show('(b) review step: rateAnswer (one commit)', step, `  (goal p99 < ${TARGET_MS} ms)`);
    show('    its CPU time', stepCpu);

    // (b') the step's reads and writes in plain SQL on the raw connection, no ts-fsrs, no async interface
    const select = conn.prepare('SELECT * FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?');
    const update = conn.prepare(
      `UPDATE review_cards SET due = ?, stability = ?, difficulty = ?, elapsed_days = ?, scheduled_days = ?, reps = reps + 1, state = 2, last_review = ?
       WHERE guild_id = ? AND user_id = ? AND card_key = ?`,
    );
    const insertLog = conn.prepare(
      `INSERT INTO review_log (guild_id, user_id, card_key, rating, state, local_date, reviewed_at) VALUES (?, ?, ?, 3, 2, '2025-06-30', ?)`,
    );
    const plainStep = conn.transaction((user: string, cardKey: string, when: number) => {
      select.get(REVIEW_GUILD, user, cardKey);
      update.run(when + 86_400_000, 3.5, 5.2, 1, 1, when, REVIEW_GUILD, user, cardKey);
      insertLog.run(REVIEW_GUILD, user, cardKey, when);
    });
    const plainSamples: number[] = [];
    for (let i = 0; i < runs + 100; i++) {
      const { user, cardKey } = await target();
      const start = performance.now();
      plainStep.immediate(user, cardKey, at++);
      if (i >= 100) plainSamples.push(performance.now() - start);
    }
    const baselineStepPlainSql = percentiles(plainSamples);
    show("(b') baseline: the step's SQL alone, no ts-fsrs", baselineStepPlainSql);

    // (a') the lookup without the due index
    t = performance.now();
    conn.exec('DROP INDEX review_cards_due');
    log(`review: (dropped review_cards_due in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    const plain = await timeLookups();
    show("(a') baseline: same lookup, no due index", plain.p, '  (the member\'s whole primary-key range, sorted)');

    return {
      members,
      cards: generated.rows,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      databaseMiB: Math.round(databaseMiB),
      lookup: indexed.p,
      step,
      lookupCpu: indexed.cpu,
      stepCpu,
      baselineLookupNoIndex: plain.p,
      baselineStepPlainSql,
      meanDue: indexed.meanDue,
      loadAverage: loadavg(),
    };
  } finally {
    await checkpointer.stop();
    await db.close();
    if (process.env.BENCH_KEEP === '1') log(`review: kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
