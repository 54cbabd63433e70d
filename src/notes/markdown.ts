/**
 * Parser for Markdown notes (.md). The highest heading level in the file marks topics: "# 330.2 Xen (Peso 9)" gives
 * topic 330.2 "Xen" weight 9; a heading without a code becomes a topic named after it. Deeper headings are sections.
 * Blocks: fenced code, pipe tables (one entry per row), list items ("**Term**: definition", "`cmd` — what it does"),
 * paragraphs. "Key Knowledge Areas" / "Terms and Utilities" lists fill the topic's objectives and terms.
 */
import type { DraftDocument, DraftEntry, DraftSection, DraftTopic } from './draft.ts';
import type { EntryKind } from './types.ts';
import { NotesError } from './errors.ts';
import { lastNonBlank, nonBlankLines, sectionsUnder } from './sections.ts';
import { commandIdentifiers, configKeys, pathsIn, unique } from './identifiers.ts';
import { firstSentence, slugify, truncate } from './text.ts';

const HEADING_RE = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE_RE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const ITEM_RE = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;
const TABLE_RE = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR_RE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const TOPIC_CODE_RE = /^(\d{3}\.\d{1,2})\b[\s:—–_-]*(.*)$/;
const TITLE_WEIGHT_RE = /\s*[-—–(]*\s*(?:peso|weight)\s*:?\s*(\d+)\s*\)?\s*$/i;
const WEIGHT_LINE_RE = /^\s*\**(?:weight|peso)\**\s*:\s*\**\s*(\d+)/i;
const OBJECTIVES_RE = /key knowledge areas|objetivos/i;
const TERMS_RE = /terms and utilities|used files, terms and utilities|termos e utilit/i;

interface Heading {
  line: number;
  level: number;
  text: string;
}

export function parseMarkdown(text: string, source: string): DraftDocument {
  const lines = text.split(/\r?\n/);
  const fenced = fencedLines(lines, source);
  const headings: Heading[] = [];
  lines.forEach((line, i) => {
    if (fenced[i]) return;
    const match = HEADING_RE.exec(line);
    if (match && match[2]!.trim()) headings.push({ line: i, level: match[1]!.length, text: stripInline(match[2]!) });
  });
  if (headings.length === 0) {
    const first = lines.findIndex((line) => line.trim() !== '');
    throw new NotesError(source, first + 1, "no heading found: Markdown notes need a '#' heading for each topic (e.g. '# 330.2 Xen')");
  }

  const topicLevel = Math.min(...headings.map((heading) => heading.level));
  const doc: DraftDocument = { header: null, topics: [], sections: [], entries: [] };
  const firstTopicLine = headings.find((heading) => heading.level === topicLevel)!.line;
  const before = nonBlankLines(lines, 0, firstTopicLine - 1);
  if (before.length > 0) {
    doc.header = { title: truncate(stripInline(lines[before[0]!]!), 100), lineStart: before[0]! + 1, lineEnd: before.at(-1)! + 1 };
  }

  const topicHeadings = headings.filter((heading) => heading.level === topicLevel);
  const usedTopicIds = new Set<string>();
  topicHeadings.forEach((heading, k) => {
    const end = lastNonBlank(lines, heading.line, (topicHeadings[k + 1]?.line ?? lines.length) - 1);
    const topic = makeTopic(heading, end, usedTopicIds);
    doc.topics.push(topic);
    const inner = headings.filter((h) => h.line > heading.line && h.line <= end);
    let root: DraftSection | null = null;
    const firstInner = inner[0]?.line ?? end + 1;
    if (nonBlankLines(lines, heading.line + 1, firstInner - 1).length > 0) {
      root = { topicId: topic.id, path: [], title: topic.title, lineStart: heading.line + 1, lineEnd: lastNonBlank(lines, heading.line, firstInner - 1) + 1 };
      doc.sections.push(root);
      segment(lines, fenced, heading.line + 1, firstInner - 1, root, topic, doc);
    }
    const subHeadings = inner.map((h) => ({ line: h.line, level: h.level, title: h.text }));
    for (const { section, from, to } of sectionsUnder(lines, topic.id, subHeadings, end)) {
      doc.sections.push(section);
      segment(lines, fenced, from, to, section, topic, doc);
    }
  });
  return doc;
}

