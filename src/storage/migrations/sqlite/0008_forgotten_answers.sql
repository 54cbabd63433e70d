-- One answer per member per post, even after /forget-me (owner: src/progress).
-- A forgotten member's answers are deleted, but while a post's window is still open the member must not be able
-- to answer it again (and score again). This keeps only which open post they had answered; the rows of a post
-- go as soon as its window closes (src/progress/settle.ts), so nothing about the member outlives that.
CREATE TABLE forgotten_answers (
  post_id INTEGER NOT NULL REFERENCES quiz_posts(id),
  user_id TEXT NOT NULL,
  PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;
