-- Personal spaced review with FSRS (owner: src/review). A member's card per question they answered
-- ('q:<questionId>') or per notes entry they added from /term ('e:<entryId>'), in each server.

-- The FSRS state of each card, exactly the fields of ts-fsrs 5's Card, so a card read back schedules as the
-- one written: times as epoch ms, stability and difficulty as REAL (8-byte doubles, stored bit for bit).
CREATE TABLE review_cards (
  guild_id       TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  card_key       TEXT NOT NULL,                -- 'q:<questionId>' or 'e:<entryId>'
  topic_id       TEXT NOT NULL,
  due            INTEGER NOT NULL,             -- epoch ms
  stability      REAL NOT NULL,
  difficulty     REAL NOT NULL,
  elapsed_days   INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps           INTEGER NOT NULL,
  lapses         INTEGER NOT NULL,
  state          INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)), -- ts-fsrs State: New, Learning, Review, Relearning
  last_review    INTEGER,                      -- epoch ms; NULL while never reviewed
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id, card_key)
) WITHOUT ROWID;
-- "The member's due cards by due time" and "how many are due / when is the next": a range of this index
-- (it carries card_key, the rest of the primary key, so the count and the next due time never read the table).
CREATE INDEX review_cards_due ON review_cards(guild_id, user_id, due);

-- One row per /review answer ("reviewed today"). Steps caused by daily, practice or exam answers are in
-- `answers` already and are not repeated here.
CREATE TABLE review_log (
  id          INTEGER PRIMARY KEY,
  guild_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  card_key    TEXT NOT NULL,
  rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), -- ts-fsrs Rating: Again, Hard, Good, Easy
  state       INTEGER NOT NULL,                                -- the card's state before this step
  local_date  TEXT NOT NULL,                                   -- YYYY-MM-DD in the server's timezone
  reviewed_at INTEGER NOT NULL                                 -- epoch ms
);
CREATE INDEX review_log_member_day ON review_log(guild_id, user_id, local_date);

-- Per server: the desired retention FSRS schedules for (no row: the default, 0.90).
CREATE TABLE review_settings (
  guild_id          TEXT PRIMARY KEY,
  desired_retention REAL NOT NULL CHECK (desired_retention BETWEEN 0.8 AND 0.95),
  updated_at        INTEGER NOT NULL
) WITHOUT ROWID;
