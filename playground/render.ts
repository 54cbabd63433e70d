/**
 * A Discord message as terminal text: who and where (ephemeral and edited marked), content, embeds (author,
 * title, description, fields, image, footer), attachments, and interactive components numbered for typing:
 * buttons `[1] Label`, select menus `[2] placeholder` with lettered options. Components V2 are shown too.
 * Pure: returns the text and the numbered controls; the caller keeps the numbering going.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import { SELECT_KINDS, letterOf, type Control, type ModalField, type SelectOption } from './controls.ts';
import { inline, markdownBlocks, formatTimestamp, type Block, type MarkdownContext, type MentionNames } from './markdown.ts';
import { displayWidth, paint, span, wrapSpans, type Span, type Style } from './spans.ts';
import type { Choice } from './parse.ts';
import type { PlaygroundLanguage, PlaygroundText } from './text.ts';

export interface RenderableMessage {
  id: string;
  author: { username: string; global_name?: string | null };
  content: string;
  embeds: readonly APIEmbed[];
  components?: readonly unknown[];
  attachments: ReadonlyArray<{ id: string; filename: string; size: number; url?: string }>;
  flags?: number;
  /** Set on replies to slash commands (`interaction.name`). */
  interaction?: { name: string } | null;
}

export interface RenderOptions {
  width: number;
  color: boolean;
  language: PlaygroundLanguage;
  text: PlaygroundText;
  names: MentionNames;
  now: number;
  timeZone?: string;
  channelName: string;
  /** Ephemeral messages: who sees it (undefined: "you"). */
  visibleToName?: string;
  edited?: boolean;
  /** First number for this message's controls. */
  firstNumber: number;
  /** Where attachments were saved, by attachment id (shown instead of the URL). */
  savedFiles?: Readonly<Record<string, string>>;
}

