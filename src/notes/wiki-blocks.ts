/**
 * Splits the content of one wiki-text section into entries.
 * 1. scan: lines → blocks (a bullet with its continuation lines, a "* step" with its command lines, a command run,
 *    a code block, a table run, a paragraph, a caption line…); 2. group blocks into units (a term bullet takes the
 *    paragraph below it, a caption takes the command or code below it, nested bullets stay with their parent…);
 * 3. turn units into entries (tables give one entry per row). Every non-blank line lands in exactly one block.
 */
import type { DraftEntry } from './draft.ts';
import type { EntryKind } from './types.ts';
import { commandBody, commandIdentifiers, configKeys, isBarePath, optionNames, pathsIn, unique } from './identifiers.ts';
import { firstSentence, stripMarkers, trimTrailingPunctuation, truncate } from './text.ts';
import {
  bulletLevel,
  bulletText,
  IMAGE_RE,
  isAssignment,
  isBlank,
  isBullet,
  isCommand,
  isComment,
  isFence,
  isJsonStart,
  isMarker,
  isRule,
  isStar,
  isXml,
  isOptionLine,
  isStarGroup,
  rowFamily,
  splitRow,
  type RowFamily,
} from './wiki-lines.ts';

type BlockType = 'bullet' | 'star' | 'command' | 'code' | 'table' | 'para' | 'caption' | 'extra' | 'onde';

interface Row {
  start: number;
  end: number;
}

interface Table {
  family: RowFamily;
  header: number | null;
  rows: Row[];
}

interface Block {
  type: BlockType;
  start: number;
  end: number;
  level: number;
  head: string;
  hasCode: boolean;
  commandLines: number[];
  table?: Table;
}

interface Unit {
  captions: Block[];
  blocks: Block[];
  headLevel: number;
  /** Bullets at this level or deeper (and not definitions of their own) nest into this unit. */
  nestFrom: number;
  headOnly: boolean;
  table?: { block: Block; context: Unit | null };
  /** For a nested "Term: definition" bullet, the term of the bullet it sits under (part of its id). */
  parentTerm?: string;
  /** Last line of the unit's blocks, kept up to date so grouping stays linear. */
  end: number;
}

function addBlock(unit: Unit, added: Block): void {
  unit.blocks.push(added);
  if (added.end > unit.end) unit.end = added.end;
}

type EntryDraft = Omit<DraftEntry, 'section'>;

const DEF_ITEM_RE = /^([^:]{1,60}?)\s*:\s+(\S.*)$/;
const INLINE_DESCRIBED_RE = /^(?:#|\$)\s*(.+?):\s+\p{Lu}/u;
const STAR_ROW_RE = /^\*\s*([\w-]+(?:\s+\[[^\]]*\]|\s+[\w-]+){0,2})\s*[:;]\s*(\S.*)$/u;
const CAPTION_WORDS_RE = /\b(?:abaixo|a seguir|exemplos?|comando|below|following|examples?|command)\b/i;
const ONDE_RE = /^\*?\s*onde\s*:?\s*$/i;
/** "Elasticidade – Os recursos podem…": a short term, a dash, a sentence. */
const DASH_TERM_RE = /^(\p{Lu}[^–:.]{1,40}?)\s[-–]\s+\p{Lu}/u;
const GENERIC_CAPTION_RE = /^(?:exemplos?|examples?|exemplo de uso|obs|nota|note|onde|where)$/i;

export function segmentSection(lines: string[], from: number, to: number): EntryDraft[] {
  const blocks = scan(lines, from, to);
  const units = mergeCaptions(group(lines, blocks));
  return toEntries(lines, units);
}

// ---------------------------------------------------------------- 1. scan

function scan(lines: string[], from: number, to: number): Block[] {
  const blocks: Block[] = [];
  let i = from;
  while (i <= to) {
    if (isBlank(lines[i]!)) {
      i++;
      continue;
    }
    const found = scanOne(lines, i, to);
    blocks.push(...found);
    i = found.at(-1)!.end + 1;
  }
  return blocks;
}

function block(type: BlockType, lines: string[], start: number, end: number, extra: Partial<Block> = {}): Block {
  return { type, start, end, level: 0, head: lines[start]!.trim(), hasCode: type === 'code', commandLines: [], ...extra };
}

