/** What both note formats share once headings are found: blank-line helpers and the section tree under a topic. */
import type { DraftSection } from './draft.ts';

/** The last non-blank line in (from, to], or `from` when there is none. */
export function lastNonBlank(lines: readonly string[], from: number, to: number): number {
  for (let i = to; i > from; i--) if (lines[i]!.trim() !== '') return i;
  return from;
}

/** The non-blank lines in [from, to]. */
export function nonBlankLines(lines: readonly string[], from: number, to: number): number[] {
  const result: number[] = [];
  for (let i = from; i <= to; i++) if (lines[i]!.trim() !== '') result.push(i);
  return result;
}

export interface SectionHeading {
  /** 0-based line of the heading. */
  line: number;
  /** Nesting depth: a heading closes every open one at its level or deeper. */
  level: number;
  title: string;
}

export interface SectionSpan {
  section: DraftSection;
  /** The section's content lines, 0-based and inclusive (after its heading, up to the next heading or `end`). */
  from: number;
  to: number;
}

/**
 * One section per heading of a topic's body, in order: its path is the chain of headings above it, and its
 * content runs to the next heading of any level (or to `end`, the topic's last line).
 */
export function sectionsUnder(lines: readonly string[], topicId: string, headings: readonly SectionHeading[], end: number): SectionSpan[] {
  const open: SectionHeading[] = [];
  return headings.map((heading, k) => {
    while (open.length > 0 && open.at(-1)!.level >= heading.level) open.pop();
    open.push(heading);
    const to = (headings[k + 1]?.line ?? end + 1) - 1;
    const section: DraftSection = {
      topicId,
      path: open.map((h) => h.title),
      title: heading.title,
      lineStart: heading.line + 1,
      lineEnd: lastNonBlank(lines, heading.line, to) + 1,
    };
    return { section, from: heading.line + 1, to };
  });
}
