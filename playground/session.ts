/**
 * The chat: reads lines, acts as the person through the local Discord's control API (slash commands, clicks,
 * selections, modals, autocomplete), and shows every message the bot creates or edits, whether it answers the
 * person or comes on its own (the scheduler's daily question, reveals). Lines are handled strictly in order:
 * each waits for its reply, with a bounded wait; a reply that never comes is an error line, never a hang.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { InteractionResponseType, MessageFlags, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import {
  InteractionTimeoutError,
  UserActionError,
  type InteractionHandle,
  type LocalDiscord,
  type LocalMessage,
} from '../localdiscord/index.ts';
import {
  commandHelpLines,
  describeProblem,
  helpLines,
  modalFields,
  modalValue,
  parseLine,
  playgroundText,
  renderChoices,
  renderMessage,
  renderModalField,
  renderNotice,
  resolvePicks,
  usageLines,
  type Choice,
  type Control,
  type Invocation,
  type PlaygroundLanguage,
  type PlaygroundText,
} from './index.ts';
import { messages } from '../src/i18n/index.ts';
import type { Console } from './io.ts';
import type { PlaygroundWorld } from './world.ts';

export interface SessionOptions {
  server: LocalDiscord;
  world: PlaygroundWorld;
  console: Console;
  width: number;
  color: boolean;
  /** Attachments the bot sends are saved here. */
  filesDir: string;
  /** How long a deferred reply may take to show up (the initial acknowledgement is bounded by the server, 3 s). */
  replyTimeoutMs?: number;
  /** Echo each piped line before its answer, so a transcript reads like a chat. */
  echo: boolean;
}

const QUIT_WORDS = new Set(['sair', 'quit', 'exit', 'q', 'tchau', 'bye']);
/** What the bot's error boundary answers when a command threw (bot/dispatcher.ts), in either language. */
const BOT_FAILURE_REPLIES = new Set([messages('pt-BR').errors.internal, messages('en').errors.internal]);

export class Session {
  language: PlaygroundLanguage = 'pt-BR';
  /** Columns to wrap to (follows terminal resizes). */
  width: number;
  actorId: string;
  channelId: string;
  readonly #o: SessionOptions;
  readonly #controls = new Map<number, Control>();
  /** Numbers whose control an edit removed from its message: clicking one is explained, not sent. */
  readonly #gone = new Set<number>();
  #nextNumber = 1;
  readonly #shown = new Set<string>();
  readonly #saved = new Map<string, string>();
  #lastChoices: { invocation: Invocation; focused: string; choices: Choice[] } | null = null;
  #lastActivity = Date.now();
  #closing = false;
  #failures = 0;
  readonly #detach: () => void;

  constructor(options: SessionOptions) {
    this.#o = options;
    this.width = options.width;
    this.actorId = options.world.users.you.id;
    this.channelId = options.world.channels.geral;
    const { server } = options;
    const onMessage = (m: LocalMessage) => this.#onMessage(m, false);
    const onUpdate = (m: LocalMessage) => this.#onMessage(m, true);
    const onDelete = (m: LocalMessage) => {
      if (!this.#shown.has(m.id)) return;
      this.#notice(`🗑 ${this.text.deleted} (#${this.#o.world.channelName(m.channel_id)})`, { dim: true });
    };
    server.on('message', onMessage);
    server.on('messageUpdate', onUpdate);
    server.on('messageDelete', onDelete);
    this.#detach = () => {
      server.off('message', onMessage);
      server.off('messageUpdate', onUpdate);
      server.off('messageDelete', onDelete);
    };
  }

  /** Lines that failed: an unknown command or bad usage, a refused action, no reply, or the bot's own error reply. Piped runs exit non-zero on any. */
  get failures(): number {
    return this.#failures;
  }

  get text(): PlaygroundText {
    return playgroundText(this.language);
  }

