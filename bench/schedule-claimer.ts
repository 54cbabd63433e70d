/**
 * Child process of the schedule bench's busy minute: one bot instance's scheduler pass. It opens the database
 * at `target` (a SQLite file or a postgres:// URL) as the bot does, loads the question bank, lists the due
 * servers, prints `{"ready":…}` and waits for a line on stdin, so that every instance starts claiming at the
 * same moment; then claims every due server as bot/quiz/runner.ts does (pickQuestion inside each claim) and
 * prints one JSON line: what it claimed, what it found already taken, what failed, and the engine's retries.
 * Usage: schedule-claimer.ts <target> <now ms>
 */
import { createInterface } from 'node:readline';
import { loadKnowledgeBase } from '../src/notes/index.ts';
import { createQuestionBank, generateQuestions } from '../src/questions/index.ts';
import { findDueGuilds } from '../src/schedule/index.ts';
import { openDatabase } from '../src/storage/index.ts';
import { benchPicker, claimPass, CountingDb, type ClaimerReport } from './schedule-claims.ts';

const [target, nowArg] = process.argv.slice(2);
const now = Number(nowArg);
const db = new CountingDb(await openDatabase(target!));
try {
  const kb = loadKnowledgeBase('data/notes');
  const bank = createQuestionBank(generateQuestions(kb), { kb });
  const due = await findDueGuilds(db, now, 1_000_000);
  process.stdout.write(`${JSON.stringify({ ready: true, due: due.length })}\n`);
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  const pass = await claimPass(db, due, now, benchPicker(db, bank, now));
  const report: ClaimerReport = {
    pid: process.pid,
    due: due.length,
    ...pass,
    transactions: db.transactions,
    attempts: db.attempts,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await db.close();
}