function makeTopic(heading: Heading, end: number, used: Set<string>): DraftTopic {
  let title = heading.text;
  let weight: number | null = null;
  const weightMatch = TITLE_WEIGHT_RE.exec(title);
  if (weightMatch && weightMatch.index > 0) {
    weight = Number(weightMatch[1]);
    title = title.slice(0, weightMatch.index).trim();
  }
  const code = TOPIC_CODE_RE.exec(title);
  let id = code ? code[1]! : slugify(title, 24) || 'topic';
  if (code) title = code[2]!.replace(/_/g, ' ').trim() || code[1]!;
  if (used.has(id)) {
    let n = 2;
    while (used.has(`${id}-${n}`)) n++;
    id = `${id}-${n}`;
  }
  used.add(id);
  return { id, title, weight, objectives: [], terms: [], lineStart: heading.line + 1, lineEnd: end + 1 };
}

type Block =
  | { type: 'code'; start: number; end: number; lang: string }
  | { type: 'table'; start: number; end: number }
  | { type: 'item'; start: number; end: number; text: string }
  | { type: 'para'; start: number; end: number };

function segment(
  lines: string[],
  fenced: boolean[],
  from: number,
  to: number,
  section: DraftSection,
  topic: DraftTopic,
  doc: DraftDocument,
): void {
  const blocks = scan(lines, fenced, from, to);
  const push = (kind: EntryKind, title: string, start: number, end: number, text: string, identifiers: string[], slug?: string): void => {
    const entry: DraftEntry = { section, kind, title: truncate(title, 100), text, identifiers: unique(identifiers), lineStart: start + 1, lineEnd: end + 1 };
    if (slug) entry.slug = slug;
    doc.entries.push(entry);
  };
  const listContext = OBJECTIVES_RE.test(section.title) ? 'objectives' : TERMS_RE.test(section.title) ? 'terms' : null;

  for (let k = 0; k < blocks.length; k++) {
    const current = blocks[k]!;
    const next = blocks[k + 1];
    const text = join(lines, current.start, current.end);

    if (current.type === 'para') {
      const weight = WEIGHT_LINE_RE.exec(lines[current.start]!);
      if (weight && topic.weight === null) topic.weight = Number(weight[1]);
      const caption = text.trim().endsWith(':') && current.end === current.start;
      // A one-line caption followed by a list, code block or table is that block's caption.
      if (caption && next && next.type !== 'para') {
        const captionKind = OBJECTIVES_RE.test(text) ? 'objectives' : TERMS_RE.test(text) ? 'terms' : null;
        if (next.type === 'item') {
          let last = k + 1;
          while (blocks[last + 1]?.type === 'item') last++;
          const items = blocks.slice(k + 1, last + 1) as Extract<Block, { type: 'item' }>[];
          collect(topic, captionKind, items);
          const end = items.at(-1)!.end;
          push('list', stripInline(text).replace(/:$/, ''), current.start, end, join(lines, current.start, end), pathsIn(join(lines, current.start, end)));
          k = last;
          continue;
        }
        if (next.type === 'code') {
          pushCode(lines, current.start, next, stripInline(text).replace(/:$/, ''), push);
          k++;
          continue;
        }
        if (next.type === 'table') {
          pushTable(lines, next, text.trim(), current.start, push);
          k++;
          continue;
        }
      }
      const paths = pathsIn(text);
      const isPath = text.length <= 600 && paths.length > 0 && /arquivo|diret[óo]rio|config|file/i.test(text);
      const sentence = truncate(firstSentence(stripInline(text)), 90);
      push(isPath ? 'path' : 'paragraph', isPath ? `${paths.join(', ')} — ${sentence}` : sentence, current.start, current.end, text, paths);
    } else if (current.type === 'code') {
      pushCode(lines, null, current, '', push);
    } else if (current.type === 'table') {
      pushTable(lines, current, '', null, push);
    } else {
      if (listContext) {
        let last = k;
        while (blocks[last + 1]?.type === 'item') last++;
        const items = blocks.slice(k, last + 1) as Extract<Block, { type: 'item' }>[];
        collect(topic, listContext, items);
        const end = items.at(-1)!.end;
        push('list', section.title, current.start, end, join(lines, current.start, end), []);
        k = last;
        continue;
      }
      pushItem(lines, current, push);
    }
  }
}