function scanOne(lines: string[], i: number, to: number): Block[] {
  const line = lines[i]!;
  if (isFence(line)) {
    const end = fenceEnd(lines, i, to);
    return [end > 0 ? block('code', lines, i, end) : block('extra', lines, i, i)];
  }
  if (isRule(line) || isStarGroup(line)) return [block('extra', lines, i, i)];
  if (isJsonStart(line)) return [block('code', lines, i, jsonEnd(lines, i, to))];
  if (isXml(line)) return [block('code', lines, i, contiguous(lines, i, to, isXml))];
  if (isComment(line) || isAssignment(line)) {
    const end = configEnd(lines, i, to);
    if (end >= 0) return [block('code', lines, i, end)];
  }
  if (ONDE_RE.test(line)) {
    return [block('onde', lines, i, contiguous(lines, i, to, (l) => !isBullet(l) && !isStar(l)))];
  }
  if (isCommand(line) || isOptionLine(line)) {
    const end = contiguous(lines, i, to, (l) => !isBullet(l) && !isStar(l) && !isStarGroup(l));
    const commandLines: number[] = [];
    for (let j = i; j <= end; j++) if (isCommand(lines[j]!) || isOptionLine(lines[j]!)) commandLines.push(j);
    return [block('command', lines, i, end, { commandLines })];
  }
  if (isBullet(line)) return scanBullet(lines, i, to);
  if (isStar(line)) return scanStar(lines, i, to);
  if (IMAGE_RE.test(line) || /^\s*(?:ou|or)\s*$/i.test(line)) return [block('extra', lines, i, i)];
  const table = tableRun(lines, i, to);
  if (table) return [block('table', lines, i, lastRowEnd(table), { table })];
  const text = line.trim();
  if (text.endsWith(':') && GENERIC_CAPTION_RE.test(text.slice(0, -1).trim()) && i < to && !isBlank(lines[i + 1]!)) {
    return [block('caption', lines, i, i)];
  }
  const end = contiguous(lines, i, to, (l) => !isMarker(l));
  const nextLine = nextNonBlankLine(lines, end + 1, to);
  const introducesCode = nextLine !== null && (isCommand(nextLine) || isStar(nextLine) || isFence(nextLine) || isXml(nextLine) || isAssignment(nextLine));
  const caption =
    end === i &&
    text.length <= 120 &&
    (text.endsWith(':') ||
      (!/[.!?;,)"]$/.test(text) && ((text.length <= 60 && text.split(/\s+/).length <= 8) || (introducesCode && text.length <= 100))));
  const body = rangeLines(lines, i, end);
  const output = body.length >= 3 && body.filter((l) => /\S\s{2,}\S|\t|^\W+$/.test(l.trim()) || /→/.test(l)).length * 2 >= body.length;
  const arrows = body.every((l) => /\S\s+→\s+\S/u.test(l));
  if (output || arrows) return [block('code', lines, i, end)];
  return [block(caption ? 'caption' : 'para', lines, i, end)];
}

function scanBullet(lines: string[], i: number, to: number): Block[] {
  const end = contiguous(lines, i, to, (l) => !isMarker(l));
  const head = block('bullet', lines, i, end, { level: bulletLevel(lines[i]!), head: bulletText(lines[i]!) });
  return splitTable(lines, head, to);
}

function scanStar(lines: string[], i: number, to: number): Block[] {
  const star = block('star', lines, i, i, { head: lines[i]!.trim().replace(/^\*\s*/, '') });
  let j = i + 1;
  while (j <= to) {
    const line = lines[j]!;
    if (isBlank(line) || isBullet(line) || isStar(line) || isStarGroup(line)) break;
    let end = -1;
    if (isFence(line)) end = fenceEnd(lines, j, to);
    else if (isJsonStart(line)) end = jsonEnd(lines, j, to);
    else if (isXml(line)) end = contiguous(lines, j, to, isXml);
    else if (isComment(line) || isAssignment(line)) end = configEnd(lines, j, to);
    if (end >= 0) {
      star.hasCode = true;
      j = end + 1;
      continue;
    }
    if (isCommand(line) || isOptionLine(line)) star.commandLines.push(j);
    j++;
  }
  star.end = j - 1;
  return splitTable(lines, star, to);
}

/** A bullet or step whose following lines are table rows: the head line becomes the table's caption. */
function splitTable(lines: string[], head: Block, to: number): Block[] {
  if (head.end === head.start || head.hasCode || head.commandLines.length > 0) return [head];
  const table = tableRun(lines, head.start + 1, Math.min(to, head.end));
  if (!table) return [head];
  const tableEnd = lastRowEnd(table);
  const result: Block[] = [{ ...head, end: head.start }, block('table', lines, head.start + 1, tableEnd, { table })];
  if (tableEnd < head.end) result.push(block('extra', lines, tableEnd + 1, head.end));
  return result;
}

function tableRun(lines: string[], i: number, to: number): Table | null {
  const family = rowFamily(lines[i]!);
  if (!family) return null;
  const rows: Row[] = [{ start: i, end: i }];
  for (let j = i + 1; j <= to; j++) {
    const line = lines[j]!;
    if (isBlank(line)) break;
    if (rowFamily(line) === family) rows.push({ start: j, end: j });
    else if ((family === 'letter' || family === 'colon') && /^\s/.test(line) && !isMarker(line)) rows.at(-1)!.end = j;
    else break;
  }
  let header: number | null = null;
  if (family === 'tab' && rows.length >= 4 && splitRow(lines[i]!, 'tab').value.split(/\s+/).length <= 3) {
    header = rows.shift()!.start;
  }
  if (rows.length < 3) return null;
  return { family, header, rows };
}

function lastRowEnd(table: Table): number {
  return table.rows.at(-1)!.end;
}

function nextNonBlankLine(lines: string[], from: number, to: number): string | null {
  for (let j = from; j <= to; j++) if (!isBlank(lines[j]!)) return lines[j]!;
  return null;
}

function contiguous(lines: string[], i: number, to: number, accept: (line: string) => boolean): number {
  let j = i + 1;
  while (j <= to && !isBlank(lines[j]!) && accept(lines[j]!)) j++;
  return j - 1;
}

function fenceEnd(lines: string[], i: number, to: number): number {
  for (let j = i + 1; j <= to; j++) if (isFence(lines[j]!)) return j;
  return -1;
}

function jsonEnd(lines: string[], i: number, to: number): number {
  for (let j = i + 1; j <= to; j++) if (lines[j]!.trimEnd() === '}') return j;
  return contiguous(lines, i, to, () => true);
}

/** A '#'-commented config file: comment and `key = value` lines (blank lines allowed), with at least one assignment. */
function configEnd(lines: string[], i: number, to: number): number {
  let lastAssignment = -1;
  for (let j = i; j <= to; j++) {
    const line = lines[j]!;
    if (isBlank(line)) continue;
    if (isAssignment(line)) lastAssignment = j;
    else if (!isComment(line)) break;
  }
  if (lastAssignment < 0) return -1;
  return contiguous(lines, lastAssignment, to, (l) => isComment(l) || isAssignment(l));
}

// ---------------------------------------------------------------- 2. group

function newUnit(first: Block): Unit {
  const isHeadBullet = first.type === 'bullet';
  const definition = isHeadBullet ? DEF_ITEM_RE.exec(first.head) : null;
  return {
    captions: [],
    blocks: [first],
    headLevel: isHeadBullet ? first.level : 0,
    nestFrom: isHeadBullet && first.commandLines.length === 0 && !first.hasCode ? first.level + 1 : first.type === 'caption' ? 1 : Number.POSITIVE_INFINITY,
    headOnly: isHeadBullet && first.start === first.end && !definition && isTermLike(first.head),
    end: first.end,
  };
}

function group(lines: string[], blocks: Block[]): Unit[] {
  const units: Unit[] = [];
  /** Head-bullet units by level, for finding the term a nested definition sits under. */
  const parents: Unit[] = [];
  blocks.forEach((current, k) => {
    const prev = units.at(-1);
    const next = blocks[k + 1];
    const adjacent = prev !== undefined && current.start === prev.end + 1;
    switch (current.type) {
      case 'bullet': {
        const directCode = next !== undefined && next.start === current.end + 1 && (next.type === 'command' || next.type === 'code');
        const definition = isDefinitionItem(current.head);
        const subHeading =
          current.start === current.end && termName(current.head) !== null && !DEF_ITEM_RE.test(current.head) &&
          (current.head.endsWith(':') || current.head.split(/\s+/).length <= 5) &&
          next !== undefined && next.type !== 'bullet';
        if (prev && !prev.table && current.level >= prev.nestFrom && !definition && !directCode && !subHeading) {
          if (prev.blocks[0]!.type === 'caption') prev.nestFrom = current.level;
          addBlock(prev, current);
          prev.headOnly = false;
        } else {
          const unit = newUnit(current);
          if (current.level > 1 && definition) {
            let parent: Unit | undefined;
            for (let level = current.level - 1; level >= 1 && !parent; level--) parent = parents[level];
            const parentName = parent ? termName(parent.blocks[0]!.head) : null;
            if (parentName) unit.parentTerm = parentName;
          }
          parents[current.level] = unit;
          parents.length = current.level + 1;
          units.push(unit);
        }
        break;
      }
      case 'caption':
        // "  • CPU Flags:" + "Indicam os recursos … Flags relevantes para virtualização:": a definition, not a caption.
        if (prev?.headOnly && (current.head.length > 80 || /[.!?]\s/.test(current.head))) {
          addBlock(prev, current);
          prev.headOnly = false;
        } else {
          units.push(newUnit(current));
        }
        break;
      case 'para':
        if (prev?.headOnly) {
          addBlock(prev, current);
          prev.headOnly = false;
        } else {
          units.push(newUnit(current));
        }
        break;
      case 'command':
      case 'code': {
        const inline = current.type === 'command' ? splitInlineDescribed(lines, current) : null;
        if (inline) {
          units.push(...inline.map(newUnit));
        } else if (prev && prev.blocks.length === 1 && prev.blocks[0]!.type === 'caption' && adjacent) {
          addBlock(prev, current);
          prev.nestFrom = Number.POSITIVE_INFINITY;
        } else if (
          prev &&
          !prev.table &&
          (adjacent ||
            prev.headOnly ||
            introducesBlock(lines, prev) ||
            (current.type === 'code' && isTermWithParagraph(prev)))
        ) {
          addBlock(prev, current);
          prev.headOnly = false;
          prev.nestFrom = Number.POSITIVE_INFINITY;
        } else if (prev && prev.blocks.length > 1 && introducesBlock(lines, { ...prev, captions: [], blocks: [prev.blocks.at(-1)!] })) {
          const moved = prev.blocks.pop()!;
          prev.end = Math.max(...prev.blocks.map((b) => b.end));
          units.push({ ...newUnit(moved), blocks: [moved, current], headOnly: false, end: current.end });
        } else {
          units.push(newUnit(current));
        }
        break;
      }
      case 'table': {
        const owner = prev && adjacent && prev.blocks.length === 1 && prev.blocks[0]!.end === current.start - 1 ? prev : null;
        if (owner && (owner.blocks[0]!.type === 'star' || owner.headOnly || owner.blocks[0]!.type === 'caption')) {
          // The step or caption line right above the rows is the table's own caption.
          units.pop();
          units.push({ ...newUnit(current), captions: [...owner.captions, ...owner.blocks], table: { block: current, context: null }, end: current.end });
        } else {
          units.push({ ...newUnit(current), table: { block: current, context: prev ?? null } });
        }
        break;
      }
      case 'onde':
      case 'extra':
        if (prev) addBlock(prev, current);
        else units.push(newUnit(current));
        break;
      default:
        units.push(newUnit(current));
    }
  });
  return units;
}

/** "# vzctl start CTID: Iniciar Container" lines: each command carries its own description. */
function splitInlineDescribed(lines: string[], command: Block): Block[] | null {
  const result: Block[] = [];
  for (let j = command.start; j <= command.end; j++) {
    if (!INLINE_DESCRIBED_RE.test(lines[j]!)) return null;
    result.push(block('command', lines, j, j, { commandLines: [j] }));
  }
  return result.length > 1 ? result : null;
}

/** "  • Pool iSCSI:" + the paragraph under it: the code block that follows is its example. */
function isTermWithParagraph(unit: Unit): boolean {
  const [head, body] = unit.blocks;
  return (
    unit.blocks.length === 2 &&
    head!.type === 'bullet' &&
    head!.start === head!.end &&
    (body!.type === 'para' || body!.type === 'caption') &&
    termName(head!.head) !== null
  );
}

/** Whether a unit reads as the caption of the command or code block that follows it. */
function introducesBlock(lines: string[], unit: Unit): boolean {
  const last = lastTextLine(lines, unit).trim();
  if (/^(?:ou|or)$/i.test(last) || last.endsWith(':')) return true;
  if (unit.blocks.length === 1 && unit.blocks[0]!.type === 'bullet' && /^(?:•\s*)?(?:para|to)\s/i.test(unit.blocks[0]!.head)) return true;
  const first = unit.blocks[0]!;
  if (unit.blocks.length === 1 && first.type === 'star' && first.start === first.end) return true;
  if (unit.blocks.some((b) => b.type === 'command' || b.hasCode)) return false;
  const sentences = last.split(/(?<=[.!?])\s+/);
  return CAPTION_WORDS_RE.test(sentences.at(-1) ?? '');
}

function mergeCaptions(units: Unit[]): Unit[] {
  const result: Unit[] = [];
  let pending: Block[] = [];
  units.forEach((unit, k) => {
    if (k < units.length - 1 && isPureCaption(unit)) {
      pending.push(...unit.captions, ...unit.blocks);
      return;
    }
    if (pending.length > 0) {
      unit.captions = [...pending, ...unit.captions];
      pending = [];
    }
    result.push(unit);
  });
  return result;
}

function isPureCaption(unit: Unit): boolean {
  if (unit.table || unit.blocks.length !== 1) return false;
  const only = unit.blocks[0]!;
  if (only.type === 'caption') return true;
  if (only.start !== only.end || only.commandLines.length > 0 || only.hasCode) return false;
  return (only.type === 'bullet' || only.type === 'star' || only.type === 'para') && only.head.endsWith(':');
}

// ---------------------------------------------------------------- 3. entries

function toEntries(lines: string[], units: Unit[]): EntryDraft[] {
  const entries: EntryDraft[] = [];
  for (let k = 0; k < units.length; k++) {
    const unit = units[k]!;
    if (unit.table) {
      entries.push(...tableEntries(lines, unit));
      continue;
    }
    const dashRows = dashTableEntries(lines, unit);
    if (dashRows) {
      entries.push(...dashRows);
      continue;
    }
    const run = starRowRun(units, k);
    if (run.filter(isStarRow).length >= 3) {
      const before = units[k - 1] ?? null;
      const rows = run.filter(isStarRow);
      const rowEntries = starRowEntries(lines, rows, before);
      for (const member of run) {
        if (isStarRow(member)) entries.push(rowEntries[rows.indexOf(member)]!);
        else if (member.table) entries.push(...tableEntries(lines, member));
        else entries.push(unitEntry(lines, member));
      }
      k += run.length - 1;
      continue;
    }
    entries.push(unitEntry(lines, unit));
  }
  return entries;
}

function isStarRow(unit: Unit): boolean {
  const first = unit.blocks[0]!;
  return !unit.table && first.type === 'star' && STAR_ROW_RE.test(`* ${first.head}`);
}

/** Units from k on that belong to a run of "* key: description" steps (one other unit may sit between two steps). */
function starRowRun(units: Unit[], k: number): Unit[] {
  if (!isStarRow(units[k]!)) return [];
  const run: Unit[] = [units[k]!];
  let j = k + 1;
  while (j < units.length) {
    if (isStarRow(units[j]!) && units[j]!.captions.length === 0) {
      run.push(units[j]!);
      j++;
    } else if (j + 1 < units.length && isStarRow(units[j + 1]!) && units[j + 1]!.captions.length === 0 && !isStarRow(units[j]!)) {
      run.push(units[j]!);
      j++;
    } else {
      break;
    }
  }
  return run;
}

function starRowEntries(lines: string[], run: Unit[], before: Unit | null): EntryDraft[] {
  const ownCaption = run[0]!.captions;
  const context = ownCaption.length > 0 ? blockText(lines, ownCaption) : before ? contextText(lines, before) : '';
  const prefix = ownCaption.length > 0 ? '' : before ? contextName(lines, before) : '';
  return run.map((unit) => {
    const match = STAR_ROW_RE.exec(`* ${unit.blocks[0]!.head}`)!;
    const key = match[1]!.trim();
    const value = match[2]!.trim();
    const { start, end } = unitRange(unit);
    const own = joinRange(lines, unit.blocks[0]!.start, end);
    const commands = unit.blocks.flatMap((b) => b.commandLines).flatMap((j) => commandIdentifiersOf(lines[j]!));
    return {
      kind: 'table-row' as const,
      title: rowTitle(prefix, key, value),
      slug: rowSlug(prefix, key),
      text: context ? `${context}\n${own}` : own,
      identifiers: unique([...optionNames(key.replace(/\s*\[.*$/, '')), ...commands, ...pathsIn(own)]),
      lineStart: start + 1,
      lineEnd: end + 1,
    };
  });
}

const DASH_SEPARATOR = /\s[-–]\s/u;

/**
 * "  • Serviço disponibilizado - Nome do Projeto - Descrição" over nested "    • Dashboard - Horizon - Provê …" bullets:
 * the head is the header of a table whose rows are the nested bullets.
 */
function dashTableEntries(lines: string[], unit: Unit): EntryDraft[] | null {
  const [head, ...rows] = unit.blocks;
  if (head!.type !== 'bullet' || rows.length < 3 || head!.end !== head!.start) return null;
  const columns = head!.head.split(DASH_SEPARATOR).length;
  if (columns < 3 || !rows.every((row) => row.type === 'bullet' && row.head.split(DASH_SEPARATOR).length >= columns)) return null;
  const header = lines[head!.start]!.trimEnd();
  const captions = unit.captions.length > 0 ? `${blockText(lines, unit.captions)}\n` : '';
  return rows.map((row, index) => {
    const fields = row.head.split(DASH_SEPARATOR).map((field) => field.trim());
    const key = fields.slice(0, columns - 1).join(' - ');
    const value = fields.slice(columns - 1).join(' - ');
    const start = index === 0 ? unitRange(unit).start : row.start;
    return {
      kind: 'table-row' as const,
      title: rowTitle('', key, value),
      slug: key,
      text: `${captions}${header}\n${joinRange(lines, row.start, row.end)}`,
      identifiers: unique(fields.slice(0, columns - 1).filter((field) => /^[\w.-]+$/.test(field))),
      lineStart: start + 1,
      lineEnd: row.end + 1,
    };
  });
}

function tableEntries(lines: string[], unit: Unit): EntryDraft[] {
  const { block: tableBlock, context } = unit.table!;
  const table = tableBlock.table!;
  const captionText = unit.captions.length > 0 ? blockText(lines, unit.captions) : '';
  const contextPart = captionText || (context ? contextText(lines, context) : '');
  const prefix = captionText
    ? stripMarkers(lines[unit.captions[0]!.start]!).replace(/:.*$/, '')
    : context
      ? contextName(lines, context)
      : '';
  const header = table.header === null ? '' : lines[table.header]!.trimEnd();
  const extraBlocks = unit.blocks.slice(1);
  const rangeStart = Math.min(unitRange(unit).start, table.header ?? Number.POSITIVE_INFINITY, table.rows[0]!.start);
  return table.rows.map((row, index) => {
    const rowText = joinRange(lines, row.start, row.end);
    const { key, value } = splitRow(lines[row.start]!, table.family);
    const start = index === 0 ? rangeStart : row.start;
    const last = index === table.rows.length - 1 && extraBlocks.length > 0 ? Math.max(...extraBlocks.map((b) => b.end)) : row.end;
    const text = [contextPart, header, rowText, last > row.end ? joinRange(lines, row.end + 1, last) : '']
      .filter((part) => part.length > 0)
      .join('\n');
    const prefixCommands = context ? unitCommands(lines, context).slice(0, 1) : [];
    return {
      kind: 'table-row' as const,
      title: rowTitle(prefix, key, value),
      slug: rowSlug(prefix, key),
      text,
      identifiers: unique([...prefixCommands, ...optionNames(key), ...pathsIn(rowText)]),
      lineStart: start + 1,
      lineEnd: last + 1,
    };
  });
}

function rowTitle(prefix: string, key: string, value: string): string {
  const shortPrefix = truncate(prefix, 40);
  const head = shortPrefix && prefix !== key ? `${shortPrefix} — ${key}` : key;
  return truncate(value ? `${head}: ${value}` : head, 100);
}

/** What a table row's id is built from: a short prefix and the row key, not the long description. */
function rowSlug(prefix: string, key: string): string {
  return prefix.length <= 16 && prefix !== key ? `${prefix} ${key}` : key;
}

function unitEntry(lines: string[], unit: Unit): EntryDraft {
  const { start, end } = unitRange(unit);
  const text = joinRange(lines, start, end);
  const all = [...unit.captions, ...unit.blocks];
  const commandLineIndexes = all.flatMap((b) => b.commandLines);
  const commands = unique(commandLineIndexes.flatMap((j) => commandIdentifiersOf(lines[j]!)));
  const codeLines = all.filter((b) => b.hasCode).flatMap((b) => rangeLines(lines, b.start, b.end));
  const paths = pathsIn(text);
  const description = describe(lines, unit);
  const first = unit.blocks[0]!;
  let kind: EntryKind;
  let title: string;
  let identifiers: string[];
  let qualifier = '';

  const proseLines = unit.blocks.filter((b) => !b.hasCode && b.type !== 'onde' && b.type !== 'extra').reduce((n, b) => n + b.end - b.start + 1, 0);
  const headTerm = first.type === 'bullet' ? termName(first.head) : null;
  const codeDominates = codeLines.length >= proseLines || headTerm === null;

  if (all.some((b) => b.hasCode) && codeDominates) {
    kind = 'code';
    const firstComment = codeLines.map((l) => l.replace(/^\s*#[\s=#-]*/, '').trim()).find((l) => /\p{L}{3}/u.test(l));
    title = description || firstComment || codeLines[0]?.trim() || first.head;
    if (GENERIC_CAPTION_RE.test(title) && codeLines[0]) title = `${title} — ${codeLines[0].trim()}`;
    identifiers = unique([...commands, ...paths, ...configKeys(codeLines)]);
  } else if (commandLineIndexes.length > 0 && commandLineIndexes.every((j) => isBarePath(lines[j]!))) {
    kind = 'path';
    const named = unique(commandLineIndexes.map((j) => commandBody(lines[j]!).replace(/[.,;]+$/, '')));
    title = joinTitle(named.join(', '), description);
    identifiers = unique([...named, ...paths]);
  } else if (commandLineIndexes.length > 0) {
    kind = 'command';
    const firstCommand = commandBody(lines[commandLineIndexes[0]!]!).replace(/:\s+\p{Lu}.*$/u, '');
    const primary = commands[0] && (commands[0].includes(' ') || firstCommand.length > 45) ? commands[0] : firstCommand;
    const said = describe(lines, unit, true);
    title = joinTitle(primary, said === firstCommand ? '' : said);
    // What sets this command line apart from a same-titled one: its last argument ("/etc/xen/xlubuntu01.hvm" → "xlubuntu01.hvm").
    const args = firstCommand.startsWith(primary) ? firstCommand.slice(primary.length).trim() : '';
    qualifier = args.split(/[\s/]+/).filter(Boolean).at(-1) ?? '';
    identifiers = unique([...commands, ...paths]);
  } else if (first.type === 'star' && first.end > first.start && rangeLines(lines, first.start + 1, first.end).every(isBarePath)) {
    kind = 'path';
    const named = rangeLines(lines, first.start + 1, first.end).map((l) => l.trim());
    title = joinTitle(named.join(', '), description);
    identifiers = unique([...named, ...paths]);
  } else if (first.type === 'bullet' && headTerm !== null && (unit.blocks.length > 1 || first.end > first.start || DEF_ITEM_RE.test(first.head))) {
    const term = headTerm;
    const children = unit.blocks.slice(1).filter((b, k) => !(k === 0 && (b.type === 'caption' || b.type === 'para') && b.head.endsWith(':')));
    const isList =
      children.length > 0 &&
      children.every((b) => b.type === 'bullet') &&
      !DEF_ITEM_RE.test(first.head) &&
      children.reduce((n, b) => n + b.head.length, 0) / children.length < 150;
    kind = isList ? 'list' : /\.(?:conf|cfg)\b|^\//.test(term) ? 'path' : 'term';
    title = truncate(term, 100);
    identifiers = unique([...(/^[a-z][\w.-]*$/.test(term) ? [term] : []), ...paths]);
  } else if (first.type === 'bullet' && DASH_TERM_RE.test(first.head)) {
    kind = 'term';
    title = DASH_TERM_RE.exec(first.head)![1]!.trim();
    identifiers = paths;
  } else if (unit.blocks.length > 1 && unit.blocks.slice(1).every((b) => b.type === 'bullet') && (first.type === 'caption' || first.head.endsWith(':'))) {
    kind = 'list';
    title = truncate(stripMarkers(first.head), 100);
    identifiers = paths;
  } else if (unit.captions.length > 0 && unit.blocks.every((b) => b.type === 'bullet') && first.type === 'bullet') {
    kind = 'list';
    title = truncate(stripMarkers(lines[unit.captions[0]!.start]!), 100);
    identifiers = paths;
  } else {
    const prose = text.length <= 600 && paths.length > 0 && /arquivo|diret[óo]rio|config|file/i.test(text);
    kind = prose ? 'path' : 'paragraph';
    const sentence = truncate(firstSentence(stripMarkers(lines[(unit.captions[0] ?? first).start]!)), 90);
    title = prose ? joinTitle(paths.join(', '), sentence) : sentence;
    identifiers = paths;
  }
  const entry: EntryDraft = { kind, title: truncate(title, 100), text, identifiers, lineStart: start + 1, lineEnd: end + 1 };
  if (unit.parentTerm && kind === 'term') entry.qualifier = unit.parentTerm;
  if (qualifier) entry.qualifier = qualifier;
  return entry;
}

/** The sentence that says what a command or code block is for: its step, caption or bullet. */
function describe(lines: string[], unit: Unit, forCommand = false): string {
  const first = unit.blocks[0]!;
  const commandLines = unit.blocks.flatMap((b) => b.commandLines);
  if (forCommand && commandLines.length === 1) {
    const inline = /^(?:#|\$)\s*.+?:\s+(\p{Lu}.*)$/u.exec(lines[commandLines[0]!]!.trim());
    if (inline) return truncate(inline[1]!, 90);
  }
  if (first.type === 'star' || first.type === 'bullet') {
    const term = first.type === 'bullet' && !forCommand ? termName(first.head) : null;
    return truncate(term ?? stripMarkers(first.head), 90);
  }
  if (unit.captions.length > 0) {
    // A term bullet above ("• Pool de volume SCSI:") names the block better than the sentence between them.
    const named = unit.captions.find((c) => c.type === 'bullet' && termName(c.head) !== null && !GENERIC_CAPTION_RE.test(termName(c.head)!));
    return truncate(named ? termName(named.head)! : stripMarkers(lines[unit.captions.at(-1)!.start]!), 90);
  }
  if (first.type === 'caption' || first.type === 'para') return truncate(firstSentence(stripMarkers(first.head)), 90);
  return '';
}

function joinTitle(name: string, description: string): string {
  if (!description || description === name) return truncate(name, 100);
  return truncate(`${truncate(name, 60)} — ${description}`, 100);
}

/** "Hypervisor" → "Hypervisor"; "xentop: Mostra informações…" → "xentop"; long sentences → null. */
function termName(head: string): string | null {
  const definition = DEF_ITEM_RE.exec(head);
  if (definition && isTermLike(definition[1]!)) return definition[1]!.trim();
  if (head.length > 200 && !DEF_ITEM_RE.test(head.slice(0, 80))) return null;
  const text = trimTrailingPunctuation(head);
  return isTermLike(text) ? text : null;
}

function isTermLike(text: string): boolean {
  if (text.length > 80) return false;
  const clean = trimTrailingPunctuation(text);
  return clean.length > 0 && clean.length <= 70 && clean.split(/\s+/).length <= 9 && !/[.!?]\s/.test(clean) && !/\.$/.test(clean);
}

function isDefinitionItem(head: string): boolean {
  const match = DEF_ITEM_RE.exec(head);
  return match !== null && isTermLike(match[1]!) && match[1]!.split(/\s+/).length <= 8;
}

function contextName(lines: string[], unit: Unit): string {
  const commands = unitCommands(lines, unit);
  if (commands.length > 0) return commands[0]!;
  const first = unit.blocks[0]!;
  if (first.type === 'bullet') return DEF_ITEM_RE.test(first.head) || unit.blocks.length > 1 ? (termName(first.head) ?? '') : '';
  if (first.type === 'star') {
    const row = STAR_ROW_RE.exec(`* ${first.head}`);
    return row ? row[1]!.trim() : '';
  }
  return '';
}

function contextText(lines: string[], unit: Unit): string {
  const { start, end } = unitRange(unit);
  const text = joinRange(lines, start, end);
  if (text.length <= 400) return text;
  return truncate(lastTextLine(lines, unit), 300);
}

function unitCommands(lines: string[], unit: Unit): string[] {
  return unique([...unit.captions, ...unit.blocks].flatMap((b) => b.commandLines).flatMap((j) => commandIdentifiersOf(lines[j]!)));
}

function commandIdentifiersOf(line: string): string[] {
  if (isOptionLine(line.trim())) {
    const match = /^(-{1,2}[a-z][\w-]*)(?:[\s=]+([a-z]+)(?=[,\s]|$))?/.exec(line.trim());
    if (!match) return [];
    return match[2] ? [`${match[1]} ${match[2]}`] : [match[1]!];
  }
  if (isBarePath(line)) return [commandBody(line)];
  return commandIdentifiers(line);
}

function unitRange(unit: Unit): { start: number; end: number } {
  const all = [...unit.captions, ...unit.blocks];
  return { start: Math.min(...all.map((b) => b.start)), end: Math.max(...all.map((b) => b.end)) };
}

function lastTextLine(lines: string[], unit: Unit): string {
  const { start, end } = unitRange(unit);
  for (let j = end; j >= start; j--) if (!isBlank(lines[j]!)) return lines[j]!;
  return '';
}

function blockText(lines: string[], blocks: Block[]): string {
  return blocks.map((b) => joinRange(lines, b.start, b.end)).join('\n');
}

function rangeLines(lines: string[], from: number, to: number): string[] {
  return lines.slice(from, to + 1).filter((line) => !isBlank(line));
}

function joinRange(lines: string[], from: number, to: number): string {
  return lines
    .slice(from, to + 1)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}
