/**
 * Building and editing stored messages from request bodies: attachments from multipart `files[n]` parts
 * (matched by the `attachments[].id` index, kept byte for byte), mentions filtered through `allowed_mentions`,
 * embeds typed as rich, components given numeric ids.
 */
import {
  MessageFlags,
  type MessageType,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteraction,
  type APIMessageInteractionMetadata,
  type APIMessageTopLevelComponent,
  type APIUser,
} from 'discord-api-types/v10';
import { Errors } from './errors.ts';
import { isRecord, type JsonRecord } from './json.ts';
import type { MessageRecord, World } from './state.ts';
import type { LocalFile, LocalMessage, UploadedFile } from './types.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Flags a bot may set on a message; everything else in `flags` is ignored as Discord does. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface NewMessage {
  channelId: string;
  guildId: string | null;
  body: JsonRecord;
  files: UploadedFile[];
  author: APIUser;
  type: MessageType;
  /** Interaction responses and follow-ups are sent by the application's webhook. */
  webhookId?: string;
  applicationId?: string;
  ephemeral?: boolean;
  visibleTo?: string | null;
  loading?: boolean;
  interactionId?: string | null;
  interactionMetadata?: APIMessageInteractionMetadata;
  interaction?: APIMessageInteraction;
}

export class MessageFactory {
  constructor(
    private readonly world: World,
    private readonly baseUrl: () => string,
  ) {}

  create(input: NewMessage): MessageRecord {
    const { body } = input;
    const id = this.world.ids.next();
    const now = Date.now();
    const ephemeral = input.ephemeral ?? false;
    let flags = (typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS;
    if (ephemeral) flags |= MessageFlags.Ephemeral;
    if (input.loading) flags |= MessageFlags.Loading;
    const attachments = this.resolveAttachments(input.channelId, [], body.attachments, input.files, ephemeral);
    const api: APIMessage = {
      id,
      channel_id: input.channelId,
      author: structuredClone(input.author),
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date(now).toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachments.api,
      embeds: normalizeEmbeds(body.embeds),
      pinned: false,
      type: input.type,
      flags,
      components: normalizeComponents(body.components),
    };
    if (body.nonce !== undefined && body.nonce !== null) api.nonce = body.nonce as string | number;
    if (input.webhookId) api.webhook_id = input.webhookId;
    if (input.applicationId) api.application_id = input.applicationId;
    if (input.interactionMetadata) api.interaction_metadata = input.interactionMetadata;
    if (input.interaction) api.interaction = input.interaction;
    if (isRecord(body.message_reference) && typeof body.message_reference.message_id === 'string') {
      api.message_reference = {
        type: 0,
        message_id: body.message_reference.message_id,
        channel_id: input.channelId,
        ...(input.guildId ? { guild_id: input.guildId } : {}),
      };
      const referenced = this.world.messages.get(body.message_reference.message_id);
      api.referenced_message = referenced && !referenced.deleted ? structuredClone(referenced.api) : null;
    }
    const record: MessageRecord = {
      api,
      guildId: input.guildId,
      files: attachments.files,
      ephemeral,
      visibleTo: input.visibleTo ?? null,
      allowedMentions: body.allowed_mentions,
      nonce: api.nonce ?? null,
      enforceNonce: body.enforce_nonce === true,
      interactionId: input.interactionId ?? null,
      createdAt: now,
      deleted: false,
      editCount: 0,
    };
    this.computeMentions(record);
    return record;
  }

  /**
   * PATCH semantics: fields present replace, `attachments` lists what to keep plus new uploads. Nothing is
   * changed when the result would be an empty message (50006).
   */
  edit(record: MessageRecord, body: JsonRecord, files: UploadedFile[]): void {
    const draft: MessageRecord = { ...record, api: structuredClone(record.api), files: [...record.files] };
    const api = draft.api;
    if ('content' in body) api.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) api.embeds = normalizeEmbeds(body.embeds);
    if ('components' in body) api.components = normalizeComponents(body.components);
    if ('flags' in body && typeof body.flags === 'number') {
      const keep = (api.flags ?? 0) & ~SETTABLE_FLAGS;
      api.flags = keep | (body.flags & SETTABLE_FLAGS);
    }
    if ('allowed_mentions' in body) draft.allowedMentions = body.allowed_mentions;
    if ('attachments' in body || files.length > 0) {
      const spec = 'attachments' in body ? body.attachments : undefined;
      const resolved = this.resolveAttachments(api.channel_id, draft.files, spec, files, draft.ephemeral);
      api.attachments = resolved.api;
      draft.files = resolved.files;
    }
    api.flags = (api.flags ?? 0) & ~MessageFlags.Loading;
    api.edited_timestamp = new Date().toISOString();
    draft.editCount++;
    this.computeMentions(draft);
    this.assertNotEmpty(draft);
    Object.assign(record, draft);
  }

