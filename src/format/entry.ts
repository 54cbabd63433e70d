/** How an entry of the notes is presented: where it lives, as a reader would name it, and its body under its title. */
import { topicLabel } from '../notes/index.ts';
import type { Entry, Topic } from '../notes/types.ts';
import { isCodeLine } from './markdown.ts';

/** "330.2 Xen › Xen configuration": the topic and the headings down to the entry's section. */
export function entryReference(entry: Pick<Entry, 'topicId' | 'sectionPath'>, topic: Pick<Topic, 'id' | 'title'> | undefined): string {
  return [topic ? topicLabel(topic) : entry.topicId, ...entry.sectionPath].filter((part) => part.trim() !== '').join(' › ');
}

/** A list bullet; "#" and "$" are shell prompts and are never taken for one. */
const BULLET = /^\s*(?:[•*+-]\s*)?/;

/**
 * The entry's text without a first line that only repeats its title ("• Hypervisor" under the title
 * Hypervisor). A first line that starts with the title and goes on ("• HVM: Suporte…", a paragraph's first
 * sentence) keeps what follows. The text is returned unchanged when nothing would be left.
 */
export function withoutRepeatedTitle(entry: Pick<Entry, 'title' | 'text'>): string {
  const lines = entry.text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0 || isCodeLine(lines[first]!)) return entry.text;
  const rest = afterTitle(lines[first]!.replace(BULLET, ''), entry.title);
  if (rest === null) return entry.text;
  const remaining = [...(rest === '' ? [] : [rest]), ...lines.slice(first + 1)];
  while (remaining.length > 0 && remaining[0]!.trim() === '') remaining.shift();
  return remaining.length > 0 ? remaining.join('\n') : entry.text;
}

/** What follows the title on a line: '' when the line is just the title, null when it does not start with it. */
function afterTitle(line: string, title: string): string | null {
  const content = line.replace(/\s+/g, ' ').trim();
  const full = title.replace(/\s+/g, ' ').trim();
  if (full === '' || full.endsWith('…')) return null;
  // Wiki titles are "head — detail"; a line may repeat either half ("Key Knowledge Areas:" under
  // "Key Knowledge Areas — 330.1 …", "* Pausar Guest" under "xl pause — Pausar Guest").
  const halves = full.includes(' — ') ? [full.slice(0, full.indexOf(' — ')), full.slice(full.indexOf(' — ') + 3)] : [];
  const bare = content.replace(/\s*[:;]$/, '');
  if ([full, ...halves].some((title) => sameText(bare, title))) return '';
  if (!sameText(content.slice(0, full.length), full)) return null;
  const after = content.slice(full.length);
  if (/^\s*:\s*\S/.test(after)) return after.replace(/^\s*:\s*/, '');
  if (/[.!?]$/.test(full) && /^ \S/.test(after)) return after.trim();
  return null;
}

function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
