/**
 * Rows in every table of the schema, written with plain SQL (not the domain code) so the copy test sees awkward
 * values: explicit and large ids, NULLs, doubles that do not round nicely, unicode, far-future epoch ms.
 */
import type { Queries } from '../../src/storage/index.ts';

export const FAR_FUTURE_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
export const UNICODE = 'Zoë — 日本語 ✓ 🚀 "quoted" \'single\' \\ back';
export const ANSWERS = 1_234;

export async function fillEveryTable(db: Queries): Promise<void> {
  await db.run(`DELETE FROM card_outbox`);
  await db.run(
    `INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, days, paused, paused_reason, next_due_at, skip_date, updated_at, pause_notice_pending)
     VALUES ('g1', 'c1', '09:00', 'Europe/Lisbon', 127, 0, NULL, ?, NULL, 1, 0),
            ('g2', ?, '23:59', 'Asia/Tokyo', 31, 1, 'manual', NULL, '2024-02-29', ?, 1)`,
    [FAR_FUTURE_MS, UNICODE, FAR_FUTURE_MS],
  );
  await db.run(
    `INSERT INTO quiz_posts (id, guild_id, local_date, seq, question_id, topic_id, channel_id, message_id, status, nonce, claimed_at,
       lease_until, attempts, last_error, sent_at, window_closes_at, revealed_at, option_order)
     VALUES (7, 'g1', '2024-03-30', 1, 'q1', '330.1', 'c1', '1234567890123456789', 'revealed', 'n1', 1, NULL, 1, NULL, 2, 3, 4, '[2,0,1,3]'),
            (1000000, 'g1', '2024-03-31', 2, 'q2', '330.2', 'c1', NULL, 'failed', 'n2', ?, ?, 3, ?, NULL, NULL, NULL, NULL),
            (1000001, 'g2', '2024-03-31', 1, 'q3', '330.3', 'c2', NULL, 'claimed', 'n3', 5, 6, 1, NULL, NULL, NULL, NULL, NULL)`,
    [FAR_FUTURE_MS, FAR_FUTURE_MS, UNICODE],
  );
  const answer = `INSERT INTO answers (id, guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
     VALUES (?, ?, ?, ?, ?, 'q1', '330.1', ?, ?, ?, '2024-03-30', ?)`;
  await db.run(answer, [1, 'g1', 'u1', 0, 7, '["a","b"]', 1, 10, FAR_FUTURE_MS]);
  await db.run(answer, [2, 'g1', 'u2', 0, 1000000, UNICODE, 0, 0, 11]);
  // Enough rows for several batches, ids with gaps.
  for (let i = 0; i < ANSWERS - 2; i++) await db.run(answer, [10 + i * 3, 'g1', `user-${i}`, 1, null, '"free text"', i % 2, i, 1_700_000_000_000 + i]);
  await db.run(
    `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, freezes, freezes_used, last_seq, last_answered_seq,
       daily_answered, daily_correct, topics, left_at, updated_at, points, answered, correct, week_key, week_points, week_answered,
       week_correct, month_key, month_points, month_answered, month_correct)
     VALUES ('g1', 'u1', 3, 9, 2, 1, 5, 6, 40, 30, ?, NULL, ?, 300, 40, 30, '2024-W13', 20, 2, 2, '2024-03', 30, 3, 3),
            ('g1', ?, 0, 0, 0, 0, 0, 0, 0, 0, '{}', 5, 6, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0, 0)`,
    ['{"330.1":[3,2],"ü":[1,0]}', FAR_FUTURE_MS, UNICODE],
  );
  await db.run(`INSERT INTO guild_progress (guild_id, closed_seq) VALUES ('g1', 2), ('g2', 0)`);
  await db.run(
    `INSERT INTO quiz_used_questions (guild_id, question_id, topic_id, used_at, round) VALUES ('g1', 'q1', '330.1', 1, 1), ('g1', 'q2', '330.2', ?, 2), ('g2', 'q1', '330.1', 3, 1)`,
    [FAR_FUTURE_MS],
  );
  await db.run(
    `INSERT INTO review_cards (guild_id, user_id, card_key, topic_id, due, stability, difficulty, elapsed_days, scheduled_days,
       learning_steps, reps, lapses, state, last_review, created_at)
     VALUES ('g1', 'u1', 'q1', '330.1', ?, ?, ?, 0, 1, 0, 1, 0, 2, NULL, 1),
            ('g1', 'u1', ?, '330.2', 2, ?, 1e-300, 3, 4, 1, 5, 6, 3, ?, 2)`,
    [FAR_FUTURE_MS, 0.1 + 0.2, 5.123456789012345, `card ${UNICODE}`, 1 / 3, FAR_FUTURE_MS],
  );
  await db.run(
    `INSERT INTO review_log (id, guild_id, user_id, card_key, rating, state, local_date, reviewed_at)
     VALUES (3, 'g1', 'u1', 'q1', 1, 0, '2024-03-30', 1), (99999999, 'g1', 'u1', ?, 4, 3, '2024-03-31', ?)`,
    [UNICODE, FAR_FUTURE_MS],
  );
  await db.run(`INSERT INTO review_settings (guild_id, desired_retention, updated_at) VALUES ('g1', 0.9, 1), ('g2', ?, ?)`, [0.8 + 0.05, FAR_FUTURE_MS]);
  await db.run(`INSERT INTO forgotten_answers (post_id, user_id) VALUES (7, 'u9'), (1000000, ?)`, [UNICODE]);
  await db.run(`INSERT INTO leader_lease (name, owner, expires_at) VALUES ('scheduler', ?, ?)`, [UNICODE, FAR_FUTURE_MS]);
  await db.run(
    `INSERT INTO exams (id, guild_id, user_id, exam_name, started_at, deadline, position, submitted_at, timed_out, total, correct, scaled)
     VALUES (5, 'g1', 'u1', ?, 1, ?, 2, NULL, 0, 60, NULL, NULL), (6, 'g1', 'u2', 'mock', 1, 2, 60, 3, 1, 60, 42, 610)`,
    [UNICODE, FAR_FUTURE_MS],
  );
  await db.run(
    `INSERT INTO exam_items (exam_id, position, question_id, topic_id, option_order, answer, correct, flagged, answered_at)
     VALUES (5, 0, 'q1', '330.1', '[0,1,2,3]', NULL, NULL, 0, NULL), (5, 1, 'q2', '330.2', '[3,2,1,0]', '["b"]', 1, 1, ?),
            (6, 0, 'q1', '330.1', '[1,0]', ?, 0, 0, 4)`,
    [FAR_FUTURE_MS, UNICODE],
  );
  await db.run(`INSERT INTO card_outbox (id, stepped_through) VALUES (1, ?)`, [10 + (ANSWERS - 3) * 3]);
}