export interface Rendered {
  text: string;
  controls: Control[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const INDENT = '  ';
const BUTTON_COLORS: Partial<Record<number, number>> = { [ButtonStyle.Primary]: 34, [ButtonStyle.Success]: 32, [ButtonStyle.Danger]: 31 };

export function renderMessage(message: RenderableMessage, options: RenderOptions): Rendered {
  const r = new Renderer(message, options);
  return r.render();
}

class Renderer {
  readonly lines: Span[][] = [];
  readonly controls: Control[] = [];
  readonly md: MarkdownContext;
  next: number;

  constructor(
    readonly message: RenderableMessage,
    readonly o: RenderOptions,
  ) {
    this.md = { names: o.names, language: o.language, now: o.now, plain: !o.color, ...(o.timeZone ? { timeZone: o.timeZone } : {}) };
    this.next = o.firstNumber;
  }

  render(): Rendered {
    const { message: m, o } = this;
    const flags = m.flags ?? 0;
    const header: Span[] = [span(m.author.global_name ?? m.author.username, { bold: true, fg: 35 }), span(` ${o.text.in} #${o.channelName}`, { dim: true })];
    if (m.interaction?.name) header.push(span(` · /${m.interaction.name}`, { dim: true }));
    if ((flags & MessageFlags.Ephemeral) !== 0) header.push(span(` (${o.visibleToName ? o.text.onlyUser(o.visibleToName) : o.text.onlyYou})`, { fg: 33 }));
    if (o.edited) header.push(span(` (${o.text.edited})`, { dim: true }));
    this.lines.push(header);
    const body: Span[] = [span(INDENT)];
    if ((flags & MessageFlags.Loading) !== 0) this.lines.push([...body, span('…', { dim: true })]);
    if (m.content) this.blocks(markdownBlocks(m.content, this.md), body);
    if ((flags & MessageFlags.SuppressEmbeds) === 0) for (const embed of m.embeds) this.embed(embed);
    this.components(m.components ?? [], body);
    for (const a of m.attachments) {
      const where = o.savedFiles?.[a.id] ?? a.url ?? '';
      // Never wrapped: the path or URL must stay intact to copy.
      this.lines.push([...body, span(`📎 ${a.filename} (${size(a.size)})`), ...(where ? [span(`: ${where}`, { dim: true })] : [])]);
    }
    return { text: this.lines.map((l) => paint(l, o.color)).join('\n'), controls: this.controls };
  }

  /** Wraps spans to the width left after `prefix`; `hang` indents continuation lines. */
  wrapped(spans: Span[], prefix: Span[], hang = 0): void {
    const room = this.o.width - width(prefix);
    const [first, ...rest] = wrapSpans(spans, room);
    this.lines.push([...prefix, ...(first ?? [])]);
    if (rest.length === 0) return;
    const continuation = hang > 0 ? wrapSpans(rest.flatMap((l, i) => (i === 0 ? l : [span(' '), ...l])), room - hang) : rest;
    for (const line of continuation) this.lines.push([...prefix, ...(hang > 0 ? [span(' '.repeat(hang))] : []), ...line]);
  }

  blocks(blocks: Block[], prefix: Span[]): void {
    for (const block of blocks) {
      if (block.kind === 'code') {
        for (const line of block.lines) this.lines.push([...prefix, span(`    ${line.replace(/\t/g, '    ')}`, { fg: 36 })]);
        continue;
      }
      const lead = block.quote ? [...prefix, span('│ ', { dim: true })] : prefix;
      if (block.spans.every((s) => s.text.trim() === '')) {
        this.lines.push([...lead]);
        continue;
      }
      // Paragraphs keep their line breaks; each line wraps on its own.
      for (const line of splitLines(block.spans)) {
        if (line.length === 0) this.lines.push([...lead]);
        else this.wrapped(line, lead, block.indent);
      }
    }
  }

  embed(e: APIEmbed): void {
    const bar = [span(INDENT), span('┃ ', e.color !== undefined && e.color !== 0 ? { rgb: e.color } : { dim: true })];
    const start = this.lines.length;
    if (e.author?.name) this.wrapped(inline(e.author.name, this.md, { dim: true, bold: true }), bar);
    if (e.title) this.wrapped([...inline(e.title, this.md, { bold: true }), ...(e.url ? [span(` (${e.url})`, { dim: true })] : [])], bar);
    if (e.description) this.blocks(markdownBlocks(e.description, this.md), bar);
    for (const field of e.fields ?? []) {
      if (this.lines.length > start) this.lines.push([...bar]);
      this.wrapped(inline(field.name, this.md, { bold: true }), bar);
      this.blocks(markdownBlocks(field.value, this.md), bar);
    }
    for (const [label, url] of [['🖼', e.image?.url], ['🖼', e.thumbnail?.url]] as const) {
      if (!url) continue;
      const attached = /^attachment:\/\/(.+)$/.exec(url)?.[1];
      const saved = attached ? this.savedByName(attached) : undefined;
      this.lines.push([...bar, span(`${label} ${saved ?? attached ?? url}`, { dim: true })]);
    }
    const footer = [e.footer?.text, e.timestamp ? formatTimestamp(Date.parse(e.timestamp), 'f', this.md) : undefined].filter(Boolean).join(' · ');
    if (footer) {
      if (this.lines.length > start) this.lines.push([...bar]);
      this.wrapped(inline(footer, this.md, { dim: true }), bar);
    }
  }

  savedByName(filename: string): string | undefined {
    const attachment = this.message.attachments.find((a) => a.filename === filename);
    return attachment ? this.o.savedFiles?.[attachment.id] : undefined;
  }

  components(nodes: readonly unknown[], prefix: Span[]): void {
    for (const node of nodes) {
      if (!isRecord(node)) continue;
      switch (node.type) {
        case ComponentType.ActionRow:
          this.row(Array.isArray(node.components) ? node.components.filter(isRecord) : [], prefix);
          break;
        case ComponentType.TextDisplay:
          this.blocks(markdownBlocks(String(node.content ?? ''), this.md), prefix);
          break;
        case ComponentType.Section: {
          for (const child of Array.isArray(node.components) ? node.components : []) this.components([child], prefix);
          if (isRecord(node.accessory)) this.components([node.accessory], prefix);
          break;
        }
        case ComponentType.Thumbnail:
          if (isRecord(node.media)) this.wrapped([span(`🖼 ${String(node.media.url)}`, { dim: true })], prefix);
          break;
        case ComponentType.MediaGallery:
          for (const item of Array.isArray(node.items) ? node.items.filter(isRecord) : []) {
            if (isRecord(item.media)) this.wrapped([span(`🖼 ${String(item.media.url)}`, { dim: true })], prefix);
          }
          break;
        case ComponentType.File:
          if (isRecord(node.file)) this.wrapped([span(`📎 ${String(node.file.url).replace(/^attachment:\/\//, '')}`, { dim: true })], prefix);
          break;
        case ComponentType.Separator:
          this.lines.push([...prefix]);
          break;
        case ComponentType.Container: {
          const color = typeof node.accent_color === 'number' ? node.accent_color : undefined;
          const bar = [...prefix, span('┃ ', color ? { rgb: color } : { dim: true })];
          this.components(Array.isArray(node.components) ? node.components : [], bar);
          break;
        }
        case ComponentType.Button:
        case ComponentType.StringSelect:
        case ComponentType.UserSelect:
        case ComponentType.RoleSelect:
        case ComponentType.ChannelSelect:
        case ComponentType.MentionableSelect:
          this.row([node], prefix);
          break;
        default:
          break;
      }
    }
  }

  /** Buttons packed on lines (a label is never split unless it alone is too wide); each select on its own lines. */
  row(items: Json[], prefix: Span[]): void {
    let line: Span[] = [];
    const room = this.o.width - width(prefix);
    // A button too wide for a line wraps under its label, past the "[n] ".
    const flush = () => {
      if (line.length > 0 && width(line) <= room) this.lines.push([...prefix, ...line]);
      else if (line.length > 0) this.wrapped(line, prefix, /^\[\d+\]$/.test(line[0]!.text) ? line[0]!.text.length + 1 : 0);
      line = [];
    };
    for (const item of items) {
      if (item.type === ComponentType.Button) {
        const spans = this.button(item);
        if (spans.length === 0) continue;
        if (line.length > 0 && width(line) + 3 + width(spans) > room) flush();
        line.push(...(line.length > 0 ? [span('   ')] : []), ...spans);
      } else if (SELECT_KINDS[item.type as number]) {
        flush();
        this.select(item, prefix);
      }
    }
    flush();
  }

  button(b: Json): Span[] {
    const emoji = isRecord(b.emoji) && typeof b.emoji.name === 'string' ? `${b.emoji.id ? `:${b.emoji.name}:` : b.emoji.name} ` : '';
    const label = `${emoji}${typeof b.label === 'string' ? b.label : ''}`.trim() || '…';
    if (b.style === ButtonStyle.Link) return [span(`🔗 ${label}`, { underline: true }), span(` ${String(b.url)}`, { dim: true })];
    if (b.style === ButtonStyle.Premium) return [];
    if (b.disabled === true || typeof b.custom_id !== 'string') return [span(`[–] ${label} (${this.o.text.disabled})`, { dim: true })];
    const number = this.next++;
    this.controls.push({ number, kind: 'button', messageId: this.message.id, customId: b.custom_id, label });
    const color = BUTTON_COLORS[b.style as number];
    return [span(`[${number}]`, { bold: true }), span(` ${label}`, color !== undefined ? { fg: color } : {})];
  }

  select(s: Json, prefix: Span[]): void {
    const kind = SELECT_KINDS[s.type as number]!;
    const min = typeof s.min_values === 'number' ? s.min_values : 1;
    const max = typeof s.max_values === 'number' ? s.max_values : 1;
    const placeholder = typeof s.placeholder === 'string' ? s.placeholder : '';
    const options: SelectOption[] =
      kind === 'string' && Array.isArray(s.options)
        ? s.options.filter(isRecord).map((o, i) => ({
            letter: letterOf(i),
            value: String(o.value),
            label: `${isRecord(o.emoji) && typeof o.emoji.name === 'string' ? `${o.emoji.name} ` : ''}${String(o.label)}`,
            ...(typeof o.description === 'string' ? { description: o.description } : {}),
            ...(o.default === true ? { default: true } : {}),
          }))
        : [];
    const { text } = this.o;
    if (s.disabled === true || typeof s.custom_id !== 'string') {
      this.wrapped([span(`[–] ${placeholder} (${text.disabled})`, { dim: true })], prefix);
      return;
    }
    const number = this.next++;
    this.controls.push({ number, kind: 'select', messageId: this.message.id, customId: s.custom_id, selectKind: kind, placeholder, options, min, max });
    const hint = kind === 'string' ? text.selectHint(min, max) : text.selectTyped(text.selectKinds[kind] ?? kind);
    const head = [span(`[${number}]`, { bold: true }), span(` ${placeholder || '…'}`), span(` (${hint})`, { dim: true })];
    // Labels that already start with their letter ("A) nbd", as quiz answers do) are shown as they are.
    const lettered = options.length > 0 && options.every((opt) => opt.label.toLowerCase().startsWith(`${opt.letter})`));
    const show = (opt: SelectOption) => (lettered ? [span(opt.label), ...(opt.default ? [span(' ✓', { dim: true })] : [])] : optionSpans(opt));
    const inlineOptions = options.flatMap((opt, i) => [...(i > 0 ? [span('  ')] : []), ...show(opt)]);
    const room = this.o.width - width(prefix);
    if (options.length > 0 && options.every((opt) => !opt.description) && width(head) + 2 + width(inlineOptions) <= room) {
      this.lines.push([...prefix, ...head, span(': '), ...inlineOptions]);
      return;
    }
    this.wrapped([...head, span(options.length > 0 ? ':' : '')], prefix);
    for (const opt of options) {
      const spans = [...show(opt), ...(opt.description ? [span(` — ${opt.description}`, { dim: true })] : [])];
      this.wrapped(spans, [...prefix, span('    ')], 3);
    }
  }
}

function optionSpans(opt: SelectOption): Span[] {
  return [span(`${opt.letter})`, { bold: true }), span(` ${opt.label}`), ...(opt.default ? [span(' ✓', { dim: true })] : [])];
}

function width(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + displayWidth(s.text), 0);
}

/** Spans split at newlines into lines of spans. */
function splitLines(spans: readonly Span[]): Span[][] {
  const lines: Span[][] = [[]];
  for (const s of spans) {
    const parts = s.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines.at(-1)!.push({ ...s, text: part });
    });
  }
  return lines;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface LineOptions {
  width: number;
  color: boolean;
}

