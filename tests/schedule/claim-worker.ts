/**
 * Child process for the two-processes test: opens the same database (a SQLite file or a PostgreSQL URL) and
 * claims every due server as fast as it can, starting at a shared instant. Prints the claimed guild ids (JSON)
 * on stdout.
 * argv: target nowMs startAtMs reverse(0|1)
 */
import { claimDuePost, findDueGuilds } from '../../src/schedule/index.ts';
import { openDatabase } from '../../src/storage/index.ts';

const [target, nowArg, startArg, reverseArg] = process.argv.slice(2);
const db = await openDatabase(target!, { busyTimeoutMs: 10_000 });
const now = Number(nowArg);
let guilds = await findDueGuilds(db, now, 1_000_000);
if (reverseArg === '1') guilds = guilds.reverse();
while (Date.now() < Number(startArg)) {
  // spin until the shared start instant so both processes really overlap
}
const claimed: string[] = [];
for (const guildId of guilds) {
  const outcome = await claimDuePost(db, guildId, now, ({ seq }) => ({ questionId: `q${seq}`, topicId: '330.1' }));
  if (outcome.claimed) claimed.push(guildId);
}
await db.close();
process.stdout.write(JSON.stringify(claimed));
