/**
 * member_progress rows kept in memory per server, with the leaderboards built from them. A server's rows are
 * loaded once (one scan); boards (src/progress/board.ts) are built on first use and moved member by member.
 *
 * The database stays the truth, and writers always read their rows from it (inside their transaction), so
 * this cache only ever serves reads. It learns of changes as follows:
 * - a write transaction marks the members it changed stale once it has returned, and the next read re-reads
 *   them; a write nested in a caller's transaction, which may still roll back, does the same (the re-read
 *   waits for, or sees the outcome of, the caller's transaction);
 * - every write announces its members on the channel `progress_changed` (db.notify, inside its transaction:
 *   on PostgreSQL delivered only once it commits, to every instance on the database); the payload is the guild
 *   id, then the user ids, space-separated; a guild id alone drops that server, '*' (the PostgreSQL engine lost
 *   its LISTEN connection) drops everything;
 * - on SQLite, notifications stay in the process: another connection's or process's commit is seen through
 *   PRAGMA data_version and drops the whole cache.
 * A read inside a caller's transaction (which may hold uncommitted writes) reads afresh and caches nothing.
 */
import { Board, scoreOn, type BoardMetric } from './board.ts';
import type { Db, Queries } from './db.ts';
import { assignMember, copyMember, getMember, type MemberRow } from './member.ts';

export const PROGRESS_CHANNEL = 'progress_changed';

const GUILD_MEMBERS_SQL = 'SELECT * FROM member_progress WHERE guild_id = ?';
const DATA_VERSION_SQL = 'PRAGMA data_version';

/** Notification payloads stay well under PostgreSQL's 8,000 bytes: user ids are sent in chunks of this many. */
const IDS_PER_NOTIFICATION = 300;

function periodKind(key: string): 'all' | 'week' | 'month' {
  return key === 'all' || key === 'now' ? 'all' : key.includes('-W') ? 'week' : 'month';
}

/** One server's member rows (as committed) and the boards built from them so far. */
export class GuildBoards {
  private readonly boards = new Map<string, Board>();

  constructor(readonly members: Map<string, MemberRow>) {}

  board(metric: BoardMetric, periodKey: string): Board {
    const key = metric === 'streak' ? 'streak' : `${metric}:${periodKey}`;
    let board = this.boards.get(key);
    if (!board) {
      // A new week (month) retires the boards of the last one: every answer moves every board kept.
      const kind = periodKind(periodKey);
      for (const [oldKey, old] of this.boards) {
        if (kind !== 'all' && old.periodKey !== periodKey && periodKind(old.periodKey) === kind) this.boards.delete(oldKey);
      }
      board = new Board(metric, metric === 'streak' ? 'now' : periodKey);
      for (const member of this.members.values()) board.set(member.user_id, scoreOn(metric, board.periodKey, member));
      this.boards.set(key, board);
    }
    return board;
  }

  /** The boards built so far. */
  built(): Board[] {
    return [...this.boards.values()];
  }

  /** The member's row as committed (null: deleted). */
  update(userId: string, row: MemberRow | null): void {
    const cached = this.members.get(userId);
    if (row && cached) assignMember(cached, row);
    else if (row) this.members.set(userId, copyMember(row));
    else this.members.delete(userId);
    for (const board of this.boards.values()) board.set(userId, row ? scoreOn(board.metric, board.periodKey, row) : null);
  }
}

interface Cache {
  /** SQLite: PRAGMA data_version when the cache was last checked. */
  dataVersion: number | undefined;
  guilds: Map<string, GuildBoards>;
  /** Per server, members whose rows changed since they were read. */
  stale: Map<string, Set<string>>;
  /** Bumped whenever servers are dropped: a load that started before is not kept. */
  generation: number;
  /** Per server, the load or re-read in progress (readers wait for it, then look again). */
  busy: Map<string, Promise<void>>;
  listening: Promise<unknown>;
}

const caches = new WeakMap<Db, Cache>();

