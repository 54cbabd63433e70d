-- The no-repeat rule is per topic (owner: src/questions/select.ts): each topic of a server goes through its
-- questions in rounds of its own, so a small topic that ran out starts again instead of waiting for the whole
-- bank. A row holds a question's latest use and the round of its topic it was used in; rows of earlier rounds
-- stay (never cleared), so the topic's round number also tells how often the topic was asked.
ALTER TABLE quiz_used_questions ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
