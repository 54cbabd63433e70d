/**
 * Choosing the next daily question for a server:
 * - no repeats until the server has seen every question of the bank (then a new round starts, and the
 *   question just asked is not the first of the new round);
 * - topics follow the exam weights: the topic whose share of this round's questions lags its weight share
 *   the most goes next (ties: heavier topic, then topic id), then a random unused question inside it.
 * Writes the choice to quiz_used_questions: call it inside the claim transaction (claimDuePost's picker).
 */
import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { QuestionBank } from './bank.ts';
import { hash32, seededRandom } from './random.ts';
import type { Question } from './types.ts';

type Db = Database.Database;

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    used: db.prepare<[string], { question_id: string; used_at: number }>(
      'SELECT question_id, used_at FROM quiz_used_questions WHERE guild_id = ?',
    ),
    insert: db.prepare<[string, string, string, number]>(
      'INSERT INTO quiz_used_questions (guild_id, question_id, topic_id, used_at) VALUES (?, ?, ?, ?)',
    ),
    reset: db.prepare<[string]>('DELETE FROM quiz_used_questions WHERE guild_id = ?'),
  };
}

function statements(db: Db) {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}

/** The topic to ask next given how many of its questions this round already used. Exported for tests. */
export function topicWithLargestDeficit(
  weights: ReadonlyMap<string, number>,
  usedPerTopic: ReadonlyMap<string, number>,
  available: ReadonlySet<string>,
): string | null {
  let total = 0;
  let totalWeight = 0;
  for (const [topic, weight] of weights) {
    total += usedPerTopic.get(topic) ?? 0;
    totalWeight += weight;
  }
  let best: { topic: string; deficit: number; weight: number } | null = null;
  for (const [topic, weight] of weights) {
    if (!available.has(topic)) continue;
    const deficit = (weight / totalWeight) * (total + 1) - (usedPerTopic.get(topic) ?? 0);
    if (
      !best ||
      deficit > best.deficit + 1e-9 ||
      (Math.abs(deficit - best.deficit) <= 1e-9 && (weight > best.weight || (weight === best.weight && topic < best.topic)))
    ) {
      best = { topic, deficit, weight };
    }
  }
  return best?.topic ?? null;
}

/**
 * Picks (and records) the next question for a server. `seed` makes the random part reproducible (tests, CLI);
 * without it the choice inside a topic uses crypto randomness. Throws if the bank is empty.
 */
export function pickQuestion(db: Db, guildId: string, bank: QuestionBank, seed?: string | number, nowMs = Date.now()): Question {
  if (bank.questions.length === 0) throw new Error('the question bank is empty');
  const s = statements(db);
  return db.transaction(() => {
    let rows = s.used.all(guildId).filter((row) => bank.byId.has(row.question_id));
    let avoid: string | null = null;
    if (rows.length >= bank.questions.length) {
      // Round over: start again, but not with the question just asked.
      avoid = rows.reduce((a, b) => (b.used_at > a.used_at ? b : a)).question_id;
      s.reset.run(guildId);
      rows = [];
    }
    const used = new Set(rows.map((row) => row.question_id));
    const usedPerTopic = new Map<string, number>();
    for (const id of used) {
      const topic = bank.byId.get(id)!.topic;
      usedPerTopic.set(topic, (usedPerTopic.get(topic) ?? 0) + 1);
    }
    const unusedIn = (topic: string) =>
      (bank.byTopic.get(topic) ?? []).filter((q) => !used.has(q.id) && (q.id !== avoid || bank.questions.length === 1));
    const available = new Set([...bank.byTopic.keys()].filter((topic) => unusedIn(topic).length > 0));
    const topic = topicWithLargestDeficit(bank.weights, usedPerTopic, available)!;
    const candidates = unusedIn(topic);
    const index =
      seed === undefined
        ? randomInt(candidates.length)
        : Math.floor(seededRandom(hash32(`${seed}|${guildId}|${used.size}`))() * candidates.length);
    const question = candidates[index]!;
    s.insert.run(guildId, question.id, question.topic, nowMs);
    return question;
  })();
}
