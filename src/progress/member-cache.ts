/**
 * member_progress rows kept in memory per server, with the leaderboards built from them. A server's rows are
 * loaded once (one scan); writers hand over the rows they committed, and read rows from here instead of
 * SQLite; boards (src/progress/board.ts) are built on first use and moved member by member.
 *
 * The database stays the truth:
 * - rows reach the cache only after their transaction committed (a failed write changes nothing here);
 * - a write nested in a caller's transaction, which may still roll back, marks its members stale, and the
 *   next read re-reads their rows;
 * - another connection's commit is seen through PRAGMA data_version and drops the whole cache.
 */
import { Board, scoreOn, type BoardMetric } from './board.ts';
import { statementCache, type Db } from './db.ts';
import { assignMember, copyMember, getMember, MemberRowMismatchError, type MemberRow } from './member.ts';

const statements = statementCache((db) => ({
  guildMembers: db.prepare<[string], MemberRow>('SELECT * FROM member_progress WHERE guild_id = ?'),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
}));

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
  dataVersion: number;
  guilds: Map<string, GuildBoards>;
  /** Per server, members written inside a transaction that had not committed when the cache heard of it. */
  stale: Map<string, Set<string>>;
}

const caches = new WeakMap<Db, Cache>();

/** This connection's cache, emptied when another connection has committed since it was filled. */
function cacheOf(db: Db): Cache {
  const version = statements(db).dataVersion.get()!;
  let cache = caches.get(db);
  if (!cache || cache.dataVersion !== version) {
    cache = { dataVersion: version, guilds: new Map(), stale: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

function loadGuild(db: Db, guildId: string): GuildBoards {
  const members = new Map<string, MemberRow>();
  for (const row of statements(db).guildMembers.iterate(guildId)) members.set(row.user_id, copyMember(row));
  return new GuildBoards(members);
}

/**
 * The server's rows and boards, loaded from member_progress on first use. Call inside a transaction.
 * `insideCallersTransaction`: the read runs inside someone else's transaction, which may hold uncommitted
 * writes and still roll back; the rows are then read afresh and nothing is cached.
 */
export function guildBoards(db: Db, guildId: string, options: { insideCallersTransaction?: boolean } = {}): GuildBoards {
  if (options.insideCallersTransaction) return loadGuild(db, guildId);
  const cache = cacheOf(db);
  let guild = cache.guilds.get(guildId);
  if (!guild) {
    guild = loadGuild(db, guildId);
    cache.guilds.set(guildId, guild);
  }
  const stale = cache.stale.get(guildId);
  if (stale) {
    cache.stale.delete(guildId);
    for (const userId of stale) {
      const row = getMember(db, guildId, userId);
      guild.update(userId, row ?? null);
    }
  }
  return guild;
}

/**
 * One write transaction's view of member rows: what it wrote so far, then the cache, then SQLite. Handed to
 * the cache once the transaction has committed.
 */
export class MemberChanges {
  private readonly rows = new Map<string, { guildId: string; userId: string; row: MemberRow | null }>();
  /** Decided at the first read, inside the transaction (no other connection can commit until it ends). */
  private cache: Cache | null | undefined;

  constructor(private readonly nested: boolean) {}

  /** The member's row as this transaction sees it; a copy the caller may change and put back. */
  read(db: Db, guildId: string, userId: string): MemberRow | undefined {
    const written = this.rows.get(`${guildId}\u0000${userId}`);
    if (written) return written.row ? copyMember(written.row) : undefined;
    if (this.cache === undefined) this.cache = this.nested ? null : cacheOf(db);
    const guild = this.cache?.guilds.get(guildId);
    if (guild && !this.cache!.stale.get(guildId)?.has(userId)) {
      const row = guild.members.get(userId);
      return row ? copyMember(row) : undefined;
    }
    const row = getMember(db, guildId, userId);
    return row ? copyMember(row) : undefined;
  }

  /** The row as written; the caller hands it over (reads get copies, so nothing changes it afterwards). */
  put(guildId: string, row: MemberRow): void {
    this.rows.set(`${guildId}\u0000${row.user_id}`, { guildId, userId: row.user_id, row });
  }

  delete(guildId: string, userId: string): void {
    this.rows.set(`${guildId}\u0000${userId}`, { guildId, userId, row: null });
  }

  /** Called after the commit: patches the loaded servers (unloaded ones read the rows when they load). */
  apply(db: Db): void {
    const cache = caches.get(db);
    if (!cache) return;
    if (this.nested) {
      // Nested in a caller's transaction that may still roll back: re-read these rows at the next read.
      for (const { guildId, userId } of this.rows.values()) {
        if (!cache.guilds.has(guildId)) continue;
        let stale = cache.stale.get(guildId);
        if (!stale) cache.stale.set(guildId, (stale = new Set()));
        stale.add(userId);
      }
      return;
    }
    // If another connection committed meanwhile, the next read sees PRAGMA data_version move and reloads.
    for (const { guildId, userId, row } of this.rows.values()) cache.guilds.get(guildId)?.update(userId, row);
  }
}

/**
 * Runs a write transaction (`run` must start and finish it) and then hands its member_progress changes to the
 * cache. If it throws, nothing reaches the cache; if it threw because the cache disagreed with the file, the
 * cache is dropped, so the next write (a retry) reads the file.
 */
export function writeMembers<T>(db: Db, run: (changes: MemberChanges) => T): T {
  const changes = new MemberChanges(db.inTransaction);
  let result: T;
  try {
    result = run(changes);
  } catch (error) {
    if (error instanceof MemberRowMismatchError) caches.delete(db);
    throw error;
  }
  changes.apply(db);
  return result;
}
