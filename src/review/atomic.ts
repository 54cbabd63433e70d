/** ONE transaction whether the caller hands a database or a handle of its own open transaction. */
import type { Db, Queries } from '../storage/index.ts';

/**
 * Runs `work` in a transaction of its own when `db` can open one (a savepoint inside a caller's open
 * transaction), otherwise on the handle as it is: that handle is already a transaction (progress calls the
 * review functions inside its own), which makes `work` all-or-nothing with the rest of it.
 */
export function atomically<T>(db: Queries, work: (tx: Queries) => Promise<T>): Promise<T> {
  return isDb(db) ? db.transaction(work) : work(db);
}

function isDb(db: Queries): db is Db {
  return typeof (db as Partial<Db>).transaction === 'function';
}
