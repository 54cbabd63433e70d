/**
 * Choosing the next daily question for a server:
 * - topics follow the exam weights all the time: the topic whose share of the server's questions so far lags its
 *   weight share the most goes next (ties: heavier topic, then topic id);
 * - no repeats inside a topic's round: each topic goes through its questions in rounds of its own; when a topic's
 *   questions are used up it starts a new round, without the question it asked last as the first of it. A small
 *   topic is thus never left out until the whole bank has been asked.
 * Writes the choice to quiz_used_questions: call it inside the claim transaction (claimDuePost's picker).
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../storage/index.ts';
import type { QuestionBank } from './bank.ts';
import { hash32, seededRandom } from './random.ts';
import type { Question } from './types.ts';

interface UsedRow {
  question_id: string;
  used_at: number;
  round: number;
}

const SQL = {
  used: 'SELECT question_id, used_at, round FROM quiz_used_questions WHERE guild_id = ? ORDER BY used_at, question_id',
  record: `INSERT INTO quiz_used_questions (guild_id, question_id, topic_id, used_at, round) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (guild_id, question_id) DO UPDATE SET topic_id = excluded.topic_id, used_at = excluded.used_at, round = excluded.round`,
} as const;

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

/** Where a topic stands for a server: its current round, the questions used in it, the one asked last. */
interface TopicRound {
  round: number;
  used: Set<string>;
  last: { id: string; at: number } | null;
}

function topicRounds(rows: readonly UsedRow[], bank: QuestionBank): Map<string, TopicRound> {
  const rounds = new Map<string, TopicRound>();
  for (const row of rows) {
    const topic = bank.byId.get(row.question_id)?.topic;
    if (topic === undefined) continue; // a question no longer in the bank
    const state = rounds.get(topic) ?? { round: row.round, used: new Set<string>(), last: null };
    if (row.round > state.round) {
      state.round = row.round;
      state.used.clear();
    }
    if (row.round === state.round) state.used.add(row.question_id);
    if (!state.last || row.used_at > state.last.at) state.last = { id: row.question_id, at: row.used_at };
    rounds.set(topic, state);
  }
  return rounds;
}

/**
 * Picks (and records) the next question for a server. `seed` makes the random part reproducible (tests, CLI);
 * without it the choice inside a topic uses crypto randomness. Throws if the bank is empty.
 */
export async function pickQuestion(db: Db, guildId: string, bank: QuestionBank, seed?: string | number, nowMs = Date.now()): Promise<Question> {
  if (bank.questions.length === 0) throw new Error('the question bank is empty');
  return db.transaction(async (tx) => {
    const rounds = topicRounds(await tx.all<UsedRow>(SQL.used, [guildId]), bank);
    // How often each topic was asked: its finished rounds of its whole pool, plus this round's questions.
    const asked = new Map<string, number>();
    let total = 0;
    for (const [topic, pool] of bank.byTopic) {
      const state = rounds.get(topic);
      const count = state ? state.round * pool.length + state.used.size : 0;
      asked.set(topic, count);
      total += count;
    }
    const available = new Set([...bank.byTopic.keys()].filter((topic) => (bank.weights.get(topic) ?? 0) > 0));
    const topic = topicWithLargestDeficit(bank.weights, asked, available.size > 0 ? available : new Set(bank.byTopic.keys()))!;
    const pool = bank.byTopic.get(topic)!;
    const state = rounds.get(topic) ?? { round: 0, used: new Set<string>(), last: null };
    let round = state.round;
    let candidates: readonly Question[] = pool.filter((q) => !state.used.has(q.id));
    if (candidates.length === 0) {
      // The topic's round is over: a new one, not starting with the question this topic asked last.
      round++;
      candidates = pool.length > 1 ? pool.filter((q) => q.id !== state.last?.id) : pool;
    }
    const index =
      seed === undefined
        ? randomInt(candidates.length)
        : Math.floor(seededRandom(hash32(`${seed}|${guildId}|${total}`))() * candidates.length);
    const question = candidates[index]!;
    await tx.run(SQL.record, [guildId, question.id, question.topic, nowMs, round]);
    return question;
  });
}
