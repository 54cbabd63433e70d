/**
 * Interaction lifecycle: creation by user actions, the one initial callback (within the acknowledgement
 * window, default 3 s; a second one gives 40060, a late one 10062), and the interaction webhook (follow-ups,
 * `@original`), valid for the token lifetime (default 15 min; expired tokens give 50027).
 */
import { randomBytes } from 'node:crypto';
import {
  ComponentType,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { Errors, FormErrors } from './errors.ts';
import type { Gateway } from './gateway.ts';
import type { DeliveryRecord, HttpDelivery } from './http-delivery.ts';
import {
  assertCanInteract,
  assertCommandVisible,
  basePayload,
  commandData,
  findCommand,
  resolvedChannel,
  type CommandInvocation,
  type InteractionContext,
} from './interaction-payloads.ts';
import { isRecord, type JsonRecord } from './json.ts';
import { toLocalMessage, type MessageFactory } from './messages.ts';
import type { MessageRecord, World } from './state.ts';
import {
  InteractionTimeoutError,
  UserActionError,
  type InteractionHandle,
  type InteractionResponse,
  type LocalMessage,
  type UploadedFile,
} from './types.ts';
import { validateAutocompleteChoices, validateMessageBody } from './validate-message.ts';
import { validateModal } from './validate-components.ts';

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  ctx: InteractionContext;
  payload: APIInteraction;
  commandName: string | null;
  createdAt: number;
  deadline: number;
  expiresAt: number;
  /** Message the component was on (components, and modals opened from a component). */
  sourceMessageId: string | null;
  /** Metadata of the interaction that opened this modal. */
  triggeringMetadata: APIMessageInteractionMetadata | null;
  acknowledged: boolean;
  timedOut: boolean;
  responseType: InteractionResponseType | null;
  originalMessageId: string | null;
  /** editCount of the original message when acknowledged (to detect the first edit after a deferral). */
  originalEditsAtAck: number;
  followUpIds: string[];
  modal: APIModalInteractionResponseCallbackData | null;
  modalSubmitted: boolean;
  choices: APIApplicationCommandOptionChoice[] | null;
  response: Promise<InteractionResponse>;
  settle: { resolve: (r: InteractionResponse) => void; reject: (e: Error) => void };
  timer: NodeJS.Timeout | null;
}

export interface InteractionDeps {
  world: World;
  gateway: Gateway;
  messages: MessageFactory;
  timeoutMs: number;
  tokenLifetimeMs: number;
  emit: (event: string, ...args: unknown[]) => void;
  /** Whether anyone listens to `event` (so copies made only for listeners can be skipped). */
  listened: (event: string) => boolean;
  waitFor: <T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string) => Promise<T>;
  /** When set, interactions are POSTed to the application's endpoint instead of the gateway. */
  httpDelivery: () => HttpDelivery | null;
  recordDelivery: (record: DeliveryRecord) => void;
}

export class InteractionManager {
  readonly byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  constructor(private readonly deps: InteractionDeps) {}

  // ---------------------------------------------------------------- user actions

  slashCommand(ctx: InteractionContext, inv: CommandInvocation): InteractionHandle {
    const { world } = this.deps;
    assertCanInteract(world, ctx);
    const cmd = findCommand(world, ctx.guild.id, inv.name);
    assertCommandVisible(world, ctx, cmd);
    const data = commandData(world, ctx, cmd, inv);
    return this.#start(ctx, InteractionType.ApplicationCommand, data, { commandName: cmd.name });
  }

  autocomplete(ctx: InteractionContext, inv: CommandInvocation & { focused: string }): InteractionHandle {
    const { world } = this.deps;
    assertCanInteract(world, ctx);
    const cmd = findCommand(world, ctx.guild.id, inv.name);
    assertCommandVisible(world, ctx, cmd);
    const data = commandData(world, ctx, cmd, inv);
    return this.#start(ctx, InteractionType.ApplicationCommandAutocomplete, data, { commandName: cmd.name });
  }

