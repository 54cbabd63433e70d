/**
 * Verbatim identifiers an entry names: commands ("xl list", "xe vm-list", "qemu-img convert"),
 * paths ("/etc/xen/xl.conf"), config files ("xl.cfg") and options ("builder", "dom0_mem").
 */

const PATH_RE = /(?<![\w.:/])\/(?:etc|dev|proc|sys|var|boot|usr|tmp|mnt|media|opt|home|root|srv|lib|bin|sbin|run)(?:\/[\w.@+-]*)*\/?/g;
const FILE_RE = /(?<![\w./-])[A-Za-z][\w-]*\.(?:conf|cfg)\b/g;
const PROMPT_RE = /^\s*(?:#\s*\(qemu\)\s*|#\s*\$\s+|[#$]\s*)/;
const SUBCOMMAND_RE = /^[a-z][a-z_-]*[a-z]$/;
const PROGRAM_RE = /^[A-Za-z_][\w.+-]*$/;

/** Absolute paths and *.conf / *.cfg file names mentioned in a text, in order of appearance. */
export function pathsIn(text: string): string[] {
  const found: string[] = [];
  if (text.includes('/')) {
    for (const match of text.matchAll(PATH_RE)) {
      const path = match[0].replace(/[.,;:]+$/, '');
      if (path.length > 4) found.push(path);
    }
  }
  if (text.includes('.conf') || text.includes('.cfg')) for (const match of text.matchAll(FILE_RE)) found.push(match[0]);
  return found.length > 1 ? unique(found) : found;
}

/** Whether a line (after its prompt) is nothing but a path. */
export function isBarePath(line: string): boolean {
  const body = line.replace(PROMPT_RE, '').trim().replace(/[.,;]+$/, '');
  return /^\/[\w.@+/-]*$/.test(body) && body.length > 1;
}

/** The command line without its prompt: "# xe vm-list " → "xe vm-list". */
export function commandBody(line: string): string {
  return line.replace(PROMPT_RE, '').trim();
}

/**
 * "xl create /etc/xen/x.hvm" → ["xl create"]; "virsh -c qemu:///system list --all" → ["virsh list"];
 * pipes give one identifier per program. A subcommand is a lowercase word right after the program
 * (options whose value is a URI or a <placeholder> are skipped).
 */
export function commandIdentifiers(line: string): string[] {
  const body = commandBody(line);
  const result: string[] = [];
  for (const segment of body.split(/\s*\|\s*|\s*&&\s*/)) {
    let tokens = segment.trim().split(/\s+/).filter(Boolean);
    if (tokens[0] === 'sudo') tokens = tokens.slice(1);
    const program = tokens[0];
    if (!program || !PROGRAM_RE.test(program)) continue;
    let i = 1;
    while (i < tokens.length && tokens[i]!.startsWith('-') && !tokens[i]!.includes('=')) {
      const value = tokens[i + 1];
      if (value !== undefined && (value.includes(':') || value.startsWith('<'))) i += 2;
      else break;
    }
    const sub = tokens[i];
    if (sub !== undefined && (i === 1 || tokens[i - 2]?.startsWith('-')) && SUBCOMMAND_RE.test(sub) && sub.length > 1) {
      result.push(`${program} ${sub}`);
    } else {
      result.push(program);
    }
  }
  return unique(result);
}

/** Keys assigned in a config block: `builder = "hvm"` → "builder" (commented-out keys too). */
export function configKeys(lines: string[]): string[] {
  const keys: string[] = [];
  for (const line of lines) {
    const match = /^\s*#?\s*([A-Za-z_][\w.-]*)\s*=\s*\S/.exec(line);
    if (match && !/^\s*[\w.=-]+\s*:\s/.test(line)) keys.push(match[1]!);
  }
  return unique(keys);
}

/** Option names in a table-row key: "-d, --delay=SECONDS" → ["-d", "--delay"]; "acpi=off" stays whole. */
export function optionNames(key: string): string[] {
  const names: string[] = [];
  for (const part of key.split(/,\s*|\s+ou\s+|\s+or\s+/)) {
    const token = part.trim();
    if (/^--?[\w-]+/.test(token)) names.push(token.replace(/[=\s].*$/, ''));
    else if (/^[\w.-]+(?:=[\w.-]+)?$/.test(token) && token.length > 1) names.push(token);
  }
  return unique(names);
}

export function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}
