/** Prepared statements, prepared once per connection. */
import type Database from 'better-sqlite3';

export type Db = Database.Database;

export function statementCache<T>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) {
      statements = prepare(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
