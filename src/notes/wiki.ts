/**
 * Parser for the wiki-text export (.txt): topic headings like "330.2_Xen-Peso9", plain-line section headings,
 * "  • " bullets, "* " steps followed by "# command" lines, "---" config blocks, '#'-commented config files,
 * XML/JSON blocks and several table layouts. Every non-blank line ends up in exactly one entry or is a heading.
 */
import type { DraftDocument, DraftEntry, DraftSection, DraftTopic } from './draft.ts';
import { NotesError } from './errors.ts';
import { lastNonBlank, nonBlankLines, sectionsUnder } from './sections.ts';
import { segmentSection } from './wiki-blocks.ts';
import { isBlank } from './wiki-lines.ts';
import { truncate } from './text.ts';

const TOPIC_RE = /^(\d{3}\.\d{1,2})(?:[_ ]+(.*?))?\s*$/;
const TOPIC_WEIGHT_RE = /[-_ ]+(?:Peso|Weight)[-_ :]*(\d+)\s*$/i;
const INTRO_HEADING_RE = /^objetivos?\s+do\s+t[óo]pico\s*:?$/i;
const WEIGHT_RE = /^(?:weight|peso)\s*:\s*(\d+)/i;
const DESCRIPTION_RE = /^(?:description|descri[çc][ãa]o)\s*:/i;
const KKA_TAIL_RE = /key knowledge areas\s*:?\s*$/i;
const TERMS_RE = /^(?:terms and utilities|the following is a partial list of the used files, terms and utilities)\s*:?$/i;
const SOURCE_HEADING_RE = /^(?:fontes?|refer[êe]ncias|references|sources?)$/i;

export function parseWiki(text: string, source: string): DraftDocument {
  const lines = text.split(/\r?\n/);
  const topicStarts: number[] = [];
  lines.forEach((line, i) => {
    if (TOPIC_RE.test(line)) topicStarts.push(i);
  });
  if (topicStarts.length === 0) {
    const first = lines.findIndex((line) => !isBlank(line));
    throw new NotesError(
      source,
      first + 1,
      "no topic heading found: a wiki-text notes file needs topic lines like '330.1_Virtualization-Peso8' or '330.1 Virtualization'",
    );
  }

  const doc: DraftDocument = { header: null, topics: [], sections: [], entries: [] };
  const firstTopic = topicStarts[0]!;
  const headerLines = nonBlankLines(lines, 0, firstTopic - 1);
  if (headerLines.length > 0) {
    doc.header = {
      title: truncate(lines[headerLines[0]!]!, 100),
      lineStart: headerLines[0]! + 1,
      lineEnd: headerLines.at(-1)! + 1,
    };
  }

  topicStarts.forEach((start, k) => {
    const next = topicStarts[k + 1] ?? lines.length;
    const end = lastNonBlank(lines, start, next - 1);
    parseTopic(lines, start, end, doc);
  });
  return doc;
}

function parseTopic(lines: string[], start: number, end: number, doc: DraftDocument): void {
  const match = TOPIC_RE.exec(lines[start]!)!;
  let rawTitle = (match[2] ?? '').trim();
  let weight: number | null = null;
  const weightMatch = TOPIC_WEIGHT_RE.exec(rawTitle);
  if (weightMatch) {
    weight = Number(weightMatch[1]);
    rawTitle = rawTitle.slice(0, weightMatch.index);
  }
  const topic: DraftTopic = {
    id: match[1]!,
    title: rawTitle.replace(/_/g, ' ').replace(/\s+/g, ' ').trim() || match[1]!,
    weight,
    objectives: [],
    terms: [],
    lineStart: start + 1,
    lineEnd: end + 1,
  };
  doc.topics.push(topic);

  let rootSection: DraftSection | null = null;
  const root = (): DraftSection => {
    if (!rootSection) {
      rootSection = { topicId: topic.id, path: [], title: topic.title, lineStart: start + 1, lineEnd: end + 1 };
      doc.sections.push(rootSection);
    }
    return rootSection;
  };

  const bodyStart = parseIntro(lines, start + 1, end, topic, doc, root);
  const headings = findHeadings(lines, bodyStart, end, topic);

  // Content before the first body heading belongs to the topic's root section (or the intro section).
  const firstHeading = headings[0]?.line ?? end + 1;
  const introSection = doc.sections.at(-1)?.topicId === topic.id ? doc.sections.at(-1)! : null;
  if (hasContent(lines, bodyStart, firstHeading - 1)) {
    const section = introSection ?? root();
    section.lineEnd = lastNonBlank(lines, section.lineStart - 1, firstHeading - 1) + 1;
    pushEntries(doc, section, segmentSection(lines, bodyStart, firstHeading - 1));
  }

  for (const { section, from, to } of sectionsUnder(lines, topic.id, headings, end)) {
    doc.sections.push(section);
    pushEntries(doc, section, segmentSection(lines, from, to));
  }
}

