/** Who missed a daily post: found through the server's posts, never by scanning every answer. */
import { describe, expect, it } from 'vitest';
import { DAILY_MISSERS_SQL } from '../../src/progress/recent.ts';
import { join } from 'node:path';
import { openSqlite } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

// SQLite's query plan: opened as SQLite in both passes.
describe('dailyMissers query plan', () => {
  it('reads the server\'s posts by (guild_id, local_date) and their answers by post, with no scan of answers', async () => {
    const db = openSqlite(join(tempDir('missers-'), 'plan.sqlite'));
    const plan = (db.connection.prepare(`EXPLAIN QUERY PLAN ${DAILY_MISSERS_SQL}`).all('g1', '2024-03-01', '2024-03-08', 1) as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
    expect(plan).not.toMatch(/SCAN a\b|SCAN answers/);
    expect(plan).toMatch(/SEARCH p USING (COVERING )?INDEX sqlite_autoindex_quiz_posts_\d+ \(guild_id=\? AND local_date>\? AND local_date<\?\)/);
    expect(plan).toMatch(/answers_one_per_post/);
    await db.close();
  });
});
