/**
 * The WebSocket gateway (plain JSON text frames, no compression: `compress` is ignored, which discord.js
 * tolerates because it parses text frames as JSON). Implements HELLO, heartbeats, IDENTIFY (token, intents,
 * shard), READY followed by GUILD_CREATE per guild, RESUME with replay (or INVALID_SESSION), and
 * Discord's close codes. Dispatches are filtered by the session's intents and shard.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isRecord } from './json.ts';
import type { IdentifyRecord } from './types.ts';

const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);
const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Which intent an event needs; events absent from this table are always sent. */
const EVENT_INTENTS: Partial<Record<string, number>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildMemberAdd]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberUpdate]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberRemove]: GatewayIntentBits.GuildMembers,
};

const REPLAY_BUFFER = 1000;

interface Session {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  socket: WebSocket | null;
  buffer: { s: number; text: string }[];
}

export interface GatewayHooks {
  token: string;
  heartbeatIntervalMs: number;
  /** Privileged intents enabled for the application in the developer portal. */
  allowedPrivilegedIntents: number;
  /** A session holding more guilds than this is closed with 4011 Sharding required (Discord: 2,500). */
  maxGuildsPerShard: number;
  url: () => string;
  /** READY for the session, and its shard's GUILD_CREATE payloads. */
  ready: (session: { id: string; shard: [number, number] }) => { ready: GatewayReadyDispatchData; guilds: () => GatewayGuildCreateDispatchData[] };
  onIdentify: (record: IdentifyRecord) => void;
}

export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #sockets = new Set<WebSocket>();

  constructor(private readonly hooks: GatewayHooks) {}

  get connectedSessions(): number {
    return [...this.#sessions.values()].filter((s) => s.socket !== null).length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, url.searchParams));
  }

  /** Send an event to every session allowed to see it (guildId selects the shard). */
  dispatch(t: string, d: unknown, guildId?: string): void {
    const needed = EVENT_INTENTS[t];
    for (const session of this.#sessions.values()) {
      if (needed !== undefined && (session.intents & needed) === 0) continue;
      if (guildId !== undefined && !onShard(guildId, session.shard)) continue;
      this.#send(session, t, d);
    }
  }

  /** Closes every connection from the server side; sessions stay resumable (a network blip or a Discord restart). */
  dropConnections(code: number): void {
    for (const ws of this.#sockets) if (ws.readyState === ws.OPEN) ws.close(code, 'Closed by the local server');
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.#sockets.clear();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket, query: URLSearchParams): void {
    this.#sockets.add(ws);
    let session: Session | null = null;
    const closeWith = (code: number, reason: string): void => {
      if (ws.readyState === ws.OPEN) ws.close(code, reason);
    };
    ws.on('close', (code) => {
      this.#sockets.delete(ws);
      if (session && session.socket === ws) {
        session.socket = null;
        // A client closing with 1000/1001 ends its session; other closes keep it resumable.
        if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
      }
    });
    ws.on('error', () => undefined);

    const version = query.get('v');
    if (version !== null && version !== '10') {
      closeWith(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    const encoding = query.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      closeWith(GatewayCloseCodes.DecodeError, 'Only encoding=json is supported by this server');
      return;
    }
    sendRaw(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs }, s: null, t: null });

    ws.on('message', (data: RawData) => {
      let payload: unknown;
      try {
        payload = JSON.parse(rawToString(data));
      } catch {
        closeWith(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      if (!isRecord(payload) || typeof payload.op !== 'number') {
        closeWith(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      const d = payload.d;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          sendRaw(ws, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
          return;
        case GatewayOpcodes.Identify: {
          if (session) return closeWith(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          const result = this.#identify(ws, d);
          if (typeof result === 'number') return closeWith(result, closeReason(result));
          session = result;
          return;
        }
        case GatewayOpcodes.Resume: {
          if (session) return closeWith(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          if (!isRecord(d) || !tokenMatches(d.token, this.hooks.token)) {
            return closeWith(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
          }
          const existing = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
          const seq = typeof d.seq === 'number' ? d.seq : -1;
          if (!existing || existing.socket !== null || seq > existing.seq) {
            sendRaw(ws, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
            return;
          }
          const oldest = existing.buffer[0]?.s ?? existing.seq + 1;
          if (seq + 1 < oldest) {
            sendRaw(ws, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
            return;
          }
          session = existing;
          existing.socket = ws;
          for (const entry of existing.buffer) if (entry.s > seq) ws.send(entry.text);
          this.#send(existing, GatewayDispatchEvents.Resumed, null);
          return;
        }
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
        case GatewayOpcodes.RequestGuildMembers:
        case GatewayOpcodes.RequestSoundboardSounds:
          if (!session) closeWith(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        default:
          if (!session) return closeWith(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          closeWith(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      }
    });
  }

  #identify(ws: WebSocket, d: unknown): Session | GatewayCloseCodes {
    if (!isRecord(d)) return GatewayCloseCodes.DecodeError;
    if (!tokenMatches(d.token, this.hooks.token)) return GatewayCloseCodes.AuthenticationFailed;
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
      return GatewayCloseCodes.InvalidIntents;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.hooks.allowedPrivilegedIntents) !== 0) return GatewayCloseCodes.DisallowedIntents;
    let shard: [number, number] = [0, 1];
    if (d.shard !== undefined) {
      const s = d.shard;
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'number' || typeof s[1] !== 'number' || s[1] < 1 || s[0] < 0 || s[0] >= s[1]) {
        return GatewayCloseCodes.InvalidShard;
      }
      shard = [s[0], s[1]];
    }
    this.hooks.onIdentify({
      at: Date.now(),
      intents,
      shard: d.shard === undefined ? undefined : shard,
      properties: d.properties,
      compress: d.compress === true,
      largeThreshold: typeof d.large_threshold === 'number' ? d.large_threshold : undefined,
      presence: d.presence,
    });
    const id = randomBytes(16).toString('hex');
    const { ready, guilds } = this.hooks.ready({ id, shard });
    if (ready.guilds.length > this.hooks.maxGuildsPerShard) return GatewayCloseCodes.ShardingRequired;
    const session: Session = { id, intents, shard, seq: 0, socket: ws, buffer: [] };
    this.#sessions.set(session.id, session);
    this.#send(session, GatewayDispatchEvents.Ready, ready);
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const g of guilds()) this.#send(session, GatewayDispatchEvents.GuildCreate, g);
    }
    return session;
  }

  #send(session: Session, t: string, d: unknown): void {
    session.seq++;
    const text = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
    session.buffer.push({ s: session.seq, text });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    const ws = session.socket;
    if (ws && ws.readyState === ws.OPEN) ws.send(text);
  }
}

function onShard(guildId: string, [id, count]: [number, number]): boolean {
  return Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
}

function tokenMatches(sent: unknown, token: string): boolean {
  return typeof sent === 'string' && sent.replace(/^Bot\s+/i, '') === token;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function sendRaw(ws: WebSocket, payload: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
}

function closeReason(code: GatewayCloseCodes): string {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return 'Authentication failed.';
    case GatewayCloseCodes.InvalidIntents:
      return 'Invalid intent(s).';
    case GatewayCloseCodes.DisallowedIntents:
      return 'Disallowed intent(s).';
    case GatewayCloseCodes.InvalidShard:
      return 'Invalid shard.';
    case GatewayCloseCodes.ShardingRequired:
      return 'Sharding required.';
    default:
      return 'Error while decoding payload.';
  }
}
