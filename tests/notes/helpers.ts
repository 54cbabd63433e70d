/** Shared checks for the notes tests. */
import type { KnowledgeBase } from '../../src/notes/index.ts';

/** 1-based line numbers of non-blank lines that are in no entry range and are no heading. */
export function uncoveredLines(kb: KnowledgeBase, text: string, source: string): number[] {
  const header = kb.titleBlocks?.find((block) => block.source === source) ?? null;
  const lines = text.split(/\r?\n/);
  const owners = new Array<number>(lines.length + 1).fill(0);
  for (const entry of kb.entries.filter((e) => e.source === source)) {
    for (let line = entry.lineStart; line <= entry.lineEnd; line++) owners[line]! += 1;
  }
  const headings = new Set<number>([
    ...kb.topics.filter((t) => t.source === source).map((t) => t.lineStart),
    ...kb.sections.filter((s) => s.source === source).map((s) => s.lineStart),
  ]);
  const missing: number[] = [];
  lines.forEach((line, index) => {
    const n = index + 1;
    if (line.trim() === '' || headings.has(n)) return;
    if (header && n >= header.lineStart && n <= header.lineEnd) return;
    if (owners[n] !== 1) missing.push(n);
  });
  return missing;
}

/** Entry ranges that overlap another entry's range or a heading line. */
export function overlaps(kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  const headings = new Set([...kb.topics.map((t) => `${t.source}:${t.lineStart}`), ...kb.sections.map((s) => `${s.source}:${s.lineStart}`)]);
  const sorted = [...kb.entries].sort((a, b) => a.source.localeCompare(b.source) || a.lineStart - b.lineStart);
  sorted.forEach((entry, k) => {
    const next = sorted[k + 1];
    if (next && next.source === entry.source && next.lineStart <= entry.lineEnd) problems.push(`${entry.id} overlaps ${next.id}`);
    for (let line = entry.lineStart; line <= entry.lineEnd; line++) {
      if (headings.has(`${entry.source}:${line}`)) problems.push(`${entry.id} covers heading line ${line}`);
    }
  });
  return problems;
}
