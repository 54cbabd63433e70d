-- Progress: answers, streaks, points, per-period rollups and leaderboard counts (owner: src/progress).
-- Days are the server's local days (quiz_posts.local_date); weeks are ISO weeks (Monday start) of those days.

-- Every answer a member gave: the daily quiz (kind 0, one per member per post) and /practice (kind 1).
CREATE TABLE answers (
  id          INTEGER PRIMARY KEY,
  guild_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  kind        INTEGER NOT NULL CHECK (kind IN (0, 1)),      -- 0 daily, 1 practice
  post_id     INTEGER REFERENCES quiz_posts(id),            -- daily only
  question_id TEXT NOT NULL,
  topic_id    TEXT NOT NULL,
  answer      TEXT NOT NULL,                                 -- JSON: string[] of option ids, or a string
  correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
  points      INTEGER NOT NULL,
  local_date  TEXT NOT NULL,                                 -- YYYY-MM-DD in the server's timezone
  answered_at INTEGER NOT NULL,                              -- epoch ms
  CHECK ((kind = 0) = (post_id IS NOT NULL))
);
-- One answer per member per post: a second click conflicts here and changes nothing.
CREATE UNIQUE INDEX answers_one_per_post ON answers(post_id, user_id) WHERE post_id IS NOT NULL;
-- A member's answers by day: heatmap counts (covering), forgetMember.
CREATE INDEX answers_member_day ON answers(guild_id, user_id, local_date, correct);

-- Per member per server: streak state (folded over the server's posts in seq order), all-time daily counts and
-- per-topic counts (kept in this row, which every answer rewrites anyway, instead of one more random write).
CREATE TABLE member_progress (
  guild_id          TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  current_streak    INTEGER NOT NULL DEFAULT 0,
  best_streak       INTEGER NOT NULL DEFAULT 0,
  freezes           INTEGER NOT NULL DEFAULT 0,   -- held, 0..2
  freezes_used      INTEGER NOT NULL DEFAULT 0,   -- spent, all time
  last_seq          INTEGER NOT NULL DEFAULT 0,   -- posts with seq <= last_seq are folded into the streak
  last_answered_seq INTEGER NOT NULL DEFAULT 0,   -- > last_seq: answers still waiting behind an open post
  daily_answered    INTEGER NOT NULL DEFAULT 0,
  daily_correct     INTEGER NOT NULL DEFAULT 0,
  topics            TEXT NOT NULL DEFAULT '{}',   -- JSON {"330.1": [answered, correct], …}, daily + practice
  left_at           INTEGER,                      -- member known to have left: hidden from leaderboards
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
-- Streak leaderboard: top-N walks this index.
CREATE INDEX member_progress_streak ON member_progress(guild_id, current_streak DESC, user_id)
  WHERE current_streak > 0 AND left_at IS NULL;

-- Rollups per member per period: 'all', ISO week 'YYYY-Www', month 'YYYY-MM'. Maintained at record time.
CREATE TABLE member_period_stats (
  guild_id TEXT NOT NULL,
  period   TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  points   INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  correct  INTEGER NOT NULL,
  acc_pm   INTEGER,                  -- accuracy in per mille (rounded), NULL below the minimum number of answers
  listed   INTEGER NOT NULL DEFAULT 1, -- 0 while the member is marked as having left
  -- Period first: the rows written today (this week, this month, all) sit together, a small hot set even
  -- when a year of weeks accumulates behind them.
  PRIMARY KEY (guild_id, period, user_id)
) WITHOUT ROWID;
-- No index on (guild_id, user_id): the rare "all rows of one member" (leaving, coming back, being forgotten)
-- seeks each of the server's few distinct periods (src/progress/rollups.ts), so a new week/month row costs no
-- extra random page write in an index over every period ever recorded.
CREATE INDEX member_period_points ON member_period_stats(guild_id, period, points DESC, user_id) WHERE listed = 1;
CREATE INDEX member_period_accuracy ON member_period_stats(guild_id, period, acc_pm DESC, answered DESC, user_id)
  WHERE listed = 1 AND acc_pm IS NOT NULL;

-- How many listed members hold each score on each board ('points:<period>', 'accuracy:<period>', 'streak').
-- A member's rank is 1 + SUM(members) over higher scores: a few hundred rows, instead of counting up to
-- every member of a large server in an index.
CREATE TABLE leaderboard_counts (
  guild_id TEXT NOT NULL,
  board    TEXT NOT NULL,
  score    INTEGER NOT NULL,
  members  INTEGER NOT NULL,
  PRIMARY KEY (guild_id, board, score)
) WITHOUT ROWID;

-- Per server: every post with seq <= closed_seq has had its window closed and its misses settled.
CREATE TABLE guild_progress (
  guild_id   TEXT PRIMARY KEY,
  closed_seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
