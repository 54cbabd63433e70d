/** Tab completion for the interactive prompt: command names, subcommands and `option:` names. */
import { ApplicationCommandOptionType, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { fold, labels } from './parse.ts';

/** readline's completer contract: the candidates and the fragment they complete. */
export function complete(line: string, commands: readonly APIApplicationCommand[]): [string[], string] {
  if (!line.startsWith('/')) return [[], line];
  const words = line.split(/\s+/);
  const fragment = words.at(-1) ?? '';
  if (words.length === 1) {
    const typed = fold(fragment.slice(1));
    return [[...commands.map((c) => c.name), 'help'].filter((n) => n.startsWith(typed)).map((n) => `/${n} `), fragment];
  }
  const command = commands.find((c) => labels(c).includes(fold(words[0]!.slice(1))));
  if (!command) return [[], fragment];
  let defs: readonly APIApplicationCommandOption[] = command.options ?? [];
  const nested = (d: readonly APIApplicationCommandOption[]) =>
    d.filter((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
  // Walk the subcommand words already typed (not the fragment).
  let index = 1;
  while (nested(defs).length > 0) {
    if (index === words.length - 1) {
      return [nested(defs).map((d) => d.name).filter((n) => n.startsWith(fold(fragment))).map((n) => `${n} `), fragment];
    }
    const chosen = nested(defs).find((d) => labels(d).includes(fold(words[index]!)));
    if (!chosen || !('options' in chosen)) return [[], fragment];
    defs = (chosen.options ?? []) as APIApplicationCommandOption[];
    index++;
  }
  if (fragment.includes(':')) return [[], fragment];
  return [defs.map((d) => `${d.name}:`).filter((n) => n.startsWith(fold(fragment))), fragment];
}
