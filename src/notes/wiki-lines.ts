/** Line-level predicates of the wiki-text format. */

export const BULLET_RE = /^(\s*)•\s*(.*)$/u;
export const STAR_RE = /^\*(?!\*)\s*(.*)$/;
export const STAR_GROUP_RE = /^\*\*\s+\S/;
/** "# xl list", "#(qemu) info kvm", "# $ vboxmanage list vms", "$ vagrant up". */
export const COMMAND_RE = /^(?:#\s*\(qemu\)|#\s*\$\s|#\s+\S|#[a-z]|\$\s+\S)/;
/** Command-line options given alone: "-netdev user,id=mynet0", "-drive file=disk.img". */
export const OPTION_LINE_RE = /^-{1,2}[a-z][\w-]*(?:\s|=|$)/;
const ASSIGN_RE = /^\s*#?\s*[A-Za-z_][\w.-]*\s*=\s*\S/;
const KEY_DEF_RE = /^\s*[\w.=-]+\s*:\s/;
export const IMAGE_RE = /^\s*\S.{0,80}\.(?:png|jpe?g|gif|svg)\s*$/i;

const BLANK = 1;
const BULLET = 2;
const STAR = 4;
const STAR_GROUP = 8;
const COMMAND = 16;
const OPTION = 32;
const FENCE = 64;
const RULE = 128;
const XML = 256;
const JSON_START = 512;
const ASSIGNMENT = 1024;
const COMMENT = 2048;
const MARKER = BULLET | STAR | STAR_GROUP | COMMAND | OPTION | FENCE | RULE | XML | JSON_START | ASSIGNMENT;

/** Each distinct line is classified once: the block scanner asks the same questions about a line many times. */
const classes = new Map<string, number>();

function classify(line: string): number {
  let flags = classes.get(line);
  if (flags !== undefined) return flags;
  flags = 0;
  if (line.trim() === '') flags |= BLANK;
  else {
    if (BULLET_RE.test(line)) flags |= BULLET;
    if (STAR_RE.test(line)) flags |= STAR;
    if (STAR_GROUP_RE.test(line)) flags |= STAR_GROUP;
    if (COMMAND_RE.test(line)) flags |= COMMAND;
    if (OPTION_LINE_RE.test(line)) flags |= OPTION;
    if (line.trim() === '---') flags |= FENCE;
    if (/^\s*-{4,}\s*$/.test(line)) flags |= RULE;
    if (/^\s*<[A-Za-z/?!]/.test(line)) flags |= XML;
    if (line.trimEnd() === '{') flags |= JSON_START;
    if (ASSIGN_RE.test(line) && !KEY_DEF_RE.test(line) && !/=.*\s-{1,2}[a-z]/.test(line)) flags |= ASSIGNMENT;
    if (/^\s*#/.test(line)) flags |= COMMENT;
  }
  if (classes.size > 50_000) classes.clear();
  classes.set(line, flags);
  return flags;
}

export function isBlank(line: string): boolean {
  return (classify(line) & BLANK) !== 0;
}

export function isBullet(line: string): boolean {
  return (classify(line) & BULLET) !== 0;
}

export function bulletLevel(line: string): number {
  const match = BULLET_RE.exec(line);
  if (!match) return 0;
  return Math.max(1, Math.floor(match[1]!.length / 2));
}

export function bulletText(line: string): string {
  return (BULLET_RE.exec(line)?.[2] ?? line).trim();
}

export function isStar(line: string): boolean {
  return (classify(line) & STAR) !== 0;
}

export function isStarGroup(line: string): boolean {
  return (classify(line) & STAR_GROUP) !== 0;
}

export function isOptionLine(line: string): boolean {
  return (classify(line) & OPTION) !== 0;
}

export function isCommand(line: string): boolean {
  return (classify(line) & COMMAND) !== 0;
}

/** `key = value`; not "acpi=off: …" rows, nor "macaddr=00:00:10:52:37:48 -net tap,…" (the tail of a command line). */
export function isAssignment(line: string): boolean {
  return (classify(line) & ASSIGNMENT) !== 0;
}

export function isComment(line: string): boolean {
  return (classify(line) & COMMENT) !== 0;
}

export function isFence(line: string): boolean {
  return (classify(line) & FENCE) !== 0;
}

export function isRule(line: string): boolean {
  return (classify(line) & RULE) !== 0;
}

export function isXml(line: string): boolean {
  return (classify(line) & XML) !== 0;
}

export function isJsonStart(line: string): boolean {
  return (classify(line) & JSON_START) !== 0;
}

/** A line that starts a block of its own and so ends the continuation of a bullet or paragraph. */
export function isMarker(line: string): boolean {
  return (classify(line) & MARKER) !== 0;
}

export type RowFamily = 'letter' | 'tab' | 'arrow' | 'dash' | 'colon';

/** The table layout a line fits, if any: "r - rodando: …", "writethrough\t…", "a → b", "    VMDK – VMware", "mem: …". */
export function rowFamily(line: string): RowFamily | null {
  if ((classify(line) & (BLANK | BULLET | COMMAND)) !== 0) return null;
  if (/^[a-z] - \S/.test(line)) return 'letter';
  const tab = /^\S[^\t]*\t+(.*)$/.exec(line);
  if (tab && /\p{L}{2}/u.test(tab[1]!)) return 'tab';
  if (/\S\s+→\s+\S/u.test(line)) return 'arrow';
  const dash = /^\s+(\S.*?)\s[–-]\s\S/u.exec(line);
  if (dash && dash[1]!.split(/\s+/).length <= 5) return 'dash';
  const colon = /^\s*\*?\s*([^\s:][^:]{0,40}?)\s*:\s*\S/.exec(line);
  if (colon && colon[1]!.split(/\s+/).length <= 3 && !/^(?:obs|exemplo|onde|nota|note|formato|description)$/i.test(colon[1]!) && !/\/\//.test(line.slice(0, 60))) {
    return 'colon';
  }
  return null;
}

/** Row key and value of a table row line, for titles and identifiers. */
export function splitRow(line: string, family: RowFamily): { key: string; value: string } {
  const text = line.trim().replace(/^\*\s*/, '');
  let match: RegExpExecArray | null = null;
  switch (family) {
    case 'letter':
      match = /^(.+?):\s*(.*)$/.exec(text);
      break;
    case 'tab':
      match = /^([^\t]+)\t+(.*)$/.exec(text);
      break;
    case 'arrow':
      match = /^(.+?)\s+→\s+(.*)$/u.exec(text);
      break;
    case 'dash':
      match = /^(.+?)\s[–-]\s(.*)$/u.exec(text);
      break;
    case 'colon':
      match = /^(.+?)\s*[:;]\s*(.*)$/.exec(text);
      break;
  }
  return match ? { key: match[1]!.trim(), value: match[2]!.trim() } : { key: text, value: '' };
}
