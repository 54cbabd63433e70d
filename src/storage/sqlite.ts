/**
 * The SQLite engine behind the Db interface: one better-sqlite3 connection, statements prepared once per text.
 * better-sqlite3 is synchronous, so a statement outside a transaction runs at once; a transaction spans awaits,
 * so while one is open every other caller's statement waits for it (they would otherwise run inside it).
 *
 * Several handles on one file in one process (tests, a CLI command beside the bot's services) share that wait:
 * SQLite's own lock would make the second handle block the whole event loop in busy_timeout while the first,
 * holding the lock across an await, could never run to its COMMIT.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { CHANNEL_NAME, sqlFor, type Db, type Queries, type RunResult, type Sql, type SqlParam } from './db.ts';

type Statement = Database.Statement<unknown[], unknown>;

interface OpenTransaction {
  readonly owner: SqliteDb;
  depth: number;
}

/** The open transaction of one database file in this process, whichever handle opened it. */
interface FileGate {
  /** Settles when the open transaction ends; undefined while none is open. */
  busy: Promise<void> | undefined;
  /** The handle whose transaction it is. */
  owner: SqliteDb | undefined;
  handles: number;
}

const gates = new Map<string, FileGate>();

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  // One per database: a transaction on another database opened inside this one's must not hide it.
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  private readonly statements = new Map<string, Statement>();
  private readonly gateKey: string | undefined;
  private readonly gate: FileGate;
  private readonly events = new EventEmitter();

  /** `connection` is for src/storage's SQLite-only tools (checkpoints, online backup, integrity checks). */
  constructor(readonly connection: Database.Database) {
    this.events.setMaxListeners(0);
    this.gateKey = connection.memory ? undefined : resolve(connection.name);
    const shared = this.gateKey === undefined ? undefined : gates.get(this.gateKey);
    this.gate = shared ?? { busy: undefined, owner: undefined, handles: 0 };
    this.gate.handles += 1;
    if (this.gateKey !== undefined) gates.set(this.gateKey, this.gate);
  }

  get name(): string {
    return this.connection.name;
  }

  get inTransaction(): boolean {
    return this.current.getStore()?.owner === this;
  }

  get open(): boolean {
    return this.connection.open;
  }

  async all<Row>(sql: Sql, params: readonly SqlParam[] = []): Promise<Row[]> {
    while (this.waitsForOther()) await this.gate.busy;
    return this.statement(sql).all(...bind(params)) as Row[];
  }

  async get<Row>(sql: Sql, params: readonly SqlParam[] = []): Promise<Row | undefined> {
    while (this.waitsForOther()) await this.gate.busy;
    return this.statement(sql).get(...bind(params)) as Row | undefined;
  }

  async run(sql: Sql, params: readonly SqlParam[] = []): Promise<RunResult> {
    while (this.waitsForOther()) await this.gate.busy;
    return { changes: this.statement(sql).run(...bind(params)).changes };
  }

  async transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    const open = this.current.getStore();
    if (open?.owner === this) return this.savepoint(open, work);
    while (this.gate.busy) await this.gate.busy;
    let release!: () => void;
    this.gate.busy = new Promise((done) => (release = done));
    this.gate.owner = this;
    try {
      this.connection.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.current.run({ owner: this, depth: 0 }, () => work(this));
        this.connection.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.gate.busy = undefined;
      this.gate.owner = undefined;
      release();
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.events.emit(channel, payload);
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.events.on(channel, onMessage);
    return async () => {
      this.events.off(channel, onMessage);
    };
  }

  async close(): Promise<void> {
    while (this.gate.busy && this.gate.owner === this) await this.gate.busy;
    if (!this.connection.open) return;
    this.connection.close();
    this.gate.handles -= 1;
    if (this.gate.handles === 0 && this.gateKey !== undefined && gates.get(this.gateKey) === this.gate) gates.delete(this.gateKey);
  }

  /**
   * Another caller's transaction is open: a statement must wait for it (checked again after every wait, right
   * before the statement runs synchronously). A statement of that transaction itself goes straight on.
   */
  private waitsForOther(): boolean {
    return this.gate.busy !== undefined && this.current.getStore()?.owner !== this;
  }

  private async savepoint<T>(open: OpenTransaction, work: (tx: Queries) => Promise<T>): Promise<T> {
    const name = `nested_${++open.depth}`;
    this.connection.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      this.connection.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.connection.inTransaction) this.connection.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      open.depth -= 1;
    }
  }

  private statement(sql: Sql): Statement {
    const text = sqlFor(sql, 'sqlite');
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.connection.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

function bind(params: readonly SqlParam[]): unknown[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}
