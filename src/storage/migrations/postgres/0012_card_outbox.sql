-- Daily answers step their review cards after the ack, not in the answer's transaction (owner: src/progress,
-- card-steps.ts): the answers table is the outbox, and this row says how far its card steps are applied.
-- Every answer with id <= stepped_through has had its card step (daily ones; other kinds step inline).
CREATE TABLE card_outbox (
  id              BIGINT PRIMARY KEY CHECK (id = 1),
  stepped_through BIGINT NOT NULL
);
-- An upgraded database already stepped every answer inline: start at the newest, replay nothing.
INSERT INTO card_outbox (id, stepped_through) VALUES (1, (SELECT coalesce(max(id), 0) FROM answers));
-- answers.id comes from an identity sequence here, which never hands out an id twice: deleting the newest
-- answers cannot make a later one fall at or below the watermark, so SQLite's trigger has no counterpart.
-- Concurrent writers: an answer's transaction reads this row (src/progress/record.ts), so SERIALIZABLE aborts
-- one of an answer and a stepper that overlap, and the stepper never moves past an answer it could not see.
