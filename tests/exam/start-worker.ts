/**
 * Child process for the concurrent-start test: opens the same database (a SQLite file or a PostgreSQL URL) and
 * starts member u's exam in server g at a shared instant. Prints { status, id } (JSON) on stdout.
 * argv: target nowMs startAtMs
 */
import { loadExam, startExam } from '../../src/exam/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { bankOf } from './bank.ts';

const [target, nowArg, startArg] = process.argv.slice(2);
const db = await openDatabase(target!, { busyTimeoutMs: 10_000 });
const exam = loadExam();
const bank = bankOf(12);
while (Date.now() < Number(startArg)) {
  // spin until the shared start instant so the processes really overlap
}
const started = await startExam(db, exam, bank, { guildId: 'g', userId: 'u', now: Number(nowArg) });
await db.close();
process.stdout.write(JSON.stringify({ status: started.status, id: 'session' in started ? started.session.id : null }));