/** A block of playground text (help, notices), wrapped, with an optional style. */
export function renderNotice(text: string, options: LineOptions, style: Style = {}): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const lead = /^\s*/.exec(line)![0];
      // Lists hang after their marker; a "/command — description" line hangs under the description's start.
      const hang = /^(\s*(?:[-•]|\w+\)|\[\d+\])\s+)/.exec(line)?.[1]?.length ?? (line.slice(lead.length).startsWith('/') ? lead.length + 4 : lead.length);
      const [first, ...rest] = wrapSpans([span(line.slice(lead.length), style)], options.width - lead.length);
      const again = rest.length > 0 ? wrapSpans(rest.flatMap((l, i) => (i === 0 ? l : [span(' '), ...l])), options.width - hang) : [];
      return [[span(lead), ...(first ?? [])], ...again.map((l) => [span(' '.repeat(hang)), ...l])];
    })
    .map((line) => paint(line, options.color))
    .join('\n');
}

/** Autocomplete suggestions or fixed choices, lettered. */
export function renderChoices(title: string, choices: readonly Choice[], options: LineOptions & { hint?: string; empty: string }): string {
  const lines: Span[][] = [[span(title, { bold: true })]];
  if (choices.length === 0) lines.push([span(`  ${options.empty}`, { dim: true })]);
  choices.forEach((choice, i) => {
    // Like Discord, only the name is shown; the value is what gets sent.
    for (const [j, line] of wrapSpans([span(choice.name)], options.width - 5).entries()) {
      lines.push([span(j === 0 ? `  ${letterOf(i)}) ` : '     ', j === 0 ? { bold: true } : {}), ...line]);
    }
  });
  if (options.hint && choices.length > 0) lines.push([span(options.hint, { dim: true })]);
  return lines.map((line) => paint(line, options.color)).join('\n');
}

/** The heading of a modal and the prompt of one of its fields. */
export function renderModalField(field: ModalField, text: PlaygroundText, options: LineOptions): string {
  const lines: Span[][] = [[span(`  ${text.modalField(field.label, field.required)}`, { bold: true })]];
  const details = [field.description, field.placeholder ? `“${field.placeholder}”` : undefined, field.minLength !== undefined || field.maxLength !== undefined ? text.modalChars(field.minLength, field.maxLength) : undefined]
    .filter(Boolean)
    .join(' · ');
  if (details) for (const l of wrapSpans([span(details, { dim: true })], options.width - 4)) lines.push([span('    '), ...l]);
  if (field.value) lines.push([span(`    = ${field.value}`, { dim: true })]);
  for (const opt of field.options ?? []) lines.push([span('    '), ...optionSpans(opt)]);
  return lines.map((line) => paint(line, options.color)).join('\n');
}
