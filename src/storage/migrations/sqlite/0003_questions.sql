-- Questions a server has already had in the current round of its bank (owner: src/questions).
-- A round ends when every question of the bank has been used; the server's rows are then cleared.
CREATE TABLE quiz_used_questions (
  guild_id    TEXT NOT NULL,
  question_id TEXT NOT NULL,
  topic_id    TEXT NOT NULL,
  used_at     INTEGER NOT NULL,
  PRIMARY KEY (guild_id, question_id)
) WITHOUT ROWID;
