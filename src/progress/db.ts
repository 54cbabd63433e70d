/** Prepared statements, prepared once per connection and kept next to the code that owns the tables. */
import type { Db } from '../storage/index.ts';

export type { Db };

export function statementCache<T>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = prepare(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/** The server's time zone from its quiz schedule (table owned by src/schedule), UTC without one. */
const zoneStatements = statementCache((db) => ({
  zone: db.prepare<[string], string>('SELECT timezone FROM quiz_schedules WHERE guild_id = ?').pluck(),
}));

export function guildTimeZone(db: Db, guildId: string): string {
  return zoneStatements(db).zone.get(guildId) ?? 'UTC';
}
