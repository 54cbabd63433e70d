/**
 * `npm run bench`: every benchmark in one process, one after the other (they share two cores, so never in
 * parallel). Each prints what it measured beside the baseline it was compared with in the same run.
 * `npm run bench -- search discord` runs only the named parts.
 */
import { benchSearch } from './search.ts';
import { benchDiscord } from './discord.ts';
import { benchSchedule } from './schedule.ts';
import { benchProgress } from './progress.ts';

const parts: Record<string, () => Promise<unknown>> = {
  search: () => benchSearch(),
  discord: () => benchDiscord(),
  schedule: () => benchSchedule(),
  progress: () => benchProgress(),
};

const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const unknown = wanted.filter((name) => !(name in parts));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench part(s): ${unknown.join(', ')}; choose from ${Object.keys(parts).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(parts)) {
  const started = performance.now();
  console.log(`\n== ${name} ==`);
  await parts[name]!();
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