function pushEntries(doc: DraftDocument, section: DraftSection, entries: Omit<DraftEntry, 'section'>[]): void {
  for (const entry of entries) {
    (entry as DraftEntry).section = section;
    doc.entries.push(entry as DraftEntry);
  }
}

/** Topic intro: "Objetivo do tópico", "Weight: N", "Description: … Key Knowledge Areas:", objectives, terms. */
function parseIntro(
  lines: string[],
  start: number,
  end: number,
  topic: DraftTopic,
  doc: DraftDocument,
  root: () => DraftSection,
): number {
  type Role = 'description' | 'objectives' | 'terms';
  let section: DraftSection | null = null;
  let mode: 'start' | Role = 'start';
  /** Runs of intro lines with one role each, in order; each run becomes one entry. */
  const runs: { role: Role; lines: number[]; caption: boolean }[] = [];
  const add = (role: Role, line: number, caption = false): void => {
    const last = runs.at(-1);
    if (last && last.role === role && !caption) last.lines.push(line);
    else runs.push({ role, lines: [line], caption });
  };
  let i = start;
  for (; i <= end; i++) {
    const line = lines[i]!;
    const text = line.trim();
    if (!text) continue;
    const indented = /^\s/.test(line);
    if (mode === 'start' && !section && runs.length === 0 && INTRO_HEADING_RE.test(text)) {
      section = {
        topicId: topic.id,
        path: [text.replace(/\s*:$/, '')],
        title: text.replace(/\s*:$/, ''),
        lineStart: i + 1,
        lineEnd: i + 1,
      };
      doc.sections.push(section);
      continue;
    }
    const weight = WEIGHT_RE.exec(text);
    if (weight && !indented) {
      if (topic.weight === null) topic.weight = Number(weight[1]);
      add('description', i);
      mode = 'description';
      continue;
    }
    if (DESCRIPTION_RE.test(text) && !indented) {
      add('description', i);
      mode = KKA_TAIL_RE.test(text) ? 'objectives' : 'description';
      continue;
    }
    if (/^key knowledge areas\s*:?$/i.test(text) && !indented) {
      add('objectives', i, true);
      mode = 'objectives';
      continue;
    }
    if (TERMS_RE.test(text) && !indented) {
      add('terms', i, true);
      mode = 'terms';
      continue;
    }
    if (indented && !/^\s*•/.test(line) && (mode === 'objectives' || mode === 'terms')) {
      topic[mode].push(text.replace(/\s+/g, ' '));
      const last = runs.at(-1);
      if (last && last.role === mode) last.lines.push(i);
      else runs.push({ role: mode, lines: [i], caption: false });
      continue;
    }
    break;
  }
  if (runs.length === 0) return section ? i : start;
  const target = section ?? root();
  const label = `${topic.id} ${topic.title}`;
  for (const run of runs) {
    const from = run.lines[0]!;
    const to = run.lines.at(-1)!;
    const body = joinLines(lines, from, to);
    const entry: DraftEntry = {
      section: target,
      kind: run.role === 'description' ? 'paragraph' : 'list',
      title: '',
      text: body,
      identifiers: [],
      lineStart: from + 1,
      lineEnd: to + 1,
    };
    if (run.role === 'description') entry.title = `Descrição do tópico ${label}`;
    else if (run.role === 'objectives') {
      entry.title = `Key Knowledge Areas — ${label}`;
      if (!run.caption) entry.text = `Key Knowledge Areas:\n${body}`;
    } else entry.title = `Terms and Utilities — ${label}`;
    doc.entries.push(entry);
  }
  target.lineEnd = lastNonBlank(lines, target.lineStart - 1, i - 1) + 1;
  return i;
}

