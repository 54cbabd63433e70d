/**
 * `npm run bench`: every benchmark, one after the other (they share two cores, so never in parallel), each in
 * its own child process, so that one part's heap and garbage (10,000 queries to three engines, 100,000 schedules)
 * do not weigh on the next part's timings; the bot's own process holds none of that either. Each part prints
 * what it measured beside the baseline it was compared with in the same run.
 * `npm run bench -- search discord` runs only the named parts; flags (`--full`) are passed to every part
 * (schedule-ratelimit reads `--full`, `--servers=N`, `--rate=R`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Imported only by the child that runs the part: the parent process loads none of them.
const parts: Record<string, () => Promise<unknown>> = {
  search: async () => (await import('./search.ts')).benchSearch(),
  discord: async () => (await import('./discord.ts')).benchDiscord(),
  schedule: async () => (await import('./schedule.ts')).benchSchedule(),
  'schedule-ratelimit': async () => {
    const { benchScheduleRateLimit, rateLimitBenchArgs } = await import('./schedule-ratelimit.ts');
    return benchScheduleRateLimit(rateLimitBenchArgs(process.argv.slice(2)));
  },
  progress: async () => (await import('./progress.ts')).benchProgress(),
  review: async () => (await import('./review.ts')).benchReview(),
  memory: async () => (await import('./guild-memory.ts')).benchGuildMemory(),
};

const PART_FLAG = '--part-in-this-process';
const args = process.argv.slice(2);
const wanted = args.filter((name) => !name.startsWith('-'));
const flags = args.filter((arg) => arg.startsWith('-') && arg !== PART_FLAG);
const unknown = wanted.filter((name) => !(name in parts));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench part(s): ${unknown.join(', ')}; choose from ${Object.keys(parts).join(', ')}\n`);
  process.exit(2);
}

if (args.includes(PART_FLAG)) {
  await parts[wanted[0]!]!();
} else {
  let failed = false;
  for (const name of wanted.length > 0 ? wanted : Object.keys(parts)) {
    const started = performance.now();
    console.log(`\n== ${name} ==`);
    // The same Node flags (tsx's loader among them), the same script, one part.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name, ...flags, PART_FLAG], { stdio: 'inherit' });
    if (child.status !== 0) {
      failed = true;
      console.log(`(${name}: FAILED, exit ${child.status ?? child.signal})`);
    } else console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (failed) process.exitCode = 1;
}
