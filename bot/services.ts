/**
 * Everything a command needs, loaded once at startup: the notes, the search engine, the question bank and the
 * database. Built from plain domain modules; the Discord side only reads from it.
 */
import { ConfigError, databaseTarget, type Config } from '../src/config/index.ts';
import type { Logger } from '../src/log/index.ts';
import type { Entry, KnowledgeBase, Topic } from '../src/notes/index.ts';
import { openSearch, type SearchEngine } from '../src/search/index.ts';
import { DailyAnswerQueue } from '../src/progress/index.ts';
import { DatabasePathError, openDatabase, redactPassword, startCheckpointer, type Db } from '../src/storage/index.ts';
import { loadNotesErrata, loadQuestionBank, type QuestionBank } from '../src/questions/index.ts';

export interface Knowledge {
  kb: KnowledgeBase;
  entries: Map<string, Entry>;
  topics: Map<string, Topic>;
}

export interface BotServices {
  config: Config;
  logger: Logger;
  /** SQLite or PostgreSQL (DATABASE_URL); the domain does not know which. */
  db: Db;
  /** Daily answers, group-committed (src/progress/answer-queue.ts). */
  dailyAnswers: DailyAnswerQueue;
  knowledge: Knowledge;
  search: SearchEngine;
  bank: QuestionBank;
  /** The clock, injectable so tests can stand on a daylight-saving day. */
  now(): number;
  /** Stops the checkpoint worker, records the answers still queued, closes the database. */
  close(): Promise<void>;
}

export async function loadServices(config: Config, logger: Logger, options: { now?: () => number } = {}): Promise<BotServices> {
  const started = performance.now();
  // The notes parsed and indexed, or restored from the index cache (var/cache) when notes and code are unchanged.
  const { kb, engine: search, cache: searchIndexCache } = await openSearch({ notesDir: config.NOTES_DIR });
  const { bank } = loadQuestionBank(config.QUESTIONS_DIR, kb, { errata: loadNotesErrata(config.NOTES_DIR) });
  const db = await openConfiguredDatabase(config);
  const checkpointer = startCheckpointer(db, { onError: (message) => logger.warn({ message }, 'WAL checkpoint failed') });
  const dailyAnswers = new DailyAnswerQueue(db);
  logger.info(
    { entries: kb.entries.length, searchIndexCache, questions: bank.questions.length, database: config.DATABASE_URL ? redactPassword(config.DATABASE_URL) : config.DATABASE_PATH, ms: Math.round(performance.now() - started) },
    'services ready',
  );
  return {
    config,
    logger,
    db,
    dailyAnswers,
    knowledge: { kb, entries: new Map(kb.entries.map((e) => [e.id, e])), topics: new Map(kb.topics.map((t) => [t.id, t])) },
    search,
    bank,
    now: options.now ?? Date.now,
    close: async () => {
      await checkpointer.stop();
      await dailyAnswers.flush(); // records what is still queued, including what arrives while it runs
      await db.close();
    },
  };
}

/**
 * The database of DATABASE_URL or DATABASE_PATH; a path that cannot hold it, or a server that cannot be reached,
 * becomes a configuration error naming the variable (and never the password).
 */
async function openConfiguredDatabase(config: Config): Promise<Db> {
  try {
    return await openDatabase(databaseTarget(config));
  } catch (error) {
    if (config.DATABASE_URL && !(error instanceof Error && /^migration /.test(error.message))) {
      const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      throw new ConfigError([`DATABASE_URL=${redactPassword(config.DATABASE_URL)}: PostgreSQL cannot be used (${reason})`]);
    }
    if (error instanceof DatabasePathError) throw new ConfigError([`DATABASE_PATH=${error.path}: ${error.reason}`]);
    throw error;
  }
}