function markStale(cache: Cache, guildId: string, userIds: Iterable<string>): void {
  let stale = cache.stale.get(guildId);
  if (!stale) cache.stale.set(guildId, (stale = new Set()));
  for (const userId of userIds) stale.add(userId);
}

function dropGuilds(cache: Cache, guildId: string | undefined): void {
  cache.generation++;
  if (guildId === undefined) {
    cache.guilds.clear();
    cache.stale.clear();
  } else {
    cache.guilds.delete(guildId);
    cache.stale.delete(guildId);
  }
}

function onNotification(cache: Cache, payload: string): void {
  if (payload === '*') return dropGuilds(cache, undefined);
  const [guildId, ...userIds] = payload.split(' ');
  if (!guildId) return;
  if (userIds.length === 0) dropGuilds(cache, guildId);
  else markStale(cache, guildId, userIds);
}

/** This Db's cache, listening for other writers; on SQLite emptied when another connection has committed. */
async function cacheOf(db: Db): Promise<Cache> {
  let cache = caches.get(db);
  if (!cache) {
    const created: Cache = { dataVersion: undefined, guilds: new Map(), stale: new Map(), generation: 0, busy: new Map(), listening: Promise.resolve() };
    created.listening = db.listen(PROGRESS_CHANNEL, (payload) => onNotification(created, payload));
    // Not listening (the server was unreachable): forget this cache, so the next read tries again.
    created.listening.catch(() => {
      if (caches.get(db) === created) caches.delete(db);
    });
    caches.set(db, (cache = created));
  }
  await cache.listening;
  if (db.dialect === 'sqlite') {
    const version = (await db.get<{ data_version: number }>(DATA_VERSION_SQL))!.data_version;
    if (cache.dataVersion !== version) {
      if (cache.dataVersion !== undefined) dropGuilds(cache, undefined);
      cache.dataVersion = version;
    }
  }
  return cache;
}

async function loadGuild(db: Queries, guildId: string): Promise<GuildBoards> {
  const members = new Map<string, MemberRow>();
  for (const row of await db.all<MemberRow>(GUILD_MEMBERS_SQL, [guildId])) members.set(row.user_id, copyMember(row));
  return new GuildBoards(members);
}

/**
 * The server's rows and boards, loaded from member_progress on first use, stale members re-read. Inside a
 * caller's transaction (which may hold uncommitted writes and still roll back) the rows are read afresh and
 * nothing is cached. The result is used synchronously by the caller.
 */
export async function guildBoards(db: Db, guildId: string): Promise<GuildBoards> {
  if (db.inTransaction) return loadGuild(db, guildId);
  const cache = await cacheOf(db);
  for (let attempt = 0; ; attempt++) {
    const busy = cache.busy.get(guildId);
    if (busy) {
      await busy.catch(() => {});
      continue;
    }
    const guild = cache.guilds.get(guildId);
    const stale = cache.stale.get(guildId);
    if (guild && !stale) return guild;
    const generation = cache.generation;
    // Marks taken now are re-read now; marks arriving meanwhile stay for the next read.
    cache.stale.delete(guildId);
    let loaded: GuildBoards | undefined;
    const work = (async () => {
      if (!guild) {
        loaded = await loadGuild(db, guildId);
        return;
      }
      for (const userId of stale!) guild.update(userId, (await getMember(db, guildId, userId)) ?? null);
    })();
    cache.busy.set(guildId, work);
    try {
      await work;
    } catch (error) {
      if (stale) markStale(cache, guildId, stale);
      throw error;
    } finally {
      cache.busy.delete(guildId);
    }
    if (loaded) {
      // Dropped while loading (another writer's notification): what was read may predate it.
      if (cache.generation !== generation) {
        if (attempt >= 3) return loaded;
        continue;
      }
      cache.guilds.set(guildId, loaded);
    }
  }
}

/**
 * One write transaction's view of member rows: what it wrote so far, else the row in the database (read
 * inside the transaction, so PostgreSQL's SERIALIZABLE sees the read). Its members are marked stale in the
 * cache once the transaction has returned.
 *
 * On SQLite a transaction may take the row from this process's cache instead (`trusted`, see trustedCache):
 * one writer at a time holds the file, and the cache is known to hold every commit but the members marked stale.
 */
