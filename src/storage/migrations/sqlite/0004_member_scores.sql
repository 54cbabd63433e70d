-- Scores move into member_progress; leaderboards are served from memory (owner: src/progress).
--
-- Why: recording an answer rewrote about a dozen random pages (three period rollup rows, their points and
-- accuracy indexes, the streak index, the score counts, and the per-member-day index over every answer), and
-- it stayed near 3,000 answers/s even in group commits. Now an answer writes its own row (appended) and its
-- member's row; rankings are kept in memory (src/progress/member-cache.ts) and rebuilt from member_progress.
--
-- What carries over: the all-time totals, and each member's latest week and month (the only ones a board
-- shows). Older weeks and months were sums of answers that all stay in `answers` (local_date, correct,
-- points), so nothing a member did is lost; those past-period sums are simply no longer stored.

ALTER TABLE member_progress ADD COLUMN points INTEGER NOT NULL DEFAULT 0;     -- all time, daily + practice
ALTER TABLE member_progress ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN correct INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN week_key TEXT;                          -- ISO week 'YYYY-Www' of the counts below
ALTER TABLE member_progress ADD COLUMN week_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN week_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN week_correct INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN month_key TEXT;                         -- 'YYYY-MM'
ALTER TABLE member_progress ADD COLUMN month_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN month_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_progress ADD COLUMN month_correct INTEGER NOT NULL DEFAULT 0;

UPDATE member_progress SET (points, answered, correct) = (
  SELECT s.points, s.answered, s.correct FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.period = 'all' AND s.user_id = member_progress.user_id
) WHERE EXISTS (
  SELECT 1 FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.period = 'all' AND s.user_id = member_progress.user_id
);

UPDATE member_progress SET (week_key, week_points, week_answered, week_correct) = (
  SELECT s.period, s.points, s.answered, s.correct FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.user_id = member_progress.user_id
    AND length(s.period) = 8 AND substr(s.period, 6, 1) = 'W'
  ORDER BY s.period DESC LIMIT 1
) WHERE EXISTS (
  SELECT 1 FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.user_id = member_progress.user_id
    AND length(s.period) = 8 AND substr(s.period, 6, 1) = 'W'
);

UPDATE member_progress SET (month_key, month_points, month_answered, month_correct) = (
  SELECT s.period, s.points, s.answered, s.correct FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.user_id = member_progress.user_id AND length(s.period) = 7
  ORDER BY s.period DESC LIMIT 1
) WHERE EXISTS (
  SELECT 1 FROM member_period_stats s
  WHERE s.guild_id = member_progress.guild_id AND s.user_id = member_progress.user_id AND length(s.period) = 7
);

DROP TABLE leaderboard_counts;
DROP TABLE member_period_stats;
DROP INDEX member_progress_streak;

-- The per-member-day index over every answer was a random write on each insert. Daily answers are found
-- through their post (answers_one_per_post); practice answers get their own, much smaller index.
DROP INDEX answers_member_day;
CREATE INDEX answers_practice_member ON answers(guild_id, user_id, local_date, correct) WHERE post_id IS NULL;
