/**
 * A PostgreSQL server for the benchmarks' second engine: BENCH_DATABASE_URL if set, else a throwaway cluster
 * made with Debian's initdb/pg_ctl in a temp folder (as the `postgres` user when run as root, since initdb
 * refuses root), stopped and deleted afterwards. Without either, the PostgreSQL half says why it did not run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { errorMessage } from './support.ts';

export interface BenchPostgres {
  url: string;
  /** Where it came from, for the report. */
  source: string;
  stop(): void;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The server to benchmark against, or the reason there is none. */
export async function benchPostgres(): Promise<BenchPostgres | { unavailable: string }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, source: 'BENCH_DATABASE_URL', stop: () => {} };
  const bin = binDir();
  if (!bin) return { unavailable: 'no PostgreSQL server binaries (install Debian\'s postgresql package, or set BENCH_DATABASE_URL)' };
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  const folder = mkdtempSync(join(tmpdir(), 'bench-postgres-'));
  const owner = asRoot
    ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) }
    : undefined;
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const data = join(folder, 'data');
  const port = await freePort();
  // TCP logins need this run's password (no other local user reaches a superuser); the socket, in a folder only
  // the server's user can enter, stays trust.
  const password = randomBytes(18).toString('hex');
  const pwfile = join(folder, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '--no-sync']);
  // The defaults a small production server would have, but fsync kept ON: commits are measured as durable.
  run('pg_ctl', ['-D', data, '-w', '-l', join(folder, 'log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB`, 'start']);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: `a throwaway PostgreSQL ${bin.split('/').at(-2)} cluster (fsync on) in ${folder}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Schemas of their own on the PostgreSQL server, one per bench database, reached through the URL's search_path. */
class PostgresSchemas {
  readonly names: string[] = [];
  constructor(
    private readonly url: string,
    private readonly prefix: string,
  ) {}

  async create(name: string): Promise<string> {
    const schema = `${this.prefix}_${process.pid}_${name}`;
    await this.admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    this.names.push(schema);
    const url = new URL(this.url);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }

  async dropAll(): Promise<void> {
    if (this.names.length > 0) await this.admin(this.names.map((schema) => `DROP SCHEMA IF EXISTS ${schema} CASCADE`).join('; '));
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/** Fresh schemas for one bench part on the bench's PostgreSQL server. */
export interface BenchSchemas {
  /** One URL per name asked for, each reaching its own empty schema. */
  urls: string[];
  /** Where they live, for the report. */
  where: string;
  /** Drops the schemas, then stops the server if it is a throwaway one (even when the drop fails). */
  close(): Promise<void>;
}

/**
 * A schema per name on the server of benchPostgres, or why PostgreSQL cannot be measured (no server, or one that
 * cannot be used): the part then reports SQLite alone. A failure after this, while measuring, is the part's own.
 */
export async function benchSchemas(prefix: string, names: readonly string[]): Promise<BenchSchemas | { unavailable: string }> {
  const server = await benchPostgres().catch((error: unknown) => ({ unavailable: `no server could be started (${errorMessage(error)})` }));
  if ('unavailable' in server) return server;
  const schemas = new PostgresSchemas(server.url, prefix);
  const close = async () => {
    try {
      await schemas.dropAll();
    } finally {
      server.stop();
    }
  };
  try {
    const urls: string[] = [];
    for (const name of names) urls.push(await schemas.create(name));
    return { urls, where: `${server.source}, schemas ${schemas.names.join(', ')}`, close };
  } catch (error) {
    await close().catch(() => undefined);
    return { unavailable: `${server.source} cannot be used (${errorMessage(error)})` };
  }
}