  component(
    ctx: InteractionContext,
    message: MessageRecord,
    customId: string,
    kind: 'button' | 'select',
    values?: readonly string[],
  ): InteractionHandle {
    const { world } = this.deps;
    if (message.deleted) throw new UserActionError(`message ${message.api.id} was deleted`);
    if (message.api.author.id !== world.botUserId) throw new UserActionError(`message ${message.api.id} was not sent by the bot`);
    if (message.ephemeral && message.visibleTo !== ctx.userId) {
      throw new UserActionError(`ephemeral message ${message.api.id} is only visible to user ${message.visibleTo}`);
    }
    if (!message.ephemeral) {
      const perms = world.memberPermissions(ctx.guild, ctx.userId, ctx.channel);
      if ((perms & 1024n) === 0n) throw new UserActionError(`user ${ctx.userId} cannot see channel ${ctx.channel.id}`);
    }
    const component = findComponent(message.api.components ?? [], customId);
    if (!component) throw new UserActionError(`message ${message.api.id} has no component with custom_id "${customId}"`);
    if (component.disabled === true) throw new UserActionError(`component "${customId}" is disabled`);
    const data: JsonRecord = { custom_id: customId, component_type: component.type };
    if (typeof component.id === 'number') data.id = component.id;
    if (kind === 'button') {
      if (component.type !== ComponentType.Button) throw new UserActionError(`component "${customId}" is not a button`);
    } else {
      if (component.type === ComponentType.Button) throw new UserActionError(`component "${customId}" is a button, not a select menu`);
      data.values = this.#selectValues(ctx, component, values ?? [], data);
    }
    return this.#start(ctx, InteractionType.MessageComponent, data, {
      sourceMessageId: message.api.id,
      message: structuredClone(message.api),
    });
  }

  modalSubmit(from: InteractionRecord, userId: string, values: Record<string, string | readonly string[]>, locale?: string): InteractionHandle {
    if (from.responseType !== InteractionResponseType.Modal || !from.modal) {
      throw new UserActionError(`interaction ${from.id} did not open a modal`);
    }
    if (from.modalSubmitted) throw new UserActionError(`the modal of interaction ${from.id} was already submitted`);
    if (userId !== from.ctx.userId) throw new UserActionError('only the user who opened a modal can submit it');
    const modal = from.modal;
    const known = new Set<string>();
    const components: unknown[] = [];
    for (const top of modal.components as unknown[]) {
      if (!isRecord(top)) continue;
      if (top.type === ComponentType.ActionRow && Array.isArray(top.components)) {
        const input = top.components[0];
        if (!isRecord(input)) continue;
        components.push({ type: ComponentType.ActionRow, id: top.id, components: [this.#textInputValue(input, values, known)] });
      } else if (top.type === ComponentType.Label && isRecord(top.component)) {
        const inner = top.component;
        const submitted =
          inner.type === ComponentType.TextInput
            ? this.#textInputValue(inner, values, known)
            : this.#modalSelectValue(inner, values, known);
        components.push({ type: ComponentType.Label, id: top.id, component: submitted });
      }
    }
    for (const key of Object.keys(values)) if (!known.has(key)) throw new UserActionError(`the modal has no input "${key}"`);
    from.modalSubmitted = true;
    const ctx = { ...from.ctx, locale: locale ?? from.ctx.locale };
    const data = { custom_id: modal.custom_id, components };
    const source = from.sourceMessageId ? this.deps.world.messages.get(from.sourceMessageId) : undefined;
    return this.#start(ctx, InteractionType.ModalSubmit, data, {
      sourceMessageId: source ? source.api.id : null,
      message: source ? structuredClone(source.api) : undefined,
      triggeringMetadata: metadataOf(from, this.deps.world),
    });
  }

  #textInputValue(input: JsonRecord, values: Record<string, string | readonly string[]>, known: Set<string>): JsonRecord {
    const customId = String(input.custom_id);
    known.add(customId);
    const given = values[customId];
    const value = typeof given === 'string' ? given : typeof input.value === 'string' ? input.value : '';
    if (Array.isArray(given)) throw new UserActionError(`text input "${customId}" takes a string`);
    const required = input.required !== false;
    const n = [...value].length;
    if (required && n === 0) throw new UserActionError(`text input "${customId}" is required`);
    if (n > 0 && typeof input.min_length === 'number' && n < input.min_length) {
      throw new UserActionError(`text input "${customId}" needs at least ${input.min_length} characters`);
    }
    if (typeof input.max_length === 'number' && n > input.max_length) {
      throw new UserActionError(`text input "${customId}" allows at most ${input.max_length} characters`);
    }
    const out: JsonRecord = { type: ComponentType.TextInput, custom_id: customId, value };
    if (typeof input.id === 'number') out.id = input.id;
    return out;
  }

  #modalSelectValue(select: JsonRecord, values: Record<string, string | readonly string[]>, known: Set<string>): JsonRecord {
    const customId = String(select.custom_id);
    known.add(customId);
    const given = values[customId];
    const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
    const data: JsonRecord = { type: select.type, custom_id: customId, values: list };
    if (typeof select.id === 'number') data.id = select.id;
    return data;
  }

  #selectValues(ctx: InteractionContext, component: JsonRecord, values: readonly string[], data: JsonRecord): string[] {
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (values.length < min || values.length > max) throw new UserActionError(`select "${String(component.custom_id)}" takes ${min}–${max} values`);
    const { world } = this.deps;
    if (component.type === ComponentType.StringSelect) {
      const options = Array.isArray(component.options) ? component.options.filter(isRecord) : [];
      for (const v of values) if (!options.some((o) => o.value === v)) throw new UserActionError(`select has no option "${v}"`);
      return [...values];
    }
    const resolved: JsonRecord = {};
    for (const v of values) {
      const user = world.users.get(v);
      const role = ctx.guild.roles.get(v);
      const channel = world.channels.get(v);
      if ((component.type === ComponentType.UserSelect || component.type === ComponentType.MentionableSelect) && user) {
        ((resolved.users ??= {}) as JsonRecord)[v] = structuredClone(user.user);
        const member = world.memberApi(ctx.guild, v);
        if (member) {
          const { user: _u, ...rest } = member;
          ((resolved.members ??= {}) as JsonRecord)[v] = { ...rest, permissions: world.memberPermissions(ctx.guild, v, ctx.channel).toString() };
        }
      } else if ((component.type === ComponentType.RoleSelect || component.type === ComponentType.MentionableSelect) && role) {
        ((resolved.roles ??= {}) as JsonRecord)[v] = structuredClone(role);
      } else if (component.type === ComponentType.ChannelSelect && channel && channel.guildId === ctx.guild.id) {
        ((resolved.channels ??= {}) as JsonRecord)[v] = resolvedChannel(world, ctx, channel);
      } else throw new UserActionError(`"${v}" is not a valid value for this select`);
    }
    data.resolved = resolved;
    return [...values];
  }

  #start(
    ctx: InteractionContext,
    type: InteractionType,
    data: JsonRecord,
    extra: { commandName?: string; sourceMessageId?: string | null; message?: unknown; triggeringMetadata?: APIMessageInteractionMetadata },
  ): InteractionHandle {
    const { world, gateway } = this.deps;
    const id = world.ids.next();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const payload = { ...basePayload(world, ctx, { id, token }), type, data } as JsonRecord;
    if (extra.message !== undefined) payload.message = extra.message;
    let settle!: InteractionRecord['settle'];
    const response = new Promise<InteractionResponse>((resolve, reject) => {
      settle = { resolve, reject };
    });
    response.catch(() => undefined);
    const now = Date.now();
    const rec: InteractionRecord = {
      id,
      token,
      type,
      ctx,
      payload: payload as unknown as APIInteraction,
      commandName: extra.commandName ?? null,
      createdAt: now,
      deadline: now + this.deps.timeoutMs,
      expiresAt: now + this.deps.tokenLifetimeMs,
      sourceMessageId: extra.sourceMessageId ?? null,
      triggeringMetadata: extra.triggeringMetadata ?? null,
      acknowledged: false,
      timedOut: false,
      responseType: null,
      originalMessageId: null,
      originalEditsAtAck: 0,
      followUpIds: [],
      modal: null,
      modalSubmitted: false,
      choices: null,
      response,
      settle,
      timer: null,
    };
    rec.timer = setTimeout(() => {
      rec.timer = null;
      if (rec.acknowledged) return;
      rec.timedOut = true;
      rec.settle.reject(new InteractionTimeoutError(id, this.deps.timeoutMs));
      this.deps.emit('interactionTimeout', { id });
      this.deps.emit('change');
    }, this.deps.timeoutMs);
    rec.timer.unref();
    this.byId.set(id, rec);
    this.#byToken.set(token, rec);
    const delivery = this.deps.httpDelivery();
    if (delivery) void this.#deliverByHttp(delivery, rec);
    else gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, ctx.guild.id);
    if (this.deps.listened('interactionCreate')) this.deps.emit('interactionCreate', structuredClone(payload));
    this.deps.emit('change');
    return this.#handle(rec);
  }

  /**
   * As Discord does with an endpoint URL: the HTTP response may carry the initial response (200 with an
   * interaction response body, applied like the callback endpoint); an empty 2xx leaves it to the REST
   * callback; anything else, or no answer, ends as "the application did not respond" when the window closes.
   */
  async #deliverByHttp(delivery: HttpDelivery, rec: InteractionRecord): Promise<void> {
    const url = delivery.nextUrl();
    const { status, body } = await delivery.post(url, rec.payload);
    this.deps.recordDelivery({ interactionId: rec.id, url, status, body });
    if (status === 200 && isRecord(body) && typeof body.type === 'number') {
      try {
        this.callback(rec.id, rec.token, body, [], false);
      } catch (error) {
        this.deps.recordDelivery({ interactionId: rec.id, url, status, body: { rejected: error instanceof Error ? error.message : String(error) } });
      }
    }
    this.deps.emit('change');
  }

  #handle(rec: InteractionRecord): InteractionHandle {
    const snapshot = (id: string | null): LocalMessage | undefined => {
      const m = id ? this.deps.world.messages.get(id) : undefined;
      return m ? toLocalMessage(m) : undefined;
    };
    const failIfDead = (): void => {
      if (rec.timedOut) throw new InteractionTimeoutError(rec.id, this.deps.timeoutMs);
    };
    return {
      id: rec.id,
      token: rec.token,
      payload: rec.payload,
      response: rec.response,
      then: (onFulfilled, onRejected) => rec.response.then(onFulfilled, onRejected),
      original: () => snapshot(rec.originalMessageId),
      followUps: () => rec.followUpIds.flatMap((id) => snapshot(id) ?? []),
      waitForReply: (timeoutMs = 10_000) =>
        this.deps.waitFor(
          () => {
            failIfDead();
            if (!rec.acknowledged) return undefined;
            switch (rec.responseType) {
              case InteractionResponseType.ChannelMessageWithSource:
              case InteractionResponseType.UpdateMessage:
                return snapshot(rec.originalMessageId);
              case InteractionResponseType.DeferredChannelMessageWithSource: {
                const m = snapshot(rec.originalMessageId);
                if (m && ((m.flags ?? 0) & MessageFlags.Loading) === 0) return m;
                return snapshot(rec.followUpIds[0] ?? null);
              }
              case InteractionResponseType.DeferredMessageUpdate: {
                const m = snapshot(rec.originalMessageId);
                if (m && m.local.editCount > rec.originalEditsAtAck) return m;
                return snapshot(rec.followUpIds[0] ?? null);
              }
              default:
                throw new Error(`interaction ${rec.id} was answered with type ${rec.responseType}, which shows no message`);
            }
          },
          timeoutMs,
          `a visible reply to interaction ${rec.id}`,
        ),
      waitForFollowUp: (index = 0, timeoutMs = 10_000) =>
        this.deps.waitFor(() => snapshot(rec.followUpIds[index] ?? null), timeoutMs, `follow-up #${index} of interaction ${rec.id}`),
    };
  }

  handleFor(id: string): InteractionHandle | undefined {
    const rec = this.byId.get(id);
    return rec ? this.#handle(rec) : undefined;
  }

  // ---------------------------------------------------------------- REST: callback

  callback(id: string, token: string, body: unknown, files: UploadedFile[], withResponse: boolean): unknown {
    const rec = this.byId.get(id);
    const now = Date.now();
    if (!rec || rec.token !== token || now > rec.expiresAt) throw Errors.unknownInteraction();
    if (rec.acknowledged) throw Errors.alreadyAcknowledged();
    if (rec.timedOut || now > rec.deadline) throw Errors.unknownInteraction();

    const errors = new FormErrors();
    if (!isRecord(body) || typeof body.type !== 'number') {
      errors.required(['type']);
      errors.throwIfAny();
      return undefined;
    }
    const allowed = allowedResponses(rec);
    const type = body.type as InteractionResponseType;
    if (!allowed.includes(type)) {
      errors.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of (${allowed.join(', ')}).`);
      errors.throwIfAny();
    }
    const data = isRecord(body.data) ? body.data : undefined;
    if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) {
      validateMessageBody(data ?? {}, ['data'], errors);
    } else if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      validateAutocompleteChoices(data, ['data'], errors);
    } else if (type === InteractionResponseType.Modal) {
      validateModal(data, ['data'], errors);
    }
    errors.throwIfAny();

    const { world, messages } = this.deps;
    const flags = typeof data?.flags === 'number' ? data.flags : 0;
    const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
    let response: InteractionResponse;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
        const msg = messages.create({
          ...this.#messageBase(rec, ephemeral),
          body: deferred ? { flags } : (data ?? {}),
          files: deferred ? [] : files,
          loading: deferred,
        });
        messages.assertNotEmpty(msg);
        world.addMessage(msg);
        rec.originalMessageId = msg.api.id;
        this.deps.emit('message', toLocalMessage(msg));
        response = { type, message: toLocalMessage(msg), ephemeral } as InteractionResponse;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate: {
        rec.originalMessageId = rec.sourceMessageId;
        const m = rec.sourceMessageId ? world.messages.get(rec.sourceMessageId) : undefined;
        rec.originalEditsAtAck = m?.editCount ?? 0;
        response = { type, message: m ? toLocalMessage(m) : null };
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        const m = rec.sourceMessageId ? world.messages.get(rec.sourceMessageId) : undefined;
        if (!m || m.deleted) throw Errors.unknownMessage();
        if (data) messages.edit(m, data, files);
        rec.originalMessageId = m.api.id;
        this.deps.emit('messageUpdate', toLocalMessage(m));
        response = { type, message: toLocalMessage(m) };
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        rec.choices = structuredClone((data?.choices ?? []) as APIApplicationCommandOptionChoice[]);
        response = { type, choices: rec.choices };
        break;
      default:
        rec.modal = structuredClone(data) as unknown as APIModalInteractionResponseCallbackData;
        response = { type: InteractionResponseType.Modal, modal: structuredClone(rec.modal) };
    }
    rec.acknowledged = true;
    rec.responseType = type;
    if (rec.timer) clearTimeout(rec.timer);
    rec.timer = null;
    rec.settle.resolve(response);
    this.deps.emit('interactionResponse', { interactionId: rec.id, response });
    this.deps.emit('change');
    if (!withResponse) return undefined;
    return this.#callbackResponse(rec, type);
  }

  #callbackResponse(rec: InteractionRecord, type: InteractionResponseType): RESTPostAPIInteractionCallbackWithResponseResult {
    const original = rec.originalMessageId ? this.deps.world.messages.get(rec.originalMessageId) : undefined;
    const createsMessage =
      type === InteractionResponseType.ChannelMessageWithSource ||
      type === InteractionResponseType.DeferredChannelMessageWithSource ||
      type === InteractionResponseType.UpdateMessage;
    const result: RESTPostAPIInteractionCallbackWithResponseResult = { interaction: { id: rec.id, type: rec.type } };
    if (createsMessage && original) {
      result.interaction.response_message_id = original.api.id;
      result.interaction.response_message_loading = type === InteractionResponseType.DeferredChannelMessageWithSource;
      result.interaction.response_message_ephemeral = original.ephemeral;
    }
    result.resource = { type };
    if ((type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) && original) {
      result.resource.message = structuredClone(original.api);
    }
    return result;
  }

  #messageBase(rec: InteractionRecord, ephemeral: boolean) {
    const { world } = this.deps;
    return {
      channelId: rec.ctx.channel.id,
      guildId: rec.ctx.guild.id,
      author: world.botUser,
      type: rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      webhookId: world.applicationId,
      applicationId: world.applicationId,
      ephemeral,
      visibleTo: ephemeral ? rec.ctx.userId : null,
      interactionId: rec.id,
      interactionMetadata: metadataOf(rec, world),
      interaction: {
        id: rec.id,
        type: rec.type,
        name: rec.commandName ?? '',
        user: structuredClone(world.users.get(rec.ctx.userId)!.user),
      },
    };
  }

  // ---------------------------------------------------------------- REST: interaction webhook

  #webhookRecord(applicationId: string, token: string): InteractionRecord {
    if (applicationId !== this.deps.world.applicationId) throw Errors.unknownWebhook();
    const rec = this.#byToken.get(token);
    if (!rec || Date.now() > rec.expiresAt) throw Errors.invalidWebhookToken();
    return rec;
  }

  #ownedMessage(rec: InteractionRecord, messageId: string): MessageRecord {
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    const owned = id !== null && (id === rec.originalMessageId || rec.followUpIds.includes(id));
    const m = owned ? this.deps.world.messages.get(id) : undefined;
    if (!m || m.deleted) throw Errors.unknownMessage();
    return m;
  }

  followUp(applicationId: string, token: string, body: unknown, files: UploadedFile[]): unknown {
    const rec = this.#webhookRecord(applicationId, token);
    // The interaction webhook exists only once the interaction has been acknowledged.
    if (!rec.acknowledged) throw Errors.unknownWebhook();
    const data = isRecord(body) ? body : {};
    const errors = new FormErrors();
    validateMessageBody(data, [], errors);
    errors.throwIfAny();
    const { world, messages } = this.deps;
    // Documented backwards compatibility: a follow-up while a deferred (type 5) response is still loading
    // edits that loading message instead of creating a new one; its ephemeral state is kept.
    const original = rec.originalMessageId ? world.messages.get(rec.originalMessageId) : undefined;
    if (
      rec.responseType === InteractionResponseType.DeferredChannelMessageWithSource &&
      original &&
      !original.deleted &&
      ((original.api.flags ?? 0) & MessageFlags.Loading) !== 0
    ) {
      const { flags: _ignored, ...rest } = data;
      messages.edit(original, rest, files);
      this.deps.emit('messageUpdate', toLocalMessage(original));
      this.deps.emit('change');
      return structuredClone(original.api);
    }
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
    const msg = messages.create({ ...this.#messageBase(rec, ephemeral), body: data, files });
    messages.assertNotEmpty(msg);
    world.addMessage(msg);
    rec.followUpIds.push(msg.api.id);
    this.deps.emit('message', toLocalMessage(msg));
    this.deps.emit('change');
    return structuredClone(msg.api);
  }

  getMessage(applicationId: string, token: string, messageId: string): unknown {
    const rec = this.#webhookRecord(applicationId, token);
    return structuredClone(this.#ownedMessage(rec, messageId).api);
  }

  editMessage(applicationId: string, token: string, messageId: string, body: unknown, files: UploadedFile[]): unknown {
    const rec = this.#webhookRecord(applicationId, token);
    const m = this.#ownedMessage(rec, messageId);
    const data = isRecord(body) ? body : {};
    const errors = new FormErrors();
    validateMessageBody(data, [], errors);
    errors.throwIfAny();
    this.deps.messages.edit(m, data, files);
    this.deps.emit('messageUpdate', toLocalMessage(m));
    this.deps.emit('change');
    return structuredClone(m.api);
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const rec = this.#webhookRecord(applicationId, token);
    const m = this.#ownedMessage(rec, messageId);
    m.deleted = true;
    this.deps.emit('messageDelete', toLocalMessage(m));
    this.deps.emit('change');
  }

  close(): void {
    for (const rec of this.byId.values()) {
      if (rec.timer) clearTimeout(rec.timer);
      rec.timer = null;
      if (!rec.acknowledged && !rec.timedOut) rec.settle.reject(new Error('local Discord server closed'));
    }
  }
}

function allowedResponses(rec: InteractionRecord): InteractionResponseType[] {
  const T = InteractionResponseType;
  switch (rec.type) {
    case InteractionType.ApplicationCommand:
      return [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.Modal];
    case InteractionType.MessageComponent:
      return [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.DeferredMessageUpdate, T.UpdateMessage, T.Modal];
    case InteractionType.ApplicationCommandAutocomplete:
      return [T.ApplicationCommandAutocompleteResult];
    case InteractionType.ModalSubmit:
      return rec.sourceMessageId
        ? [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource, T.DeferredMessageUpdate, T.UpdateMessage]
        : [T.ChannelMessageWithSource, T.DeferredChannelMessageWithSource];
    default:
      return [];
  }
}

function metadataOf(rec: InteractionRecord, world: World): APIMessageInteractionMetadata {
  const user = structuredClone(world.users.get(rec.ctx.userId)!.user);
  const owners = { '0': rec.ctx.guild.id } as APIMessageInteractionMetadata['authorizing_integration_owners'];
  if (rec.type === InteractionType.MessageComponent) {
    return { id: rec.id, type: InteractionType.MessageComponent, user, authorizing_integration_owners: owners, interacted_message_id: rec.sourceMessageId ?? '' };
  }
  if (rec.type === InteractionType.ModalSubmit && rec.triggeringMetadata) {
    return {
      id: rec.id,
      type: InteractionType.ModalSubmit,
      user,
      authorizing_integration_owners: owners,
      triggering_interaction_metadata: rec.triggeringMetadata as never,
    };
  }
  return { id: rec.id, type: InteractionType.ApplicationCommand, user, authorizing_integration_owners: owners };
}

/** Depth-first search of interactive components by custom_id (action rows, sections, containers). */
function findComponent(nodes: readonly unknown[], customId: string): JsonRecord | undefined {
  for (const node of nodes) {
    if (!isRecord(node)) continue;
    if (node.custom_id === customId && node.type !== ComponentType.ActionRow) return node;
    for (const key of ['components', 'accessory', 'component'] as const) {
      const child = node[key];
      const found = Array.isArray(child) ? findComponent(child, customId) : isRecord(child) ? findComponent([child], customId) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

