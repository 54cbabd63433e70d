-- Daily answers step their review cards after the ack, not in the answer's transaction (owner: src/progress,
-- card-steps.ts): the answers table is the outbox, and this row says how far its card steps are applied.
-- Every answer with id <= stepped_through has had its card step (daily ones; other kinds step inline).
CREATE TABLE card_outbox (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  stepped_through INTEGER NOT NULL
);
-- An upgraded database already stepped every answer inline: start at the newest, replay nothing.
INSERT INTO card_outbox (id, stepped_through) VALUES (1, (SELECT coalesce(max(id), 0) FROM answers));
-- answers.id is a plain rowid (max + 1): deleting the newest answers (/forget-me) would let the next insert
-- reuse an id at or below the watermark, and its step would be skipped. Keep the watermark <= max(id).
CREATE TRIGGER card_outbox_after_answer_delete AFTER DELETE ON answers
WHEN old.id <= (SELECT stepped_through FROM card_outbox WHERE id = 1)
BEGIN
  UPDATE card_outbox SET stepped_through = (SELECT coalesce(max(id), 0) FROM answers) WHERE id = 1;
END;