  get #locale(): string {
    return this.language === 'en' ? 'en-US' : 'pt-BR';
  }

  prompt(): string {
    const { world } = this.#o;
    const who = this.actorId === world.users.you.id ? '' : `${world.userName(this.actorId)} `;
    return `${who}#${world.channelName(this.channelId)} › `;
  }

  /** Reads and handles lines until the end of input or a quit; returns when done (not closing the console). */
  async run(): Promise<void> {
    for (;;) {
      const line = await this.#o.console.next(this.prompt());
      if (line === null || this.#closing) return;
      if (this.#o.echo && line.trim() !== '') this.#notice(`${this.prompt()}${line}`, { dim: true });
      try {
        if ((await this.handle(line)) === 'quit') return;
      } catch (error) {
        if (this.#closing) return;
        this.#fail(this.text.failed(error instanceof Error ? error.message : String(error)));
      }
    }
  }

  /** Stops reacting to the server (before it closes). */
  close(): void {
    this.#closing = true;
    this.#detach();
  }

  async handle(line: string): Promise<'quit' | void> {
    const { world, server } = this.#o;
    const parsed = parseLine(line, world.commands(), world.directory());
    switch (parsed.kind) {
      case 'empty':
        return;
      case 'text':
        if (QUIT_WORDS.has(parsed.text.toLowerCase())) return 'quit';
        this.#notice(this.text.notACommand, { dim: true });
        return;
      case 'meta':
        return this.#meta(parsed.name, parsed.args);
      case 'help':
        this.#notice((parsed.command ? commandHelpLines(parsed.command, this.text, this.language) : helpLines(world.commands(), this.text, this.language)).join('\n'));
        return;
      case 'error': {
        this.#fail(`❌ ${describeProblem(parsed.problem, this.text)}`);
        const more = parsed.command
          ? usageLines(parsed.command, this.text, this.language).map((form) => `   ${this.text.usage}: ${form.usage}`)
          : [this.text.commandList(world.commands().map((c) => `/${c.name}`))];
        this.#notice(more.join('\n'));
        return;
      }
      case 'choices': {
        // Fixed choices are typed by value or name: show both.
        const shown = parsed.choices.map((c) => ({ ...c, name: c.name === String(c.value) ? c.name : `${String(c.value)} — ${c.name}` }));
        this.#notice(renderChoices(this.text.choicesTitle(parsed.option), shown, { ...this.#lineOptions(), empty: this.text.autocompleteNone }));
        return;
      }
      case 'autocomplete': {
        let choices;
        try {
          choices = await server.autocomplete({
            channelId: this.channelId,
            user: this.actorId,
            locale: this.#locale,
            name: parsed.invocation.name,
            ...subcommandOf(parsed.invocation),
            options: parsed.invocation.options,
            focused: parsed.focused,
          });
        } catch (error) {
          if (this.#closing) return;
          if (error instanceof UserActionError) return this.#fail(this.text.refused(error.message));
          if (error instanceof InteractionTimeoutError) return this.#fail(this.text.noTimely(Math.round(error.timeoutMs / 1000)));
          throw error;
        }
        this.#lastChoices = { invocation: parsed.invocation, focused: parsed.focused, choices };
        const title = this.text.autocompleteTitle(parsed.focused);
        this.#notice(renderChoices(title, choices, { ...this.#lineOptions(), empty: this.text.autocompleteNone, hint: this.text.autocompleteHint }));
        return;
      }
      case 'pick': {
        const last = this.#lastChoices;
        const choice = last?.choices[parsed.letter.charCodeAt(0) - 97];
        if (!last || !choice) {
          this.#notice(this.text.noSuchLetter(parsed.letter), { dim: true });
          return;
        }
        const invocation = { ...last.invocation, options: { ...last.invocation.options, [last.focused]: choice.value } };
        this.#notice(`→ /${[invocation.name, invocation.subcommandGroup, invocation.subcommand].filter(Boolean).join(' ')} ${last.focused}:${String(choice.value)}`, { dim: true });
        return this.#slash(invocation);
      }
      case 'command':
        return this.#slash(parsed.invocation);
      case 'click': {
        const control = this.#controls.get(parsed.number);
        if (!control) return this.#notice(this.#missing(parsed.number), { dim: true });
        if (control.kind !== 'button') return this.#notice(this.text.isSelect(parsed.number), { dim: true });
        return this.#interact(() => server.clickButton({ messageId: control.messageId, customId: control.customId, user: this.actorId, locale: this.#locale }));
      }
      case 'select': {
        const control = this.#controls.get(parsed.number);
        if (!control) return this.#notice(this.#missing(parsed.number), { dim: true });
        if (control.kind !== 'select') return this.#notice(this.text.isButton(parsed.number), { dim: true });
        const picked = resolvePicks(control, parsed.picks, world.directory());
        if ('bad' in picked) return this.#fail(this.text.badPick(picked.bad));
        return this.#interact(() =>
          server.selectOptions({ messageId: control.messageId, customId: control.customId, values: picked.values, user: this.actorId, locale: this.#locale }),
        );
      }
    }
  }

  #slash(invocation: Invocation): Promise<void> {
    return this.#interact(() =>
      this.#o.server.runSlashCommand({
        channelId: this.channelId,
        user: this.actorId,
        locale: this.#locale,
        name: invocation.name,
        ...subcommandOf(invocation),
        options: invocation.options,
      }),
    );
  }

  #meta(name: string, args: string): 'quit' | void {
    const { world } = this.#o;
    if (['sair', 'quit', 'exit', 'q'].includes(name)) return 'quit';
    if (['ajuda', 'help', 'h', '?'].includes(name)) {
      this.#notice(helpLines(world.commands(), this.text, this.language).join('\n'));
      return;
    }
    if (['canal', 'channel', 'c'].includes(name)) {
      const wanted = args.replace(/^#/, '').toLowerCase();
      const found = world.directory().channels.find((c) => c.name.toLowerCase() === wanted || c.id === wanted);
      if (!found) return this.#fail(this.text.unknownChannel(args || '?', world.directory().channels.map((c) => `#${c.name}`).join(', ')));
      this.channelId = found.id;
      return this.#notice(this.text.channelNow(`#${found.name}`), { dim: true });
    }
    if (['como', 'as', 'eu', 'user'].includes(name)) {
      const wanted = args.replace(/^@/, '').toLowerCase();
      const found = Object.values(world.users).find((u) => u.username === wanted || u.name.toLowerCase() === wanted || u.id === wanted);
      if (!found) return this.#fail(this.text.unknownMember(args || '?', Object.values(world.users).map((u) => `@${u.username}`).join(', ')));
      this.actorId = found.id;
      return this.#notice(this.text.actorNow(found.name), { dim: true });
    }
    if (['lang', 'idioma', 'language', 'lingua'].includes(name)) {
      this.language = /^en/i.test(args) ? 'en' : 'pt-BR';
      return this.#notice(this.text.languageNow, { dim: true });
    }
    this.#notice(this.text.unknownMeta, { dim: true });
  }

  /** Starts an interaction and follows it to its visible reply (or its modal). */
  async #interact(start: () => InteractionHandle): Promise<void> {
    let handle: InteractionHandle;
    try {
      handle = start();
    } catch (error) {
      if (error instanceof UserActionError) return this.#fail(this.text.refused(error.message));
      throw error;
    }
    let response;
    try {
      response = await handle.response;
    } catch (error) {
      if (this.#closing) return;
      if (error instanceof InteractionTimeoutError) return this.#fail(this.text.noTimely(Math.round(error.timeoutMs / 1000)));
      throw error;
    }
    if (response.type === InteractionResponseType.Modal) return this.#modal(handle, response.modal);
    if (response.type === InteractionResponseType.ApplicationCommandAutocompleteResult) return;
    const timeout = this.#o.replyTimeoutMs ?? 15_000;
    try {
      await handle.waitForReply(timeout);
    } catch (error) {
      if (this.#closing) return;
      this.#fail(error instanceof InteractionTimeoutError ? this.text.noTimely(Math.round(error.timeoutMs / 1000)) : this.text.noReply(Math.round(timeout / 1000)));
      return;
    }
    // Follow-ups usually come right after the reply; let them show before the next line.
    await this.quiet(150, 2000);
  }

  /** Asks for each field of a modal (the next input lines), then submits it. */
  async #modal(opener: InteractionHandle, modal: APIModalInteractionResponseCallbackData): Promise<void> {
    const { console: io } = this.#o;
    this.#notice(this.text.modalTitle(modal.title), { bold: true });
    if (io.interactive) this.#notice(this.text.modalHint, { dim: true });
    const values: Record<string, string | string[]> = {};
    for (const field of modalFields(modal)) {
      this.#notice(renderModalField(field, this.text, this.#lineOptions()));
      for (;;) {
        const typed = await io.next('    › ');
        if (typed === null || this.#closing || /^:(cancelar|cancel|sair|quit)$/i.test(typed.trim())) {
          this.#notice(this.text.modalCancelled, { dim: true });
          return;
        }
        if (this.#o.echo) this.#notice(`    › ${typed}`, { dim: true });
        if (typed === '' && field.value !== undefined) break; // keep the prefilled value
        const value = modalValue(field, typed);
        if (typeof value === 'object' && !Array.isArray(value)) {
          this.#fail(this.text.badPick(value.bad));
          if (io.interactive) continue;
          this.#notice(this.text.modalCancelled, { dim: true });
          return;
        }
        values[field.customId] = value;
        break;
      }
    }
    return this.#interact(() => this.#o.server.submitModal({ interaction: opener, values, user: this.actorId, locale: this.#locale }));
  }

  /** Resolves once no message was shown for `quietMs`, or after `maxMs`. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    const since = Date.now();
    this.#lastActivity = Math.max(this.#lastActivity, since);
    while (!this.#closing && Date.now() < deadline && Date.now() - this.#lastActivity < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, quietMs)));
    }
  }

  #onMessage(m: LocalMessage, updated: boolean): void {
    if (this.#closing) return;
    const { world, server } = this.#o;
    if (m.author.id !== server.botUser.id) return;
    if (((m.flags ?? 0) & MessageFlags.Loading) !== 0) {
      // Deferred: the reply shows once it has content; on a terminal, say that the bot is on it.
      if (!updated && this.#o.console.interactive) this.#notice(this.text.thinking(m.author.global_name ?? m.author.username), { dim: true });
      return;
    }
    this.#lastActivity = Date.now();
    if (m.local.interactionId !== null && BOT_FAILURE_REPLIES.has(m.content)) this.#failures++;
    const edited = updated && this.#shown.has(m.id);
    this.#shown.add(m.id);
    const visibleTo = m.local.ephemeral && m.local.visibleTo && m.local.visibleTo !== this.actorId ? world.userName(m.local.visibleTo) : undefined;
    const rendered = renderMessage(m, {
      ...this.#lineOptions(),
      language: this.language,
      text: this.text,
      names: world.names,
      now: Date.now(),
      channelName: world.channelName(m.channel_id),
      ...(visibleTo ? { visibleToName: visibleTo } : {}),
      edited,
      firstNumber: this.#nextNumber,
      savedFiles: this.#saveFiles(m),
    });
    if (updated) this.#forgetRemovedControls(m.id, new Set(rendered.controls.map((control) => control.customId)));
    for (const control of rendered.controls) this.#controls.set(control.number, control);
    this.#nextNumber += rendered.controls.length;
    this.#o.console.print(rendered.text);
  }

  /** An edited message keeps the numbers of the controls it still has; the others are gone. */
  #forgetRemovedControls(messageId: string, kept: ReadonlySet<string>): void {
    for (const [number, control] of this.#controls) {
      if (control.messageId !== messageId || kept.has(control.customId)) continue;
      this.#controls.delete(number);
      this.#gone.add(number);
    }
  }

  /** Writes the message's files under filesDir once; returns attachment id → path to show. */
  #saveFiles(m: LocalMessage): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const file of m.local.files) {
      let path = this.#saved.get(file.attachmentId);
      if (!path) {
        const safe = file.filename.replace(/[^\w.-]+/g, '_').slice(-80) || 'file';
        path = join(this.#o.filesDir, `${m.id}-${safe}`);
        try {
          mkdirSync(this.#o.filesDir, { recursive: true });
          writeFileSync(path, file.bytes);
        } catch (error) {
          this.#fail(this.text.failed(error instanceof Error ? error.message : String(error)));
          continue;
        }
        this.#saved.set(file.attachmentId, path);
      }
      const rel = relative(process.cwd(), path);
      shown[file.attachmentId] = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
    }
    return shown;
  }

  #missing(number: number): string {
    return this.#gone.has(number) ? this.text.goneNumber(number) : this.text.noSuchNumber(number);
  }

  #lineOptions() {
    return { width: this.width, color: this.#o.color };
  }

  /** An error line that makes a piped run end non-zero. */
  #fail(text: string): void {
    this.#failures++;
    this.#notice(text, { fg: 31 });
  }

  #notice(text: string, style: { dim?: boolean; bold?: boolean; fg?: number } = {}): void {
    this.#o.console.print(renderNotice(text, this.#lineOptions(), style));
  }
}

function subcommandOf(invocation: Invocation): { subcommandGroup?: string; subcommand?: string } {
  return {
    ...(invocation.subcommandGroup ? { subcommandGroup: invocation.subcommandGroup } : {}),
    ...(invocation.subcommand ? { subcommand: invocation.subcommand } : {}),
  };
}