  assertNotEmpty(record: MessageRecord): void {
    const api = record.api;
    const v2 = ((api.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0;
    if (api.content.length === 0 && api.embeds.length === 0 && api.attachments.length === 0 && (api.components?.length ?? 0) === 0) {
      if (!((api.flags ?? 0) & MessageFlags.Loading) && !v2) throw Errors.emptyMessage();
    }
  }

  private resolveAttachments(
    channelId: string,
    existing: LocalFile[],
    spec: unknown,
    uploads: UploadedFile[],
    ephemeral: boolean,
  ): { api: APIAttachment[]; files: LocalFile[] } {
    const byIndex = new Map<string, UploadedFile>();
    for (const up of uploads) {
      const m = /^files\[(\d+)\]$/.exec(up.field) ?? /^file(\d*)$/.exec(up.field);
      byIndex.set(m ? m[1] || '0' : up.field, up);
    }
    const files: LocalFile[] = [];
    const descriptions = new Map<string, string | undefined>();
    if (Array.isArray(spec)) {
      for (const entry of spec) {
        if (!isRecord(entry)) continue;
        const key = String(entry.id);
        const kept = existing.find((f) => f.attachmentId === key);
        if (kept) {
          files.push(kept);
          continue;
        }
        const up = byIndex.get(key);
        if (up) {
          files.push(this.toLocalFile(up, typeof entry.filename === 'string' ? entry.filename : up.filename, optDescription(entry.description)));
          byIndex.delete(key);
        }
        descriptions.set(key, optDescription(entry.description));
      }
    } else {
      // No `attachments` field: keep what exists and add every uploaded file.
      files.push(...existing);
      for (const up of byIndex.values()) files.push(this.toLocalFile(up, up.filename, undefined));
    }
    for (const f of files) if (f.size > MAX_ATTACHMENT_BYTES) throw Errors.entityTooLarge();
    const api = files.map((f) => this.attachmentApi(channelId, f, ephemeral));
    return { api, files };
  }

  private toLocalFile(up: UploadedFile, filename: string, description: string | undefined): LocalFile {
    const file: LocalFile = {
      attachmentId: this.world.ids.next(),
      // Discord replaces whitespace in uploaded file names with underscores.
      filename: filename.replace(/\s/g, '_'),
      contentType: up.contentType || 'application/octet-stream',
      size: up.bytes.length,
      bytes: up.bytes,
    };
    if (description !== undefined) file.description = description;
    return file;
  }

  private attachmentApi(channelId: string, f: LocalFile, ephemeral: boolean): APIAttachment {
    const url = `${this.baseUrl()}/attachments/${channelId}/${f.attachmentId}/${encodeURIComponent(f.filename)}`;
    const a: APIAttachment = { id: f.attachmentId, filename: f.filename, size: f.size, url, proxy_url: url, content_type: f.contentType };
    if (f.description !== undefined) a.description = f.description;
    const dims = pngDimensions(f.bytes);
    if (dims) {
      a.width = dims.width;
      a.height = dims.height;
    }
    if (ephemeral) a.ephemeral = true;
    return a;
  }

  private computeMentions(record: MessageRecord): void {
    const api = record.api;
    const allowed = isRecord(record.allowedMentions) ? record.allowedMentions : undefined;
    const parse = allowed ? (Array.isArray(allowed.parse) ? (allowed.parse as unknown[]) : []) : ['users', 'roles', 'everyone'];
    const allowedUsers = allowed && Array.isArray(allowed.users) ? (allowed.users as unknown[]) : [];
    const allowedRoles = allowed && Array.isArray(allowed.roles) ? (allowed.roles as unknown[]) : [];
    const userIds = new Set([...api.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] as string));
    const roleIds = new Set([...api.content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] as string));
    api.mentions = [...userIds]
      .filter((id) => parse.includes('users') || allowedUsers.includes(id))
      .flatMap((id) => {
        const u = this.world.users.get(id);
        return u ? [structuredClone(u.user)] : [];
      });
    api.mention_roles = [...roleIds].filter((id) => parse.includes('roles') || allowedRoles.includes(id));
    api.mention_everyone = parse.includes('everyone') && /@(everyone|here)\b/.test(api.content);
  }
}

function optDescription(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function normalizeEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => {
    const embed = structuredClone(e) as APIEmbed & JsonRecord;
    embed.type ??= 'rich' as APIEmbed['type'];
    if (typeof embed.timestamp === 'string') embed.timestamp = new Date(embed.timestamp).toISOString().replace('Z', '+00:00');
    return embed;
  });
}

function normalizeComponents(value: unknown): APIMessageTopLevelComponent[] {
  if (!Array.isArray(value)) return [];
  let next = 1;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isRecord(node)) return;
    if (typeof node.type === 'number' && node.id === undefined) node.id = next;
    if (typeof node.id === 'number') next = Math.max(next, node.id) + 1;
    visit(node.components);
    visit(node.accessory);
    visit(node.component);
  };
  const copy = structuredClone(value);
  visit(copy);
  return copy as APIMessageTopLevelComponent[];
}

/** Width and height from a PNG's IHDR chunk, or undefined for other bytes. */
export function pngDimensions(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function toLocalMessage(record: MessageRecord): LocalMessage {
  return {
    ...structuredClone(record.api),
    local: {
      guildId: record.guildId,
      ephemeral: record.ephemeral,
      visibleTo: record.visibleTo,
      files: record.files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes) })),
      allowedMentions: structuredClone(record.allowedMentions),
      interactionId: record.interactionId,
      deleted: record.deleted,
      editCount: record.editCount,
    },
  };
}