type Push = (kind: EntryKind, title: string, start: number, end: number, text: string, identifiers: string[], slug?: string) => void;

function collect(topic: DraftTopic, target: 'objectives' | 'terms' | null, items: { text: string }[]): void {
  if (!target) return;
  for (const item of items) topic[target].push(stripInline(item.text));
}

function pushItem(lines: string[], item: Extract<Block, { type: 'item' }>, push: Push): void {
  const text = join(lines, item.start, item.end);
  const head = item.text;
  const command = /^`([^`]+)`\s*(?:[—–:-]\s*)?(.*)$/.exec(head);
  if (command && /^[a-z][\w.+-]*(?:\s|$)/.test(command[1]!)) {
    const ids = commandIdentifiers(command[1]!);
    const name = ids[0] && ids[0].includes(' ') ? ids[0] : command[1]!;
    const description = stripInline(command[2] ?? '');
    push('command', description ? `${name} — ${description}` : name, item.start, item.end, text, [...ids, ...pathsIn(text)]);
    return;
  }
  const term = /^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:—–-]?\s*(.*)$/.exec(head) ?? /^([^:]{1,50}?)\s*:\s+(\S.*)$/.exec(head);
  if (term) {
    const name = stripInline(term[1]!).replace(/:$/, '');
    const isPath = /^\/|\.(?:conf|cfg)$/.test(name);
    push(isPath ? 'path' : 'term', name, item.start, item.end, text, [...(isPath ? [name] : []), ...pathsIn(text)]);
    return;
  }
  push('paragraph', truncate(firstSentence(stripInline(head)), 90), item.start, item.end, text, pathsIn(text));
}

function pushCode(lines: string[], captionLine: number | null, code: Extract<Block, { type: 'code' }>, caption: string, push: Push): void {
  const start = captionLine ?? code.start;
  const text = join(lines, start, code.end);
  const body = lines.slice(code.start + 1, code.end).filter((line) => line.trim() !== '');
  const shell = /^(?:sh|bash|shell|console|zsh)$/i.test(code.lang) || (body.length > 0 && body.every((line) => /^\s*[$#]\s+\S/.test(line)));
  if (shell && body.length > 0) {
    const ids = unique(body.flatMap((line) => commandIdentifiers(line)));
    const first = body[0]!.replace(/^\s*[$#]\s+/, '').trim();
    const name = ids[0] && (ids[0].includes(' ') || first.length > 45) ? ids[0] : first;
    push('command', caption ? `${name} — ${caption}` : name, start, code.end, text, [...ids, ...pathsIn(text)]);
    return;
  }
  const firstComment = body.map((line) => line.replace(/^\s*(?:#|\/\/)[\s=#-]*/, '').trim()).find((line) => /\p{L}{3}/u.test(line));
  push('code', caption || firstComment || body[0]?.trim() || 'code', start, code.end, text, [...pathsIn(text), ...configKeys(body)]);
}

function pushTable(lines: string[], table: Extract<Block, { type: 'table' }>, caption: string, captionLine: number | null, push: Push): void {
  const rows = [];
  for (let i = table.start; i <= table.end; i++) rows.push(i);
  const hasHeader = rows.length >= 2 && TABLE_SEPARATOR_RE.test(lines[rows[1]!]!);
  const headerLines = hasHeader ? rows.slice(0, 2) : [];
  const dataRows = hasHeader ? rows.slice(2) : rows;
  const header = headerLines.map((i) => lines[i]!.trimEnd()).join('\n');
  const prefix = caption.replace(/:$/, '');
  if (dataRows.length === 0) {
    // A header and nothing else: keep it whole.
    const start = captionLine ?? table.start;
    push('code', prefix || cells(lines[table.start]!).filter(Boolean).join(' | ') || 'table', start, table.end, join(lines, start, table.end), []);
    return;
  }
  dataRows.forEach((i, index) => {
    const rowCells = cells(lines[i]!);
    const key = rowCells[0] ?? '';
    const value = rowCells.slice(1).join(' — ');
    const start = index === 0 ? (captionLine ?? table.start) : i;
    const text = [caption, header, lines[i]!.trimEnd()].filter((part) => part.length > 0).join('\n');
    const head = prefix ? `${truncate(prefix, 40)} — ${key}` : key;
    const keyIds = /^[\w.=/-]+$/.test(key) && key.length > 1 ? [key] : [];
    push('table-row', value ? `${head}: ${value}` : head, start, i, text, [...keyIds, ...pathsIn(lines[i]!)], prefix.length <= 24 && prefix ? `${prefix} ${key}` : key);
  });
}

function scan(lines: string[], fenced: boolean[], from: number, to: number): Block[] {
  const blocks: Block[] = [];
  let i = from;
  while (i <= to) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE_RE.exec(line);
    if (fence && fenced[i]) {
      let end = i + 1;
      while (end <= to && !isClosing(lines, end, fence[1]!)) end++;
      end = Math.min(end, to);
      blocks.push({ type: 'code', start: i, end, lang: fence[2] ?? '' });
      i = end + 1;
      continue;
    }
    if (TABLE_RE.test(line)) {
      let end = i;
      while (end + 1 <= to && TABLE_RE.test(lines[end + 1]!)) end++;
      blocks.push({ type: 'table', start: i, end });
      i = end + 1;
      continue;
    }
    const item = ITEM_RE.exec(line);
    if (item && item[1]!.length < 2) {
      let end = i;
      while (end + 1 <= to && lines[end + 1]!.trim() !== '' && (/^\s{2,}\S/.test(lines[end + 1]!) || !startsBlock(lines[end + 1]!))) end++;
      // Nested items (indented) stay with their parent item, even across a blank line.
      while (end + 2 <= to && lines[end + 1]!.trim() === '' && /^\s{2,}\S/.test(lines[end + 2]!) && !fenced[end + 2]) {
        end += 2;
        while (end + 1 <= to && lines[end + 1]!.trim() !== '' && /^\s{2,}\S/.test(lines[end + 1]!)) end++;
      }
      blocks.push({ type: 'item', start: i, end, text: item[2]!.trim() });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end + 1 <= to && lines[end + 1]!.trim() !== '' && !startsBlock(lines[end + 1]!)) end++;
    blocks.push({ type: 'para', start: i, end });
    i = end + 1;
  }
  return blocks;
}

function isClosing(lines: string[], i: number, opener: string): boolean {
  const trimmed = lines[i]!.trim();
  return trimmed.startsWith(opener[0]!.repeat(opener.length)) && /^[`~]+$/.test(trimmed);
}

function startsBlock(line: string): boolean {
  return FENCE_RE.test(line) || TABLE_RE.test(line) || (ITEM_RE.test(line) && !/^\s{2,}/.test(line));
}

/** Which lines are inside (or delimit) a fenced code block; an unclosed fence is an error naming its line. */
function fencedLines(lines: string[], source: string): boolean[] {
  const inside: boolean[] = new Array<boolean>(lines.length).fill(false);
  let open: { line: number; marker: string } | null = null;
  lines.forEach((line, i) => {
    const fence = FENCE_RE.exec(line);
    if (!open) {
      if (fence) {
        open = { line: i, marker: fence[1]! };
        inside[i] = true;
      }
      return;
    }
    inside[i] = true;
    const trimmed = line.trim();
    if (/^[`~]+$/.test(trimmed) && trimmed[0] === open.marker[0] && trimmed.length >= open.marker.length) open = null;
  });
  if (open) throw new NotesError(source, (open as { line: number }).line + 1, 'code block opened here is never closed (missing ```)');
  return inside;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => stripInline(cell.trim()));
}

function stripInline(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .trim();
}

function join(lines: string[], from: number, to: number): string {
  return lines
    .slice(from, to + 1)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