interface Heading {
  line: number;
  title: string;
  level: number;
}

/** Plain-line headings of a topic body, with their level (1: a knowledge area, 2: below it, 3: "** " groups). */
function findHeadings(lines: string[], start: number, end: number, topic: DraftTopic): Heading[] {
  const headings: Heading[] = [];
  const objectiveWords = topic.objectives.map((objective) => new Set(words(objective)));
  const termNames = new Set(topic.terms.map((term) => normalize(term)));
  let currentTop: Heading | null = null;
  let currentPlain: Heading | null = null;

  for (let i = start; i <= end; i++) {
    const line = lines[i]!;
    const star = /^\*\*\s+(\S.*)$/.exec(line);
    if (star) {
      const parentLevel = currentPlain?.level ?? 0;
      headings.push({ line: i, title: star[1]!.trim(), level: parentLevel + 1 });
      continue;
    }
    if (!isHeadingCandidate(lines, i, start, end)) continue;
    const title = line.trim().replace(/\s*:$/, '');
    const titleWords = words(title);
    const matchesObjective =
      titleWords.length > 1
        ? objectiveWords.some((set) => titleWords.every((word) => set.has(word)))
        : topic.objectives.some((objective) => normalize(objective) === normalize(title));
    const matchesTerm = termNames.has(normalize(title));
    const isSource = SOURCE_HEADING_RE.test(title);
    const next = nextNonBlank(lines, i + 1, end);
    const before = blankRunBefore(lines, i, start);
    const nextIsHeadingOrEnd = next < 0 || isHeadingCandidate(lines, next, start, end) || /^\*\*\s/.test(lines[next]!);
    const nextIsProse = next >= 0 && isProse(lines[next]!);
    const heading =
      matchesObjective ||
      matchesTerm ||
      isSource ||
      (!line.trim().endsWith(':') && (nextIsProse || nextIsHeadingOrEnd || (before >= 2 && next >= 0 && /^\s*•/.test(lines[next]!))));
    if (!heading) continue;
    const level: number = matchesObjective || isSource || !currentTop ? 1 : 2;
    const entry: Heading = { line: i, title, level };
    if (level === 1) currentTop = entry;
    currentPlain = entry;
    headings.push(entry);
  }
  return headings;
}

function isHeadingCandidate(lines: string[], i: number, start: number, end: number): boolean {
  const line = lines[i]!;
  const text = line.trim();
  if (!text || /^\s/.test(line)) return false;
  if (i > start && !isBlank(lines[i - 1]!)) return false;
  if (i < end && !isBlank(lines[i + 1]!)) return false;
  if (text.length > 70 || text.split(/\s+/).length > 9) return false;
  if (/[.;,!?]$/.test(text)) return false;
  if (/^[#*$\-{<.(•"'/\d]/u.test(text)) return false;
  if (/→|=|\t|\.(?:png|jpe?g|gif|svg)$/i.test(text)) return false;
  if (/:./.test(text)) return false;
  return true;
}

function isProse(line: string): boolean {
  if (/^\s/.test(line)) return false;
  const text = line.trim();
  if (/^[#*$\-{<•]/u.test(text)) return false;
  return text.length >= 40 && text.split(/\s+/).length >= 6 && /[a-zà-ú]{3}/.test(text);
}

function words(value: string): string[] {
  return normalize(value)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

function normalize(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .trim();
}

function hasContent(lines: string[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) if (!isBlank(lines[i]!)) return true;
  return false;
}


function nextNonBlank(lines: string[], from: number, to: number): number {
  for (let i = from; i <= to; i++) if (!isBlank(lines[i]!)) return i;
  return -1;
}

function blankRunBefore(lines: string[], i: number, start: number): number {
  let count = 0;
  for (let j = i - 1; j >= start && isBlank(lines[j]!); j--) count++;
  return count;
}

function joinLines(lines: string[], from: number, to: number): string {
  return lines
    .slice(from, to + 1)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
