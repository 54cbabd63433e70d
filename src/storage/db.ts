/**
 * The one storage interface the domain talks to. Two engines implement it: SQLite (src/storage/sqlite.ts, the
 * embedded default) and PostgreSQL (src/storage/postgres.ts, when DATABASE_URL is set). Domain code writes SQL
 * with `?` placeholders in the subset both engines share; where they differ it gives both texts side by side
 * (`{ sqlite, postgres }`), so the table's owner keeps all its SQL in one place and never asks which engine runs.
 */

export type Dialect = 'sqlite' | 'postgres';

/** A value bound to a `?`. Booleans are stored as 0/1 on both engines (the schema's flags are integers). */
export type SqlParam = string | number | bigint | boolean | null;

/** One statement for both engines, or one text per engine where their SQL differs. */
export type Sql = string | { readonly sqlite: string; readonly postgres: string };

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

/** What a statement can run on: the database itself or an open transaction. */
export interface Queries {
  readonly dialect: Dialect;
  all<Row>(sql: Sql, params?: readonly SqlParam[]): Promise<Row[]>;
  get<Row>(sql: Sql, params?: readonly SqlParam[]): Promise<Row | undefined>;
  run(sql: Sql, params?: readonly SqlParam[]): Promise<RunResult>;
}

export interface Db extends Queries {
  /** The file path, or the PostgreSQL URL without its password. */
  readonly name: string;
  readonly open: boolean;
  /** The calling async context runs inside a transaction of this Db (a transaction call would nest). */
  readonly inTransaction: boolean;
  /**
   * Runs `work` as one all-or-nothing transaction that behaves as if it ran alone: on SQLite it holds the
   * file's write lock from its first statement (BEGIN IMMEDIATE); on PostgreSQL it runs SERIALIZABLE and is run
   * again from the start when the server reports a conflict with a concurrent transaction. So `work` only
   * touches the database; anything else (caches, replies) happens after the returned promise resolves.
   * Statements issued on the Db itself while `work` runs join the transaction; a nested call is a savepoint.
   */
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;
  /** Tells every instance listening on `channel` (this one included). In-process only on SQLite. */
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `onMessage` for each notification on `channel` until the returned function is called. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The text of `sql` for `dialect`. */
export function sqlFor(sql: Sql, dialect: Dialect): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}

/** Notification channels are SQL identifiers on PostgreSQL: keep them to this shape. */
export const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
