/**
 * Posting on time under Discord's rate limits: many servers due at the same minute, the real bot (scheduler,
 * drain, discord.js REST) against the local Discord in a child process enforcing a global limit (Discord's
 * 50/s by default) and its per-channel buckets. Reports when the last post landed against the ideal (posts / rate),
 * duplicates, lost posts and the 429s the server answered; and when the NEXT minute's due servers were claimed
 * while the first minute's posts were still draining.
 *
 * Scales: the default is 5,000 servers at 50/s (ideal 100 s), so `npm run bench` stays within minutes;
 * `--full` runs 100,000 servers at 50/s (ideal 2,000 s, about 35 minutes); `--servers=N --rate=R` any other.
 * Each server has its own channel (Discord's documented buckets are per channel); the local Discord holds the
 * channels in guilds of 500, the schedules carry one synthetic server id each (the REST traffic is the same).
 * The bot keeps its data in a SQLite file (its default engine); the bench reads the claim and send counts through
 * the same async Db handle.
 *
 * Run alone: `npx tsx bench/schedule-ratelimit.ts [--full | --servers=N --rate=R]`; through `npm run bench -- schedule-ratelimit --full`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_BOT_TOKEN, startLocalBot } from '../bot/local.ts';
import { allCommands } from '../commands/index.ts';
import { setupSchedule } from '../src/schedule/index.ts';
import type { Deliveries } from './discord-server.ts';
import { ServerProcess } from './discord.ts';

export interface RateLimitBenchOptions {
  servers?: number;
  /** Requests per second, enforced by the local Discord and configured in the bot (DISCORD_GLOBAL_RATE_LIMIT). */
  rate?: number;
  log?: (line: string) => void;
}

export interface RateLimitBenchResult {
  servers: number;
  nextMinuteServers: number;
  rate: number;
  /** posts / rate, in seconds. */
  idealS: number;
  /** From the 09:00 pass starting to the last of its posts recorded sent. */
  lastPostS: number;
  /** From the 09:00 pass starting to the last post (09:01's included) created on the local Discord. */
  lastOverallS: number;
  ratio: number;
  /** From the 09:00 pass starting to every 09:00 claim committed. */
  claimsCommittedS: number;
  /** From the 09:01 pass starting (while 09:00's posts still drain) to its claims committed. */
  nextMinuteClaimsS: number;
  /** Posts not yet sent when 09:01's claims were committed. */
  queuedAtNextMinute: number;
  deliveries: Deliveries;
  postsSent: number;
}

