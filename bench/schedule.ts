/**
 * Bench of the daily-quiz tick: 100,000 servers' schedules in one SQLite file (WAL), one simulated day of
 * per-minute ticks. Each tick runs `findDueGuilds` (indexed) and, for comparison in the same run, the same
 * query forced to a full table scan; then claims every due server (claim + mark sent), like the bot does.
 * Run alone: `npx tsx bench/schedule.ts [servers]`. bench/main.ts calls `benchSchedule()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadKnowledgeBase } from '../src/notes/index.ts';
import { createQuestionBank, generateQuestions, pickQuestion } from '../src/questions/index.ts';
import { claimDuePost, findDueGuilds, markPostSent, setupSchedule } from '../src/schedule/index.ts';
import { openDatabase } from '../src/storage/index.ts';
import { percentiles, seededRandom } from './stats.ts';

export interface ScheduleBenchResult {
  servers: number;
  ticks: number;
  setupPerSecond: number;
  tickMs: { p50: number; p99: number; max: number };
  fullScanMs: { p50: number; p99: number; max: number };
  claims: number;
  claimsPerSecond: number;
  largestTick: number;
}

const ZONES = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];




export async function benchSchedule(options: { servers?: number; log?: (line: string) => void } = {}): Promise<ScheduleBenchResult> {
  const servers = options.servers ?? 100_000;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'bench-schedule-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  // Questions generated from the shipped notes: a realistic bank size without depending on the curated files.
  const kb = loadKnowledgeBase('data/notes');
  const bank = createQuestionBank(generateQuestions(kb), { kb });
  try {
    const random = seededRandom(330);
    const start = Date.UTC(2024, 5, 1, 0, 0);
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < servers; i++) {
        // Half the servers pick a round hour (bursts at 09:00, 20:00…), the rest any minute.
        const hour = Math.floor(random() * 24);
        const minute = random() < 0.5 ? 0 : Math.floor(random() * 60);
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const days = random() < 0.7 ? 127 : 0b0011111;
        setupSchedule(db, { guildId: `g${i}`, channelId: `c${i}`, time, timezone: ZONES[i % ZONES.length]!, days }, start);
      }
    })();
    const setupPerSecond = servers / ((performance.now() - t0) / 1000);
    db.pragma('optimize');

    const fullScan = db.prepare<[number, number], { guild_id: string }>(
      'SELECT guild_id FROM quiz_schedules NOT INDEXED WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ?',
    );
    const tickMs: number[] = [];
    const scanMs: number[] = [];
    let claims = 0;
    let claimTime = 0;
    let largestTick = 0;
    const ticks = 24 * 60;
    // The real picker: weighted topic choice + no-repeat bookkeeping, in the claim transaction.
    const pickerFor = (now: number) => (ctx: { guildId: string }) => {
      const question = pickQuestion(db, ctx.guildId, bank, undefined, now);
      return { questionId: question.id, topicId: question.topic };
    };
    for (let m = 1; m <= ticks; m++) {
      const now = start + m * 60_000;
      let t = performance.now();
      const due = findDueGuilds(db, now);
      tickMs.push(performance.now() - t);
      if (m % 8 === 0) {
        t = performance.now();
        const baseline = fullScan.all(now, 10_000);
        scanMs.push(performance.now() - t);
        if (baseline.length !== due.length) throw new Error(`full scan disagrees at minute ${m}`);
      }
      largestTick = Math.max(largestTick, due.length);
      t = performance.now();
      const pick = pickerFor(now);
      for (const guildId of due) {
        const outcome = claimDuePost(db, guildId, now, pick);
        if (outcome.claimed) {
          markPostSent(db, outcome.post.id, `m${outcome.post.id}`, now + 1);
          claims++;
        }
      }
      claimTime += performance.now() - t;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result: ScheduleBenchResult = {
      servers,
      ticks,
      setupPerSecond: Math.round(setupPerSecond),
      tickMs: percentiles(tickMs),
      fullScanMs: percentiles(scanMs),
      claims,
      claimsPerSecond: Math.round(claims / (claimTime / 1000)),
      largestTick,
    };
    log(`schedule: ${servers} servers, ${ticks} one-minute ticks (one simulated day), setup ${result.setupPerSecond}/s`);
    log(`schedule: findDueGuilds (index)     p50 ${result.tickMs.p50} ms  p99 ${result.tickMs.p99} ms  max ${result.tickMs.max} ms`);
    log(`schedule: same query, full scan     p50 ${result.fullScanMs.p50} ms  p99 ${result.fullScanMs.p99} ms  max ${result.fullScanMs.max} ms`);
    log(`schedule: ${claims} claims (pickQuestion + claim + mark sent), ${result.claimsPerSecond} claims/s (largest tick ${largestTick} servers)`);
    return result;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const servers = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchSchedule({ servers });
}
