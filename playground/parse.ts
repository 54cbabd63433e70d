/**
 * One typed line → what the person means: a slash command (typed from the REGISTERED command definitions, so any
 * command a teammate adds works without changes here), an autocomplete preview, a click or a selection by number,
 * a playground meta command, or a problem to explain. Pure: no Discord, no I/O.
 *
 * Command syntax, as close to Discord's command bar as a line of text allows:
 *   /name [group] [subcommand] [bare text] [option:value]…
 * - Names match the command's name or any localized name (`/termo busca:xen`), case-insensitively.
 * - A value runs until the next `option:` that names an option of the command, or is quoted ("…", '…', “…”).
 * - Bare text before the first `option:` fills the first required string option (`/term como listar as VMs`).
 * - Channels `#name`/`<#id>`/id, users `@name`/`<@id>`/id, roles `@name`, booleans true/false/sim/não.
 * - A trailing `?` on an autocomplete option asks for its suggestions; on an option with fixed choices, lists them.
 */
import { ApplicationCommandOptionType, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';

export type OptionValue = string | number | boolean;

export interface DirectoryEntry {
  id: string;
  name: string;
  /** Other names that find it (a member's display name). */
  aliases?: string[];
}

/** The names a person can type for channels, members and roles of the guild. */
export interface Directory {
  channels: DirectoryEntry[];
  users: DirectoryEntry[];
  roles: DirectoryEntry[];
}

export interface Invocation {
  /** Canonical (registered) names. */
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
}

export type ParseProblem =
  | { code: 'unknown_command'; name: string; suggestion?: string }
  | { code: 'missing_subcommand'; command: string }
  | { code: 'unknown_subcommand'; command: string; given: string }
  | { code: 'unknown_option'; given: string }
  | { code: 'duplicate_option'; option: string }
  | { code: 'missing_required'; option: string }
  | { code: 'unexpected_text'; text: string }
  | { code: 'bad_boolean' | 'bad_number' | 'bad_integer'; option: string; value: string }
  | { code: 'out_of_range'; option: string; value: string; min?: number; max?: number }
  | { code: 'bad_length'; option: string; min?: number; max?: number }
  | { code: 'not_a_choice'; option: string; value: string; choices: string[] }
  | { code: 'unknown_channel' | 'unknown_user' | 'unknown_role'; option: string; value: string; known: string[] }
  | { code: 'unsupported_option'; option: string };

export interface Choice {
  name: string;
  value: string | number;
}

export type ParsedLine =
  | { kind: 'empty' }
  /** `:canal #quiz`, `:lang en`, `:sair`… (the session decides what they mean). */
  | { kind: 'meta'; name: string; args: string }
  /** `/help` or `/help term` (when the bot registers no command of that name). */
  | { kind: 'help'; command?: APIApplicationCommand }
  | { kind: 'click'; number: number }
  | { kind: 'select'; number: number; picks: string[] }
  /** A single letter: use that suggestion of the last autocomplete preview. */
  | { kind: 'pick'; letter: string }
  | { kind: 'command'; invocation: Invocation; command: APIApplicationCommand }
  | { kind: 'autocomplete'; invocation: Invocation; command: APIApplicationCommand; focused: string }
  | { kind: 'choices'; option: string; choices: Choice[] }
  | { kind: 'error'; problem: ParseProblem; command?: APIApplicationCommand }
  /** Anything else: the bot does not read chat messages. */
  | { kind: 'text'; text: string };

type Option = APIApplicationCommandOption;
type Named = { name: string; name_localizations?: Partial<Record<string, string | null>> | null };

const HELP_NAMES = new Set(['help', 'ajuda']);
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '«': '»' };
const TRUE = new Set(['true', 'sim', 's', 'yes', 'y', '1', 'on', 'verdadeiro']);
const FALSE = new Set(['false', 'nao', 'não', 'n', 'no', '0', 'off', 'falso']);

