/**
 * The review bench's data: one server with N members holding C cards each, written straight into
 * review_cards in primary-key order (each member's cards sorted by key), the due index built afterwards.
 * Card states are plausible FSRS states (mostly Review, some Learning/Relearning), not replayed through ts-fsrs:
 * the lookups and steps measured only need realistic rows and due times around `now`.
 * Run in its own process by bench/review-generate.ts. It writes in bulk through the raw SQLite connection
 * (a SQLite-only bench tool, like bench/progress-data.ts).
 */
import type { Database } from '../src/storage/open.ts';
import { seededRandom } from './stats.ts';

type Db = Database.Database;

export const REVIEW_GUILD = '900000000000000002';
export const reviewUserId = (i: number) => String(100000000000000000n + BigInt(i));
const TOPICS = ['330.1', '330.2', '330.3', '330.4', '330.5', '330.6'];
const DAY = 86_400_000;

/** The cards' keys, the same for every member: realistic question ids, sorted as the primary key sorts them. */
export function cardKeys(count: number): { key: string; topic: string }[] {
  return Array.from({ length: count }, (_, k) => {
    const topic = TOPICS[k % TOPICS.length]!;
    return { key: `q:${topic}-generated-question-${String(k).padStart(4, '0')}`, topic };
  }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Distinct card sets the members' cards are drawn from (member i gets set i % VARIANTS, shifted in time). */
const VARIANTS = 64;

export function generateCards(db: Db, members: number, cardsPerMember: number, now: number, log: (line: string) => void): { rows: number } {
  const random = seededRandom(330);
  const keys = cardKeys(cardsPerMember);
  // A bulk load outside WAL (one 50-million-row transaction in a WAL made every page read search a growing WAL
  // index): the rollback journal in memory (better-sqlite3's defensive mode refuses OFF), no syncs (a crash here
  // only loses the bench file); WAL again afterwards.
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = FILE'); // the index build's sort of 50 million keys spills to disk, not to RAM
  db.exec('DROP INDEX review_cards_due');
  // Card sets generated here (seeded), then copied per member by SQLite itself: one statement per member
  // instead of one per card (the JS side of 50 million single-row inserts took most of the time).
  db.exec(`CREATE TEMP TABLE card_template (variant INTEGER, card_key TEXT, topic_id TEXT, due_offset INTEGER, stability REAL,
    difficulty REAL, elapsed_days INTEGER, scheduled_days INTEGER, reps INTEGER, lapses INTEGER, state INTEGER, PRIMARY KEY (variant, card_key)) WITHOUT ROWID`);
  const template = db.prepare('INSERT INTO card_template VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let v = 0; v < VARIANTS; v++) {
      // Members differ in how far behind they are: 0 to 20 % of their cards overdue.
      const overdue = (v / (VARIANTS - 1)) * 0.2;
      for (const { key, topic } of keys) {
        const roll = random();
        const state = roll < 0.9 ? 2 : roll < 0.95 ? 1 : 3;
        const stability = 0.5 + random() * 120;
        const scheduled = state === 2 ? Math.max(1, Math.round(stability)) : 0;
        const dueOffset = random() < overdue ? -Math.floor(random() * 30 * DAY) : 1 + Math.floor(random() * 120 * DAY);
        const reps = 1 + Math.floor(random() * 12);
        template.run(v, key, topic, dueOffset, stability, 1 + random() * 9, Math.floor(random() * 30), scheduled, reps, Math.floor(random() * reps * 0.3), state);
      }
    }
  })();
  // Each member's set is shifted by up to ±12 h, so members of one set do not share due times.
  const copy = db.prepare(
    `INSERT INTO review_cards (guild_id, user_id, card_key, topic_id, due, stability, difficulty, elapsed_days, scheduled_days,
       learning_steps, reps, lapses, state, last_review, created_at)
     SELECT '${REVIEW_GUILD}', @user, card_key, topic_id, @base + due_offset, stability, difficulty, elapsed_days, scheduled_days,
       0, reps, lapses, state, @base + due_offset - (CASE scheduled_days WHEN 0 THEN 600000 ELSE scheduled_days * ${DAY} END),
       @base + due_offset - (CASE scheduled_days WHEN 0 THEN 600000 ELSE scheduled_days * ${DAY} END) - ${30 * DAY}
     FROM card_template WHERE variant = @variant ORDER BY card_key`,
  );
  let rows = 0;
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < members; i++) {
      const shift = Math.floor((random() - 0.5) * DAY);
      rows += copy.run({ user: reviewUserId(i), base: now + shift, variant: i % VARIANTS }).changes;
      if (i % 10_000 === 0 && i > 0) log(`review: generating… ${i}/${members} members, ${rows} cards, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  })();
  log(`review: ${rows} cards inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s; building review_cards_due…`);
  const t1 = performance.now();
  db.exec('CREATE INDEX review_cards_due ON review_cards(guild_id, user_id, due)');
  log(`review: index built in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  db.pragma('analysis_limit = 1000'); // sampled statistics: enough for the planner, seconds instead of a full read
  db.exec('ANALYZE');
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  return { rows };
}
