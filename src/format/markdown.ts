/**
 * Notes text → Discord markdown. Shell prompts ("# xl list") and configuration lines go into code blocks,
 * because Discord would otherwise render "# …" as a heading and eat "*" and "_". Prose is escaped.
 */
import type { Entry, EntryKind } from '../notes/types.ts';
import { cutText } from './text.ts';

const CODE_KINDS: ReadonlySet<EntryKind> = new Set(['code']);
const SHELL_PROMPT = /^\s*[#$]\s+\S/;
const CONFIG_LINE = /^\s*[\w.-]+\s*=\s*\S|^\s*-{1,2}[a-z][\w-]*(\s|=|,|$)|^\s*<\/?[a-z][^>]*>\s*$/i;
const SEPARATOR = /^\s*-{3,}\s*$/;

/**
 * The one markdown escaper: whatever goes in shows literally. Inline markers (bold, italics, underline, strike,
 * code, spoilers), masked-link brackets and angle brackets (mentions, timestamps, custom emoji) anywhere; block
 * markers (headings, `-#` subtext, quotes, lists) at a line start. Links stay clickable only with `keepLinks`
 * (the group's own notes); in text users typed, a URL is made inert so a query cannot post a live link.
 * Mentions are also disabled on every message sent (`allowedMentions`); this only keeps them from rendering.
 */
export function escapeMarkdown(text: string, options: { keepLinks?: boolean } = {}): string {
  const escaped = text
    .replace(/[\\*_~`|[\]<>]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([#>+-]|\d+(?=[.)](?:\s|$)))/gm, (_, indent: string, marker: string) =>
      /\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
    );
  return options.keepLinks ? escaped : escaped.replace(/:(?=\/\/)/g, '\\:');
}

/** Code fences must not be closed by the content itself. */
function fence(lines: string[]): string {
  const body = lines.join('\n').replace(/```/g, '`\u200b``');
  return `\`\`\`\n${body}\n\`\`\``;
}

export function isCodeLine(line: string): boolean {
  return SHELL_PROMPT.test(line) || CONFIG_LINE.test(line) || SEPARATOR.test(line);
}

/** Command output right below a command: tabular (tabs or runs of spaces) or a single bare token ("Domain-0"). */
function isOutputLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || /^[•*]/.test(trimmed)) return false;
  return /\S(\t| {2,})\S/.test(trimmed) || /^\S+$/.test(trimmed);
}

/** Markdown for an entry's text: code kinds fenced whole, other kinds fenced line group by line group. */
export function formatEntryText(entry: Pick<Entry, 'kind' | 'text'>): string {
  const lines = entry.text.replace(/\t/g, '    ').split('\n');
  if (CODE_KINDS.has(entry.kind)) {
    const captionEnd = lines.findIndex((line) => isCodeLine(line));
    if (captionEnd > 0) return `${escapeMarkdown(lines.slice(0, captionEnd).join('\n').trim(), { keepLinks: true })}\n${fence(trimBlank(lines.slice(captionEnd)))}`;
    return fence(trimBlank(lines));
  }
  const out: string[] = [];
  let code: string[] = [];
  const flush = () => {
    if (code.length > 0) out.push(fence(code));
    code = [];
  };
  for (const line of lines) {
    if (isCodeLine(line) || (code.length > 0 && isOutputLine(line))) {
      code.push(line.trimEnd());
      continue;
    }
    flush();
    if (line.trim() === '') {
      if (out.at(-1) !== '') out.push('');
      continue;
    }
    out.push(escapeMarkdown(line.replace(/^(\s*)•\s*/, (_, indent: string) => `${indent}• `).trimEnd(), { keepLinks: true }));
  }
  flush();
  return out.join('\n').trim();
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).map((line) => line.trimEnd());
}

/**
 * Splits markdown into pieces of at most `max` characters, at line boundaries, never inside a code block
 * (a block that must be cut is closed and reopened). A single over-long line is cut hard, between graphemes.
 */
export function splitMarkdown(markdown: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let inCode = false;
  const reserve = 8; // room to close and reopen a fence
  for (const rawLine of markdown.split('\n')) {
    let line = rawLine;
    while (line.length > max - reserve) {
      // At a grapheme boundary; only a lone grapheme longer than the room (absurd) is split, by code point.
      const head = cutText(line, max - reserve) || line.slice(0, line.codePointAt(0)! > 0xffff ? 2 : 1);
      pushLine(head);
      line = line.slice(head.length);
    }
    pushLine(line);
  }
  if (current.trim() !== '') pieces.push(inCode ? `${current}\n\`\`\`` : current);
  return pieces;

  function pushLine(line: string): void {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length + (inCode ? 4 : 0) > max) {
      pieces.push(inCode ? `${current}\n\`\`\`` : current);
      current = inCode ? `\`\`\`\n${line}` : line;
    } else {
      current = candidate;
    }
    if (line.startsWith('```')) inCode = !inCode;
  }
}
