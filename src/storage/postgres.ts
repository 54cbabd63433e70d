/**
 * The PostgreSQL engine behind the Db interface (the `pg` driver): a connection pool, each statement prepared
 * once per connection under a name derived from its text, `?` placeholders numbered for the server.
 *
 * Transactions run SERIALIZABLE and are retried from the start on a serialization failure or deadlock, so a
 * transaction written for SQLite's one-writer-at-a-time model keeps its meaning with several processes writing
 * at once: PostgreSQL lets them run side by side and aborts one whenever the outcome could differ from running
 * them one after the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { CHANNEL_NAME, sqlFor, type Db, type Queries, type RunResult, type Sql, type SqlParam } from './db.ts';
import { numberPlaceholders } from './placeholders.ts';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Times a transaction is tried before its serialization failure reaches the caller (default 30). */
  maxAttempts?: number;
}

interface OpenTransaction {
  readonly owner: PostgresDb;
  readonly client: pg.PoolClient;
  depth: number;
}


// SQLSTATEs after which the whole transaction may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);

/** bigint (COUNT, ids, epoch ms) and numeric (SUM, AVG) as JS numbers: every value the bot stores fits. */
function numberTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));
  return types;
}

export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  // One per database: a transaction on another database opened inside this one's must not hide it.
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  readonly name: string;
  private readonly pool: pg.Pool;
  private readonly texts = new Map<string, { text: string; name: string }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private listener: pg.Client | undefined;
  private closed = false;
  private readonly maxAttempts: number;

  constructor(
    readonly url: string,
    options: PostgresOptions = {},
  ) {
    this.name = redactPassword(url);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 30);
    this.pool = new pg.Pool({ connectionString: url, max: Math.max(1, options.poolSize ?? 10), types: numberTypes(), keepAlive: true });
    // An idle connection the server dropped: the pool replaces it on the next checkout.
    this.pool.on('error', () => {});
  }

  get inTransaction(): boolean {
    return this.current.getStore()?.owner === this;
  }

  get open(): boolean {
    return !this.closed;
  }

  async all<Row>(sql: Sql, params: readonly SqlParam[] = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows as Row[];
  }

  async get<Row>(sql: Sql, params: readonly SqlParam[] = []): Promise<Row | undefined> {
    return (await this.query(sql, params)).rows[0] as Row | undefined;
  }

  async run(sql: Sql, params: readonly SqlParam[] = []): Promise<RunResult> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T> {
    const open = this.current.getStore();
    if (open?.owner === this) return this.savepoint(open, work);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
          const result = await this.current.run({ owner: this, client, depth: 0 }, () => work(this));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          if (broken || attempt >= this.maxAttempts || !RETRYABLE.has(codeOf(error))) throw error;
          // Back off a little, more each time, so the transactions that collided do not collide again.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
        }
      }
    } finally {
      client.release(broken);
    }
  }

  /** One pooled connection for src/storage's PostgreSQL-only tools (migrations, copies). */
  async withClient<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await use(client);
    } finally {
      client.release();
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
    await this.query('SELECT pg_notify(?, ?)', [channel, payload]);
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
    const client = await this.listenerClient();
    let handlers = this.listeners.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.listeners.set(channel, handlers);
      try {
        await client.query(`LISTEN ${channel}`);
      } catch (error) {
        // Not listening after all: the next listen() on this channel must issue LISTEN again.
        if (this.listeners.get(channel) === handlers && handlers.size === 0) this.listeners.delete(channel);
        throw error;
      }
    }
    handlers.add(onMessage);
    return async () => {
      handlers.delete(onMessage);
      if (handlers.size === 0 && this.listeners.get(channel) === handlers) {
        this.listeners.delete(channel);
        if (this.listener === client && !this.closed) await client.query(`UNLISTEN ${channel}`).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.pool.end();
  }

  /** A statement of the transaction open in this async context, or one on any pooled connection. */
  private query(sql: Sql, params: readonly SqlParam[]): Promise<pg.QueryResult> {
    const prepared = this.prepared(sqlFor(sql, 'postgres'));
    const config = { name: prepared.name, text: prepared.text, values: params.map(bind) };
    const open = this.current.getStore();
    return open?.owner === this ? open.client.query(config) : this.pool.query(config);
  }

  private prepared(text: string): { text: string; name: string } {
    let prepared = this.texts.get(text);
    if (!prepared) {
      const numbered = numberPlaceholders(text);
      prepared = { text: numbered, name: `s_${createHash('sha1').update(numbered).digest('hex').slice(0, 20)}` };
      this.texts.set(text, prepared);
    }
    return prepared;
  }

  private async savepoint<T>(open: OpenTransaction, work: (tx: Queries) => Promise<T>): Promise<T> {
    const name = `nested_${++open.depth}`;
    await open.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      await open.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await open.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
      throw error;
    } finally {
      open.depth -= 1;
    }
  }

  /**
   * One connection kept for LISTEN. If it drops, every listener is told with the payload '*' (what it missed
   * is unknown: drop every cache) and it reconnects on the next notification's need.
   */
  private async listenerClient(): Promise<pg.Client> {
    if (this.listener) return this.listener;
    // keepAlive: a connection a NAT or load balancer dropped in silence would otherwise never report an error.
    const client = new pg.Client({ connectionString: this.url, types: numberTypes(), keepAlive: true });
    client.on('notification', (message) => {
      for (const handler of this.listeners.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      const channels = [...this.listeners.keys()];
      for (const channel of channels) for (const handler of this.listeners.get(channel) ?? []) handler('*');
      if (!this.closed) void this.relisten(channels);
    });
    await client.connect();
    this.listener = client;
    return client;
  }

  private async relisten(channels: string[]): Promise<void> {
    for (let delay = 100; !this.closed; delay = Math.min(delay * 2, 5_000)) {
      try {
        const client = await this.listenerClient();
        for (const channel of channels) if (this.listeners.has(channel)) await client.query(`LISTEN ${channel}`);
        // Whatever was cached between the drop and this LISTEN may have missed a notification: drop it again.
        for (const channel of channels) for (const handler of this.listeners.get(channel) ?? []) handler('*');
        return;
      } catch {
        this.listener = undefined;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

function bind(value: SqlParam): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The URL as logs may show it. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // pg also takes the password as a query parameter.
    for (const key of [...parsed.searchParams.keys()]) if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