export const SCALED = { servers: 5_000, rate: 50 };
export const FULL = { servers: 100_000, rate: 50 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchScheduleRateLimit(options: RateLimitBenchOptions = {}): Promise<RateLimitBenchResult> {
  const servers = options.servers ?? SCALED.servers;
  const rate = options.rate ?? SCALED.rate;
  const log = options.log ?? ((line: string) => console.log(line));
  // A few more servers due one minute later: their pass must claim them while the first minute still drains.
  const nextMinuteServers = Math.max(10, Math.round(servers / 100));
  const total = servers + nextMinuteServers;
  const scale = servers === FULL.servers && rate === FULL.rate ? 'FULL' : servers === SCALED.servers && rate === SCALED.rate ? 'scaled (default)' : 'custom';
  log(`schedule-ratelimit: ${scale} run: ${servers} servers due at 09:00 + ${nextMinuteServers} at 09:01, global limit ${rate}/s (ideal for 09:00: ${(servers / rate).toFixed(0)} s)${scale === 'FULL' ? '' : '; `--full` runs 100,000 servers at 50/s'}`);

  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-bench-ratelimit-'));
  // The local Discord holds every message of the run; give its heap room for 100,000 of them.
  const server = new ServerProcess(['--import', 'tsx', '--max-old-space-size=8192']);
  try {
    const setupStarted = performance.now();
    const { restUrl, channelIds } = await server.call<{ restUrl: string; channelIds: string[] }>({
      op: 'channels',
      token: LOCAL_BOT_TOKEN,
      channels: total,
      globalPerSecond: rate,
    });
    // The bot's clock runs at real speed from 08:59:50 UTC on the bench's day.
    const nineUtc = Date.UTC(2024, 5, 3, 9, 0);
    let offset = nineUtc - 10_000 - Date.now();
    const bot = await startLocalBot(restUrl, {
      commands: allCommands,
      config: { DATABASE_PATH: join(folder, 'bench.sqlite'), DISCORD_GLOBAL_RATE_LIMIT: rate },
      logLevel: 'silent',
      scheduler: false,
      now: () => Date.now() + offset,
    });
    try {
      const { db } = bot.services;
      const setupAt = Date.now() + offset;
      await db.transaction(async () => {
        for (const [i, channelId] of channelIds.entries()) {
          const time = i < servers ? '09:00' : '09:01';
          await setupSchedule(db, { guildId: `bench-${i}`, channelId, time, timezone: 'UTC' }, setupAt);
        }
      });
      log(`schedule-ratelimit: setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (local Discord with ${total} channels, bot logged in, schedules written)`);

      const claims = async (since: number) =>
        (await db.get<{ n: number }>('SELECT count(*) AS n FROM quiz_posts WHERE claimed_at >= ?', [since]))!.n;
      const sent = async () => (await db.get<{ n: number }>(`SELECT count(*) AS n FROM quiz_posts WHERE status = 'sent'`))!.n;
      offset = nineUtc - Date.now(); // 09:00:00 now
      const started = Date.now();
      const load = [loadavg()[0]!];
      const first = bot.bot.quiz.tick();
      let claimsCommittedS = NaN;
      while (Number.isNaN(claimsCommittedS)) {
        if ((await claims(nineUtc)) >= servers) claimsCommittedS = (Date.now() - started) / 1000;
        else await sleep(50);
      }
      // 09:01: the next minute's pass, with 09:00's posts still queued (at scale).
      const nextAt = started + 60_000;
      let nextMinuteClaimsS = NaN;
      if (Date.now() < nextAt) {
        const racing = await Promise.race([first.then(() => 'done'), sleep(nextAt - Date.now()).then(() => 'minute')]);
        if (racing === 'done') await sleep(Math.max(0, nextAt - Date.now()));
      }
      const secondStarted = Date.now();
      const second = bot.bot.quiz.tick();
      let queuedMeanwhile = 0;
      while (Number.isNaN(nextMinuteClaimsS)) {
        if ((await claims(nineUtc + 60_000)) >= nextMinuteServers) {
          nextMinuteClaimsS = (Date.now() - secondStarted) / 1000;
          queuedMeanwhile = total - (await sent());
        } else await sleep(50);
      }
      const progress = setInterval(async () => {
        log(`schedule-ratelimit: … ${await sent()} of ${total} posts sent after ${((Date.now() - started) / 1000).toFixed(0)} s`);
        load.push(loadavg()[0]!);
      }, servers > 20_000 ? 120_000 : 30_000);
      try {
        await Promise.all([first, second]);
      } finally {
        clearInterval(progress);
      }
      load.push(loadavg()[0]!);
      const { deliveries } = await server.call<{ deliveries: Deliveries }>({ op: 'deliveries' });
      // The issue's measure: the minute's last post against servers / rate. sent_at is on the bot's clock, which
      // read 09:00:00 when the pass started.
      const lastOfMinute = (await db.get<{ at: number }>('SELECT max(sent_at) AS at FROM quiz_posts WHERE claimed_at < ?', [nineUtc + 60_000]))!.at;
      const idealS = servers / rate;
      const lastPostS = (lastOfMinute - nineUtc) / 1000;
      const lastOverallS = (deliveries.lastAt - started) / 1000;
      const result: RateLimitBenchResult = {
        servers,
        nextMinuteServers,
        rate,
        idealS,
        lastPostS,
        lastOverallS,
        ratio: lastPostS / idealS,
        claimsCommittedS,
        nextMinuteClaimsS,
        queuedAtNextMinute: queuedMeanwhile,
        deliveries,
        postsSent: await sent(),
      };
      log(`schedule-ratelimit: 09:00's last post landed ${lastPostS.toFixed(1)} s after 09:00 against an ideal of ${idealS.toFixed(1)} s (${servers} posts at ${rate}/s): ratio ${result.ratio.toFixed(3)}`);
      log(`schedule-ratelimit: with 09:01's ${nextMinuteServers} queued behind them, the last post of all landed at ${lastOverallS.toFixed(1)} s (${total} posts: ideal ${(total / rate).toFixed(1)} s)`);
      log(`schedule-ratelimit: ${deliveries.once} channels got their post once, ${deliveries.duplicated} duplicated, ${deliveries.missing} lost; ${result.postsSent} posts marked sent in the database`);
      log(`schedule-ratelimit: 429s answered by the local Discord: ${deliveries.globalLimited} global, ${deliveries.routeLimited} per route (${deliveries.counted} requests counted against the global limit)`);
      log(`schedule-ratelimit: 09:00's ${servers} claims all committed ${claimsCommittedS.toFixed(1)} s after its pass started; 09:01's ${nextMinuteServers} claims ${nextMinuteClaimsS.toFixed(2)} s after theirs, while ${queuedMeanwhile} posts still waited to be sent`);
      log(`schedule-ratelimit: load average during the run ${load.map((n) => n.toFixed(2)).join(' → ')}`);
      return result;
    } finally {
      await bot.close();
    }
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `--full`, or `--servers=N` and `--rate=R`, from the command line (bench/main.ts passes its flags through). */
export function rateLimitBenchArgs(argv: readonly string[]): RateLimitBenchOptions {
  const value = (flag: string) => {
    const given = argv.find((arg) => arg.startsWith(`${flag}=`));
    if (given === undefined) return undefined;
    const n = Number(given.slice(flag.length + 1));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} takes a positive whole number`);
    return n;
  };
  if (argv.includes('--full')) return { ...FULL };
  return { servers: value('--servers'), rate: value('--rate') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchScheduleRateLimit(rateLimitBenchArgs(process.argv.slice(2)));
}
