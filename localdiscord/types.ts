/** Public types of the local Discord server's control API. */
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  InteractionResponseType,
} from 'discord-api-types/v10';

/** A file the bot uploaded, kept byte for byte. */
export interface LocalFile {
  /** Attachment snowflake on the message. */
  attachmentId: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  description?: string;
}

/** One multipart part of type file, as received. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A message as Discord would return it, plus what only the server knows. */
export interface LocalMessage extends APIMessage {
  local: {
    guildId: string | null;
    ephemeral: boolean;
    /** Ephemeral messages are visible to (and clickable by) this user only. */
    visibleTo: string | null;
    files: LocalFile[];
    /** `allowed_mentions` exactly as last sent by the bot (undefined when not sent). */
    allowedMentions: unknown;
    interactionId: string | null;
    deleted: boolean;
    editCount: number;
  };
}

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path after `/api/v10`, without the query string, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** True when the request carried the accepted `Bot <token>` authorization. */
  authorized: boolean;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; undefined without a body. */
  body: unknown;
  files: UploadedFile[];
  status: number;
  response: unknown;
}

export interface IdentifyRecord {
  at: number;
  intents: number;
  shard: [number, number] | undefined;
  properties: unknown;
  compress: boolean;
  largeThreshold: number | undefined;
  presence: unknown;
}

/** Someone using the bot. A string is the id of a user already known to the server. */
export type UserRef = string | UserInput;

export interface UserInput {
  id?: string;
  username: string;
  globalName?: string | null;
  /** Discord client language, sent as the interaction `locale` (default en-US). */
  locale?: string;
  bot?: boolean;
}

export type InteractionResponse =
  | { type: InteractionResponseType.ChannelMessageWithSource; message: LocalMessage; ephemeral: boolean }
  | { type: InteractionResponseType.DeferredChannelMessageWithSource; message: LocalMessage; ephemeral: boolean }
  | { type: InteractionResponseType.DeferredMessageUpdate; message: LocalMessage | null }
  | { type: InteractionResponseType.UpdateMessage; message: LocalMessage }
  | { type: InteractionResponseType.ApplicationCommandAutocompleteResult; choices: APIApplicationCommandOptionChoice[] }
  | { type: InteractionResponseType.Modal; modal: APIModalInteractionResponseCallbackData };

/**
 * What a user action returns. Awaiting it (it is a thenable) gives the bot's initial response; it rejects
 * with an InteractionTimeoutError when the bot does not answer within the server's interaction timeout.
 */
export interface InteractionHandle extends PromiseLike<InteractionResponse> {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload that was dispatched. */
  readonly payload: APIInteraction;
  readonly response: Promise<InteractionResponse>;
  /** The current `@original` message, if any. */
  original(): LocalMessage | undefined;
  /**
   * The message the user ends up seeing: immediately for types 4 and 7, after the first edit of `@original`
   * (or the first follow-up) for deferred types 5 and 6.
   */
  waitForReply(timeoutMs?: number): Promise<LocalMessage>;
  followUps(): LocalMessage[];
  waitForFollowUp(index?: number, timeoutMs?: number): Promise<LocalMessage>;
}

export class InteractionTimeoutError extends Error {
  constructor(readonly interactionId: string, readonly timeoutMs: number) {
    super(`The application did not respond: interaction ${interactionId} was not acknowledged within ${timeoutMs}ms`);
    this.name = 'InteractionTimeoutError';
  }
}

/** Raised synchronously by control-API user actions that a real Discord client would not let a user perform. */
export class UserActionError extends Error {
  override name = 'UserActionError';
}