export class MemberChanges {
  private readonly rows = new Map<string, { guildId: string; userId: string; row: MemberRow | null }>();

  constructor(private readonly trusted?: Cache) {}

  /** The member's row as this transaction sees it; the caller may change it and put it back. */
  async read(db: Queries, guildId: string, userId: string): Promise<MemberRow | undefined> {
    const written = this.rows.get(`${guildId}\u0000${userId}`);
    if (written) return written.row ? copyMember(written.row) : undefined;
    const cached = this.trusted && !this.trusted.busy.has(guildId) && !this.trusted.stale.get(guildId)?.has(userId)
      ? this.trusted.guilds.get(guildId)?.members.get(userId)
      : undefined;
    // A member the cache does not hold is read from the file (new members: a miss, one seek).
    return cached ? copyMember(cached) : getMember(db, guildId, userId);
  }

  /** The row as written; the caller hands it over. */
  put(guildId: string, row: MemberRow): void {
    this.rows.set(`${guildId}\u0000${row.user_id}`, { guildId, userId: row.user_id, row });
  }

  delete(guildId: string, userId: string): void {
    this.rows.set(`${guildId}\u0000${userId}`, { guildId, userId, row: null });
  }

  /** The changed members per server. */
  byGuild(): Map<string, string[]> {
    const byGuild = new Map<string, string[]>();
    for (const { guildId, userId } of this.rows.values()) {
      let users = byGuild.get(guildId);
      if (!users) byGuild.set(guildId, (users = []));
      users.push(userId);
    }
    return byGuild;
  }
}

/**
 * The cache a SQLite write transaction may read member rows from, or undefined. Inside the transaction this
 * connection holds the file's write lock (BEGIN IMMEDIATE), so no other connection commits until it ends; if
 * none has committed since the cache last looked (PRAGMA data_version unchanged), every row in it is as
 * committed, except the members marked stale (marked before each commit, by the notification every write
 * sends from inside its transaction) and a server being re-read. PostgreSQL: never (another instance may
 * have written, and SERIALIZABLE must see the read).
 */
async function trustedCache(db: Db, tx: Queries): Promise<Cache | undefined> {
  if (tx.dialect !== 'sqlite') return undefined;
  const cache = caches.get(db);
  if (!cache || cache.dataVersion === undefined || cache.guilds.size === 0) return undefined;
  const version = (await tx.get<{ data_version: number }>(DATA_VERSION_SQL))!.data_version;
  return version === cache.dataVersion ? cache : undefined;
}

/** Inside the transaction: tells every instance which members it changed (on PostgreSQL, once it commits). */
async function announce(db: Db, byGuild: Map<string, string[]>): Promise<void> {
  for (const [guildId, userIds] of byGuild) {
    for (let i = 0; i < userIds.length; i += IDS_PER_NOTIFICATION) {
      await db.notify(PROGRESS_CHANNEL, [guildId, ...userIds.slice(i, i + IDS_PER_NOTIFICATION)].join(' '));
    }
  }
}

/**
 * Runs `work` as one transaction (a savepoint inside a caller's), announces its member_progress changes before
 * it commits, and marks them stale in this Db's cache once it has returned. A retried transaction (PostgreSQL)
 * starts with fresh changes. If it throws, nothing was written and the cache is left alone.
 */
export async function writeMembers<T>(db: Db, work: (tx: Queries, changes: MemberChanges) => Promise<T>): Promise<T> {
  let changes = new MemberChanges();
  const result = await db.transaction(async (tx) => {
    changes = new MemberChanges(await trustedCache(db, tx));
    const value = await work(tx, changes);
    await announce(db, changes.byGuild());
    return value;
  });
  const cache = caches.get(db);
  if (cache) for (const [guildId, userIds] of changes.byGuild()) markStale(cache, guildId, userIds);
  return result;
}
