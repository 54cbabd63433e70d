/**
 * `npm run bench -- memory`: what each guild costs the bot's process with only the Guilds intent (the capacity
 * note in the README). For each guild shape and count, a fresh process (bench/guild-memory-bot.ts) logs the
 * bot's client in to a local Discord (in a process of its own) and reports its memory before and after.
 * Per guild = the growth divided by the count; the marginal cost compares 10,000 guilds with 1,000.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Sample {
  guilds: number;
  shape: string;
  shards: number;
  channels: number;
  readyMs: number;
  before: { heapUsed: number; rss: number; external: number };
  after: { heapUsed: number; rss: number; external: number };
}

const COUNTS = [1000, 10_000];
const SHAPES = ['minimal', 'study-group'];

function measure(guilds: number, shape: string): Sample {
  const script = fileURLToPath(new URL('./guild-memory-bot.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', script, String(guilds), shape], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`guild-memory-bot ${guilds} ${shape} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Sample;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export async function benchGuildMemory(): Promise<void> {
  console.log('| shape | guilds | shards | heap growth | RSS growth | heap per guild | RSS per guild | ready in |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const shape of SHAPES) {
    const samples = COUNTS.map((count) => measure(count, shape));
    for (const s of samples) {
      const heap = s.after.heapUsed - s.before.heapUsed;
      const rss = s.after.rss - s.before.rss;
      console.log(
        `| ${shape} (${Math.round(s.channels / s.guilds)} channels/guild) | ${s.guilds.toLocaleString('en')} | ${s.shards} | ${mb(heap)} MB | ${mb(rss)} MB | ${kb(heap / s.guilds)} KB | ${kb(rss / s.guilds)} KB | ${(s.readyMs / 1000).toFixed(1)} s |`,
      );
    }
    const [small, large] = samples as [Sample, Sample];
    const marginal = (large.after.heapUsed - large.before.heapUsed - (small.after.heapUsed - small.before.heapUsed)) / (large.guilds - small.guilds);
    console.log(`| ${shape}: marginal heap per guild (10,000 vs 1,000) | | | | | ${kb(marginal)} KB | | |`);
  }
}
