/** `/help`: the registered commands with their descriptions and a usage line per (sub)command, in the reader's language. */
import { ApplicationCommandOptionType, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { choicesOf } from './parse.ts';
import type { PlaygroundLanguage, PlaygroundText } from './text.ts';

type Described = {
  name: string;
  description: string;
  name_localizations?: Partial<Record<string, string | null>> | null;
  description_localizations?: Partial<Record<string, string | null>> | null;
};

const TYPE_KEYS: Partial<Record<ApplicationCommandOptionType, string>> = {
  [ApplicationCommandOptionType.String]: 'string',
  [ApplicationCommandOptionType.Integer]: 'integer',
  [ApplicationCommandOptionType.Number]: 'number',
  [ApplicationCommandOptionType.Boolean]: 'boolean',
  [ApplicationCommandOptionType.User]: 'user',
  [ApplicationCommandOptionType.Channel]: 'channel',
  [ApplicationCommandOptionType.Role]: 'role',
  [ApplicationCommandOptionType.Mentionable]: 'mentionable',
  [ApplicationCommandOptionType.Attachment]: 'attachment',
};

/** The description in the reader's language (commands are registered with pt-BR text and English localizations). */
export function describe(item: Described, language: PlaygroundLanguage): string {
  if (language === 'en') return item.description_localizations?.['en-US'] ?? item.description_localizations?.['en-GB'] ?? item.description;
  return item.description_localizations?.['pt-BR'] ?? item.description;
}

/** One usage line per runnable form: `/quiz setup channel:<#canal> time:<texto> [timezone:<texto>]`. */
export function usageLines(command: APIApplicationCommand, text: PlaygroundText, language: PlaygroundLanguage): Array<{ usage: string; description: string }> {
  const options = command.options ?? [];
  const forms: Array<{ usage: string; description: string }> = [];
  const visit = (prefix: string, defs: readonly APIApplicationCommandOption[], description: string) => {
    const nested = defs.filter((d) => d.type === ApplicationCommandOptionType.Subcommand || d.type === ApplicationCommandOptionType.SubcommandGroup);
    if (nested.length === 0) {
      forms.push({ usage: [prefix, ...defs.map((d) => optionUsage(d, text))].join(' '), description });
      return;
    }
    for (const d of nested) {
      const inner = 'options' in d ? ((d.options ?? []) as APIApplicationCommandOption[]) : [];
      visit(`${prefix} ${d.name}`, inner, describe(d, language));
    }
  };
  visit(`/${command.name}`, options, describe(command, language));
  return forms;
}

function optionUsage(def: APIApplicationCommandOption, text: PlaygroundText): string {
  const choices = choicesOf(def);
  const shape = choices.length > 0 ? choices.map((c) => c.value).join('|') : (text.optionTypes[TYPE_KEYS[def.type] ?? 'string'] ?? '?');
  const usage = `${def.name}:<${shape}>`;
  return 'required' in def && def.required ? usage : `[${usage}]`;
}

/** The command list: name (and its Portuguese name), description, usage lines. */
export function helpLines(commands: readonly APIApplicationCommand[], text: PlaygroundText, language: PlaygroundLanguage): string[] {
  const lines = [text.helpTitle];
  for (const command of commands) {
    const localized = command.name_localizations?.['pt-BR'];
    const alias = language === 'pt-BR' && localized && localized !== command.name ? ` (/${localized})` : '';
    lines.push(`  /${command.name}${alias} — ${describe(command, language)}`);
    for (const form of usageLines(command, text, language)) {
      lines.push(form.description === describe(command, language) ? `      ${form.usage}` : `      ${form.usage} — ${form.description}`);
    }
  }
  lines.push('', ...text.helpFooter);
  return lines;
}

/** Detailed help of one command: usage lines, then each option with its description. */
export function commandHelpLines(command: APIApplicationCommand, text: PlaygroundText, language: PlaygroundLanguage): string[] {
  const lines = [`/${command.name} — ${describe(command, language)}`];
  for (const form of usageLines(command, text, language)) lines.push(`  ${text.usage}: ${form.usage}${form.description === describe(command, language) ? '' : ` — ${form.description}`}`);
  const seen = new Set<string>();
  const visit = (defs: readonly APIApplicationCommandOption[]) => {
    for (const d of defs) {
      if (d.type === ApplicationCommandOptionType.Subcommand || d.type === ApplicationCommandOptionType.SubcommandGroup) {
        visit(('options' in d ? d.options : undefined) ?? []);
        continue;
      }
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      const localized = d.name_localizations?.['pt-BR'];
      const alias = localized && localized !== d.name ? ` (${localized})` : '';
      lines.push(`    ${d.name}${alias}: ${describe(d, language)}`);
    }
  };
  visit(command.options ?? []);
  return lines;
}