export function parseLine(line: string, commands: readonly APIApplicationCommand[], directory: Directory): ParsedLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (/^\d+$/.test(text)) return { kind: 'click', number: Number(text) };
  const select = /^(\d+)\s+(.+)$/s.exec(text);
  if (select) return { kind: 'select', number: Number(select[1]), picks: select[2]!.split(/[\s,;]+/).filter(Boolean) };
  if (/^[a-y]$/i.test(text)) return { kind: 'pick', letter: text.toLowerCase() };
  if (text.startsWith(':')) {
    const [, name = '', args = ''] = /^:(\S*)\s*(.*)$/s.exec(text) ?? [];
    return { kind: 'meta', name: fold(name), args: args.trim() };
  }
  if (!text.startsWith('/')) return { kind: 'text', text };
  return parseCommand(text.slice(1), commands, directory);
}

function parseCommand(body: string, commands: readonly APIApplicationCommand[], directory: Directory): ParsedLine {
  const [, typedName = '', rest0 = ''] = /^(\S*)\s*(.*)$/s.exec(body) ?? [];
  const nameKey = fold(typedName.replace(/\?$/, ''));
  const command = commands.find((c) => labels(c).includes(nameKey));
  if (!command) {
    if (nameKey === '' || HELP_NAMES.has(nameKey)) {
      const topic = fold(rest0.replace(/^\//, '').trim());
      return { kind: 'help', command: topic ? commands.find((c) => labels(c).includes(topic)) : undefined };
    }
    return { kind: 'error', problem: { code: 'unknown_command', name: typedName, suggestion: closest(nameKey, commands.map((c) => c.name)) } };
  }
  if (typedName.endsWith('?') && rest0.trim() === '') return { kind: 'help', command };

  // Subcommand group and subcommand: the next words.
  let rest = rest0;
  const invocation: Invocation = { name: command.name, options: {} };
  let defs: readonly Option[] = command.options ?? [];
  const groups = defs.filter((d) => d.type === ApplicationCommandOptionType.SubcommandGroup);
  const subs = () => defs.filter((d) => d.type === ApplicationCommandOptionType.Subcommand);
  if (groups.length > 0 || subs().length > 0) {
    const [, word = '', after = ''] = /^(\S*)\s*(.*)$/s.exec(rest) ?? [];
    if (word === '' || word === '?') return word === '?' ? { kind: 'help', command } : { kind: 'error', problem: { code: 'missing_subcommand', command: command.name }, command };
    const key = fold(word);
    const group = groups.find((g) => labels(g).includes(key));
    if (group && group.type === ApplicationCommandOptionType.SubcommandGroup) {
      invocation.subcommandGroup = group.name;
      defs = group.options ?? [];
      rest = after;
      const [, subWord = '', subAfter = ''] = /^(\S*)\s*(.*)$/s.exec(rest) ?? [];
      const sub = subs().find((s) => labels(s).includes(fold(subWord)));
      if (!sub) {
        const problem: ParseProblem = subWord ? { code: 'unknown_subcommand', command: `${command.name} ${group.name}`, given: subWord } : { code: 'missing_subcommand', command: `${command.name} ${group.name}` };
        return { kind: 'error', problem, command };
      }
      invocation.subcommand = sub.name;
      defs = sub.type === ApplicationCommandOptionType.Subcommand ? (sub.options ?? []) : [];
      rest = subAfter;
    } else {
      const sub = subs().find((s) => labels(s).includes(key));
      if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) {
        return { kind: 'error', problem: { code: 'unknown_subcommand', command: command.name, given: word }, command };
      }
      invocation.subcommand = sub.name;
      defs = sub.options ?? [];
      rest = after;
    }
  }

  const segments = splitOptions(rest, defs);
  if (!Array.isArray(segments)) return { kind: 'error', problem: segments, command };
  const bareTarget = defs.find((d) => d.type === ApplicationCommandOptionType.String && d.required === true);

  // A trailing "?" asks for suggestions (autocomplete) or the fixed choices of the last option.
  const last = segments.at(-1);
  if (last && !last.quoted && last.value.endsWith('?')) {
    const def = last.def ?? bareTarget;
    if (!def && last.value === '?') return { kind: 'help', command };
    if (def && isAutocomplete(def)) {
      const others = segments.slice(0, -1);
      const converted = convertAll(others, bareTarget, directory, invocation, { skipRequired: true });
      if (converted) return { kind: 'error', problem: converted, command };
      invocation.options[def.name] = last.value.slice(0, -1).trim();
      return { kind: 'autocomplete', invocation, command, focused: def.name };
    }
    const choices = def ? choicesOf(def) : [];
    if (def && choices.length > 0 && (last.value === '?' || last.value.trim() === '?')) return { kind: 'choices', option: def.name, choices };
  }

  const problem = convertAll(segments, bareTarget, directory, invocation, { skipRequired: false, defs });
  if (problem) return { kind: 'error', problem, command };
  return { kind: 'command', invocation, command };
}

interface Segment {
  /** The option it sets; undefined for the bare text before the first `option:`. */
  def: Option | undefined;
  value: string;
  quoted: boolean;
}

/** Cuts `text` at every `option:` naming an option in `defs`; quoted values may contain anything. */
export function splitOptions(text: string, defs: readonly Option[]): Segment[] | ParseProblem {
  const segments: Segment[] = [];
  let def: Option | undefined;
  let valueStart = 0;
  let quoted: { value: string; end: number } | null = null;
  const close = (end: number): void => {
    const full = text.slice(valueStart, end).trim();
    if (quoted && text.slice(quoted.end, end).trim() === '') segments.push({ def, value: quoted.value, quoted: true });
    else if (def || full !== '') segments.push({ def, value: full, quoted: false });
    quoted = null;
  };
  let i = 0;
  while (i < text.length) {
    if (i === 0 || /\s/.test(text[i - 1]!)) {
      const match = /^([\p{L}\p{N}_-]+):/u.exec(text.slice(i));
      const found = match ? defs.find((d) => labels(d).includes(fold(match[1]!))) : undefined;
      if (match && found) {
        close(i);
        if (segments.some((s) => s.def === found)) return { code: 'duplicate_option', option: found.name };
        def = found;
        i += match[0].length;
        valueStart = i;
        continue;
      }
    }
    const closing = QUOTES[text[i]!];
    if (closing && quoted === null && text.slice(valueStart, i).trim() === '') {
      const end = text.indexOf(closing, i + 1);
      if (end !== -1) {
        quoted = { value: text.slice(i + 1, end), end: end + 1 };
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  close(text.length);
  return segments;
}

function convertAll(
  segments: Segment[],
  bareTarget: Option | undefined,
  directory: Directory,
  invocation: Invocation,
  mode: { skipRequired: boolean; defs?: readonly Option[] },
): ParseProblem | undefined {
  for (const segment of segments) {
    const def = segment.def ?? bareTarget;
    if (!def) {
      const typo = /^([\p{L}\p{N}_-]+):/u.exec(segment.value);
      return typo ? { code: 'unknown_option', given: typo[1]! } : { code: 'unexpected_text', text: segment.value };
    }
    if (def.name in invocation.options) return { code: 'duplicate_option', option: def.name };
    const value = convertValue(def, segment.value, directory);
    if (typeof value === 'object') return value;
    invocation.options[def.name] = value;
  }
  if (!mode.skipRequired) {
    for (const def of mode.defs ?? []) {
      if ('required' in def && def.required && !(def.name in invocation.options)) return { code: 'missing_required', option: def.name };
    }
  }
  return undefined;
}

/** A typed value as the option's type, or what is wrong with it. */
export function convertValue(def: Option, raw: string, directory: Directory): OptionValue | ParseProblem {
  const option = def.name;
  const value = raw.trim();
  switch (def.type) {
    case ApplicationCommandOptionType.String: {
      const choices = choicesOf(def);
      if (choices.length > 0) return matchChoice(value, def) ?? { code: 'not_a_choice', option, value, choices: choices.map((c) => String(c.value)) };
      const length = [...raw].length;
      if ((def.min_length !== undefined && length < def.min_length) || (def.max_length !== undefined && length > def.max_length)) {
        return { code: 'bad_length', option, min: def.min_length, max: def.max_length };
      }
      return raw;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const choices = choicesOf(def);
      if (choices.length > 0) {
        const chosen = matchChoice(value, def);
        if (chosen !== undefined) return chosen;
      }
      const n = Number(value.replace(',', '.'));
      if (value === '' || !Number.isFinite(n)) return { code: 'bad_number', option, value };
      if (def.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n)) return { code: 'bad_integer', option, value };
      if (choices.length > 0 && !choices.some((c) => c.value === n)) return { code: 'not_a_choice', option, value, choices: choices.map((c) => String(c.value)) };
      if ((def.min_value !== undefined && n < def.min_value) || (def.max_value !== undefined && n > def.max_value)) {
        return { code: 'out_of_range', option, value, min: def.min_value, max: def.max_value };
      }
      return n;
    }
    case ApplicationCommandOptionType.Boolean: {
      const key = fold(value);
      if (TRUE.has(key)) return true;
      if (FALSE.has(key)) return false;
      return { code: 'bad_boolean', option, value };
    }
    case ApplicationCommandOptionType.Channel:
      return findIn(directory.channels, value, /^<#(\d+)>$/, '#') ?? { code: 'unknown_channel', option, value, known: directory.channels.map((c) => `#${c.name}`) };
    case ApplicationCommandOptionType.User:
      return findIn(directory.users, value, /^<@!?(\d+)>$/, '@') ?? { code: 'unknown_user', option, value, known: directory.users.map((u) => `@${u.name}`) };
    case ApplicationCommandOptionType.Role:
      return findIn(directory.roles, value, /^<@&(\d+)>$/, '@') ?? { code: 'unknown_role', option, value, known: directory.roles.map((r) => `@${r.name}`) };
    case ApplicationCommandOptionType.Mentionable:
      return (
        findIn(directory.users, value, /^<@!?(\d+)>$/, '@') ??
        findIn(directory.roles, value, /^<@&(\d+)>$/, '@') ?? { code: 'unknown_user', option, value, known: directory.users.map((u) => `@${u.name}`) }
      );
    default:
      return { code: 'unsupported_option', option };
  }
}

/** `#quiz`, `quiz`, `<#id>` or an id → the id. Names compare without case and accents. */
export function findIn(entries: readonly DirectoryEntry[], value: string, mention: RegExp, sigil: string): string | undefined {
  const id = mention.exec(value)?.[1] ?? (/^\d{5,20}$/.test(value) ? value : undefined);
  if (id) return entries.some((e) => e.id === id) ? id : undefined;
  const key = fold(value.startsWith(sigil) ? value.slice(1) : value);
  return entries.find((e) => fold(e.name) === key || (e.aliases ?? []).some((a) => fold(a) === key))?.id;
}

function matchChoice(value: string, def: Option): string | number | undefined {
  const key = fold(value);
  const choices = choicesOf(def) as Array<Choice & Named>;
  return (choices.find((c) => String(c.value) === value) ?? choices.find((c) => fold(String(c.value)) === key || labels(c).includes(key)))?.value;
}

export function choicesOf(def: Option): Choice[] {
  return 'choices' in def && Array.isArray(def.choices) ? (def.choices as Choice[]) : [];
}

function isAutocomplete(def: Option): boolean {
  return 'autocomplete' in def && def.autocomplete === true;
}

/** Name and localized names, folded. */
export function labels(item: Named): string[] {
  return [item.name, ...Object.values(item.name_localizations ?? {})].filter((n): n is string => typeof n === 'string').map(fold);
}

/** Lower case without accents: `Não` → `nao`. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The closest name within two edits, for "did you mean". */
function closest(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = name.startsWith(typed) && typed.length >= 2 ? 1 : distance(typed, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
