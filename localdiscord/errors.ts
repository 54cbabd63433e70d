/**
 * Discord's REST error bodies. Shapes follow the documented "JSON error codes" and the nested
 * `errors` object of 50035 Invalid Form Body (paths of keys, leaves `{ _errors: [{ code, message }] }`).
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';

export interface FormErrorLeaf {
  code: string;
  message: string;
}
export interface FormErrorTree {
  [key: string]: FormErrorTree | FormErrorLeaf[];
}

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FormErrorTree;
}

export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
    this.name = 'DiscordHttpError';
  }
}

/** Collects field errors under dotted paths, producing Discord's nested `errors` object. */
export class FormErrors {
  readonly tree: FormErrorTree = {};
  #count = 0;

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node: FormErrorTree = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (next === undefined || Array.isArray(next)) {
        const created: FormErrorTree = {};
        node[k] = created;
        node = created;
      } else {
        node = next;
      }
    }
    const leaves = node._errors;
    if (Array.isArray(leaves)) leaves.push({ code, message });
    else node._errors = [{ code, message }];
    this.#count++;
  }

  /** Maximum length check (strings by code points, arrays by items), Discord's wording. */
  maxLength(path: ReadonlyArray<string | number>, value: string | readonly unknown[] | undefined | null, max: number): void {
    if (value === undefined || value === null) return;
    if (lengthOf(value) > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  /** Inclusive length range check. */
  badLength(path: ReadonlyArray<string | number>, value: string | readonly unknown[] | undefined | null, min: number, max: number): void {
    if (value === undefined || value === null) return;
    const n = lengthOf(value);
    if (n < min || n > max) this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }

  required(path: ReadonlyArray<string | number>): void {
    this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  }

  get empty(): boolean {
    return this.#count === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw invalidFormBody(this.tree);
  }
}

export function lengthOf(value: string | readonly unknown[]): number {
  return typeof value === 'string' ? [...value].length : value.length;
}

function error(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { message, code });
}

export const Errors = {
  notFound: () => error(404, 0, '404: Not Found'),
  methodNotAllowed: () => error(405, 0, '405: Method Not Allowed'),
  unauthorized: () => error(401, 0, '401: Unauthorized'),
  badJson: () => error(400, RESTJSONErrorCodes.RequestBodyContainsInvalidJSON, 'The request body contains invalid JSON.'),
  unknownApplication: () => error(404, RESTJSONErrorCodes.UnknownApplication, 'Unknown Application'),
  unknownChannel: () => error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => error(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => error(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'),
  unknownMessage: () => error(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'),
  unknownRole: () => error(404, RESTJSONErrorCodes.UnknownRole, 'Unknown Role'),
  unknownUser: () => error(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User'),
  unknownWebhook: () => error(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  unknownInteraction: () => error(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
  unknownCommand: () => error(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'),
  alreadyAcknowledged: () =>
    error(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'),
  invalidWebhookToken: () => error(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token'),
  missingAccess: () => error(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access'),
  missingPermissions: () => error(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'),
  emptyMessage: () => error(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'),
  nonTextChannel: () =>
    error(400, RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, 'Cannot send messages in a non-text channel'),
  otherAuthor: () =>
    error(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user'),
  entityTooLarge: () => error(413, RESTJSONErrorCodes.RequestEntityTooLarge, 'Request entity too large'),
  maxCommands: (max: number) =>
    error(400, RESTJSONErrorCodes.MaximumNumberOfApplicationCommandsReached, `Maximum number of application commands reached (${max})`),
};

export function invalidFormBody(errors: FormErrorTree): DiscordHttpError {
  return new DiscordHttpError(400, { message: 'Invalid Form Body', code: RESTJSONErrorCodes.InvalidFormBodyOrContentType, errors });
}
