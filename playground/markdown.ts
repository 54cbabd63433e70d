/**
 * Discord markdown, lightly, for a terminal: bold, italics, underline, strikethrough, inline code, spoilers,
 * escapes, headings, subtext, quotes, lists, code blocks (kept verbatim, indented), links, mentions, custom emoji
 * and `<t:…>` timestamps. Produces blocks of spans; wrapping and painting happen elsewhere.
 */
import { span, type Span, type Style } from './spans.ts';
import type { PlaygroundLanguage } from './text.ts';

export type Block =
  /** Prose: wrap it. `indent` is the hanging indent of list items (columns after the bullet). */
  | { kind: 'text'; spans: Span[]; quote: boolean; indent: number }
  /** A fenced code block: print the lines as they are. */
  | { kind: 'code'; lines: string[]; language: string };

export interface MentionNames {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

export interface MarkdownContext {
  names: MentionNames;
  language: PlaygroundLanguage;
  /** For relative timestamps (`<t:…:R>`). */
  now: number;
  /** IANA zone for timestamps (default: the process's). */
  timeZone?: string;
  /** No colours: inline code keeps its backticks so it still stands out. */
  plain?: boolean;
}

export function markdownBlocks(markdown: string, ctx: MarkdownContext): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let quoteRest = false;
  let prose: string[] = [];
  let proseQuote = false;
  const flushProse = () => {
    if (prose.length > 0) blocks.push({ kind: 'text', spans: inline(prose.join('\n'), ctx), quote: proseQuote, indent: 0 });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    let quote = quoteRest;
    if (!quoteRest && line.startsWith('>>> ')) {
      quoteRest = true;
      quote = true;
      line = line.slice(4);
    } else if (!quoteRest && (line.startsWith('> ') || line === '>')) {
      quote = true;
      line = line.slice(2);
    }
    const fence = /^\s*```(\S*)(.*)$/.exec(line);
    if (fence) {
      flushProse();
      const code: string[] = [];
      // Discord also allows ```code``` on one line.
      const sameLine = /^\s*```(.*?)```\s*$/.exec(line);
      if (sameLine && line.trim().length > 6) {
        blocks.push({ kind: 'code', lines: [sameLine[1]!], language: '' });
        continue;
      }
      if (fence[2]!.trim() !== '') code.push(fence[2]!);
      let j = i + 1;
      for (; j < lines.length; j++) {
        const inner = quote && lines[j]!.startsWith('> ') ? lines[j]!.slice(2) : lines[j]!;
        const end = inner.indexOf('```');
        if (end !== -1) {
          if (inner.slice(0, end).trim() !== '') code.push(inner.slice(0, end));
          break;
        }
        code.push(inner);
      }
      blocks.push({ kind: 'code', lines: code.map((l) => l.replace(/`\u200b``/g, '```')), language: fence[1] ?? '' });
      i = j;
      continue;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const subtext = /^-# (.*)$/.exec(line);
    const item = /^(\s*)([-*]|\d+[.)]) (.*)$/.exec(line);
    if (heading || subtext || item) {
      flushProse();
      if (heading) blocks.push({ kind: 'text', spans: inline(heading[2]!, ctx, { bold: true }), quote, indent: 0 });
      else if (subtext) blocks.push({ kind: 'text', spans: inline(subtext[1]!, ctx, { dim: true }), quote, indent: 0 });
      else {
        const [, lead = '', marker = '', body = ''] = item!;
        const bullet = /^[-*]$/.test(marker) ? '•' : marker;
        const prefix = `${' '.repeat(Math.min(lead.length, 8))}${bullet} `;
        blocks.push({ kind: 'text', spans: [span(prefix), ...inline(body, ctx)], quote, indent: prefix.length });
      }
      continue;
    }
    if (prose.length > 0 && quote !== proseQuote) flushProse();
    proseQuote = quote;
    prose.push(line);
  }
  flushProse();
  return blocks;
}

type ToggleKey = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler';
const TOGGLES: Array<{ marker: string; key: ToggleKey }> = [
  { marker: '***', key: 'bold' }, // handled specially below (bold + italic)
  { marker: '**', key: 'bold' },
  { marker: '__', key: 'underline' },
  { marker: '~~', key: 'strike' },
  { marker: '||', key: 'spoiler' },
  { marker: '*', key: 'italic' },
  { marker: '_', key: 'italic' },
];

/** Inline markdown → spans. Unmatched markers stay as text ("5 * 3"). */
export function inline(text: string, ctx: MarkdownContext, base: Style = {}): Span[] {
  const out: Span[] = [];
  const active: Partial<Record<ToggleKey, string>> = {};
  let buffer = '';
  const style = (): Style => ({
    ...base,
    ...(active.bold ? { bold: true } : {}),
    ...(active.italic ? { italic: true } : {}),
    ...(active.underline ? { underline: true } : {}),
    ...(active.strike ? { strike: true } : {}),
    ...(active.spoiler ? { dim: true } : {}),
  });
  const flush = () => {
    if (buffer !== '') out.push(span(buffer, style()));
    buffer = '';
  };
  const emit = (t: string, extra: Style = {}) => {
    flush();
    out.push(span(t, { ...style(), ...extra }));
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i);
    if (ch === '\\' && i + 1 < text.length && /[^\p{L}\p{N}\s]/u.test(text[i + 1]!)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end !== -1) {
        const code = text.slice(i + ticks.length, end).replace(/^ (.*) $/, '$1');
        emit(ctx.plain ? `\`${code}\`` : code, { code: true });
        i = end + ticks.length;
        continue;
      }
    }
    if (ch === '<') {
      const token = /^<(@!?|@&|#|t:|a?:|\/|https?:\/\/)([^<>\s]*)>/.exec(rest);
      const rendered = token ? mention(token[1]!, token[2]!, ctx) : undefined;
      if (token && rendered !== undefined) {
        emit(rendered, token[1]!.startsWith('http') ? { underline: true } : { bold: true });
        i += token[0].length;
        continue;
      }
    }
    if (ch === 'h') {
      // A link to a message or channel of this server reads as "#quiz › mensagem".
      const link = /^https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/channels\/\d+\/(\d+)(\/\d+)?/.exec(rest);
      const channel = link ? ctx.names.channel(link[1]!) : undefined;
      if (link && channel && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) {
        emit(`#${channel}${link[2] ? ` › ${ctx.language === 'en' ? 'message' : 'mensagem'}` : ''}`, { bold: true });
        i += link[0].length;
        continue;
      }
    }
    if (ch === '[') {
      const link = /^\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/.exec(rest);
      if (link) {
        emit(link[1]!, { underline: true });
        emit(` (${link[2]})`, { dim: true });
        i += link[0].length;
        continue;
      }
    }
    const toggle = TOGGLES.find((t) => rest.startsWith(t.marker));
    if (toggle && canToggle(text, i, toggle.marker, active[toggle.key] === toggle.marker)) {
      flush();
      if (toggle.marker === '***') {
        const on = !(active.bold && active.italic);
        active.bold = on ? '***' : undefined;
        active.italic = on ? '***' : undefined;
      } else if (active[toggle.key] === toggle.marker) active[toggle.key] = undefined;
      else if (!active[toggle.key]) active[toggle.key] = toggle.marker;
      else {
        buffer += toggle.marker;
      }
      i += toggle.marker.length;
      continue;
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

/** A marker opens only if it closes later on; `_` and `*` italics need word boundaries like Discord's. */
function canToggle(text: string, i: number, marker: string, closing: boolean): boolean {
  if (closing) {
    if (marker === '_' && /[\p{L}\p{N}]/u.test(text[i + 1] ?? '')) return false;
    return true;
  }
  const after = text[i + marker.length] ?? '';
  if (after === '' || /\s/.test(after)) return false;
  if (marker === '_' && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) return false;
  const close = text.indexOf(marker, i + marker.length + 1);
  if (close === -1) return false;
  // The closing marker must not be the start of a longer marker run of the same character ("**" vs "*").
  if (marker === '*' && text[close + 1] === '*' && text.indexOf('*', close + 2) === -1) return false;
  return text.slice(i + marker.length, close).split('\n').length <= 8;
}

function mention(kind: string, body: string, ctx: MarkdownContext): string | undefined {
  switch (kind) {
    case '@':
    case '@!':
      return /^\d+$/.test(body) ? `@${ctx.names.user(body) ?? body}` : undefined;
    case '@&':
      return /^\d+$/.test(body) ? `@${ctx.names.role(body) ?? body}` : undefined;
    case '#':
      return /^\d+$/.test(body) ? `#${ctx.names.channel(body) ?? body}` : undefined;
    case ':':
    case 'a:': {
      const name = /^([\w~]+):\d+$/.exec(body)?.[1];
      return name ? `:${name}:` : undefined;
    }
    case '/': {
      const name = /^([^:]+):\d+$/.exec(body)?.[1];
      return name ? `/${name}` : undefined;
    }
    case 't:': {
      const [seconds, style = 'f'] = body.split(':');
      const ms = Number(seconds) * 1000;
      return Number.isFinite(ms) && seconds !== '' ? formatTimestamp(ms, style, ctx) : undefined;
    }
    default:
      return `${kind}${body}`;
  }
}

/** `<t:unix:style>` as Discord shows it, in the reader's language. */
export function formatTimestamp(ms: number, style: string, ctx: Pick<MarkdownContext, 'language' | 'now' | 'timeZone'>): string {
  const locale = ctx.language === 'en' ? 'en-US' : 'pt-BR';
  const zone = ctx.timeZone ? { timeZone: ctx.timeZone } : {};
  const date = new Date(ms);
  switch (style) {
    case 't':
      return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', ...zone }).format(date);
    case 'T':
      return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', ...zone }).format(date);
    case 'd':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'short', ...zone }).format(date);
    case 'D':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...zone }).format(date);
    case 'F':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', ...zone }).format(date);
    case 'R':
      return relative(ms - ctx.now, locale);
    default:
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', ...zone }).format(date);
  }
}

function relative(deltaMs: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = Math.round(deltaMs / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(seconds, 'second');
}
