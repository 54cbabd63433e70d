-- The order a daily post shows its question's options in (owner: src/schedule; format: src/questions/presentation.ts).
-- Drawn once in the claim transaction and used by every render, retry, reveal and grading of the post.
-- One character per shown position, the option's index in the question file: '2031'; '' for fill-in.
-- NULL: a post from before this migration, shown (and answered, by file index) in file order.
ALTER TABLE quiz_posts ADD COLUMN option_order TEXT;
