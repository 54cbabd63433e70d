-- Timed mock exams (owner: src/exam). One row per exam a member started in a server; its questions, drawn at
-- the start with their option order, in exam_items. The deadline is stored, so the time left after a restart
-- is the deadline minus the clock.
CREATE TABLE exams (
  id           INTEGER PRIMARY KEY,
  guild_id     TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  exam_name    TEXT NOT NULL,                 -- data/exam.json's name when started
  started_at   INTEGER NOT NULL,              -- epoch ms
  deadline     INTEGER NOT NULL,              -- epoch ms: answers at or after it are refused
  position     INTEGER NOT NULL DEFAULT 0,    -- the question the member last looked at (resume there)
  submitted_at INTEGER,                       -- epoch ms; NULL while open
  timed_out    INTEGER NOT NULL DEFAULT 0 CHECK (timed_out IN (0, 1)), -- submitted by the deadline, not the member
  total        INTEGER NOT NULL,              -- questions drawn
  correct      INTEGER,                       -- right answers, set at submit
  scaled       INTEGER                        -- the estimated scaled score, set at submit
);
-- At most one open exam per member per server: a second /exam resumes it.
CREATE UNIQUE INDEX exams_open ON exams(guild_id, user_id) WHERE submitted_at IS NULL;
CREATE INDEX exams_member ON exams(guild_id, user_id, started_at);
-- The scheduler's "open exams past their deadline" (submitted with what was answered).
CREATE INDEX exams_open_deadline ON exams(deadline) WHERE submitted_at IS NULL;

CREATE TABLE exam_items (
  exam_id      INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,              -- 0-based
  question_id  TEXT NOT NULL,
  topic_id     TEXT NOT NULL,
  option_order TEXT NOT NULL,                 -- serialized OptionOrder ('' for fill-in)
  answer       TEXT,                          -- JSON: chosen FILE indexes as strings, or the typed text; NULL unanswered
  correct      INTEGER CHECK (correct IN (0, 1)),
  flagged      INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  answered_at  INTEGER,
  PRIMARY KEY (exam_id, position)
) WITHOUT ROWID;
