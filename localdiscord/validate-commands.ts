/**
 * Application command validation as documented ("Application Commands"): names 1–32 matching
 * `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` and lowercase for CHAT_INPUT, descriptions 1–100 (empty for
 * USER/MESSAGE), ≤ 25 options and choices, required options first, localizations keyed by valid locales and
 * following the same rules, ≤ 4000 characters per command (approximated on default-locale strings).
 */
import { ApplicationCommandOptionType, ApplicationCommandType, Locale } from 'discord-api-types/v10';
import type { FormErrors } from './errors.ts';
import { isRecord, type JsonRecord, type Path } from './json.ts';

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = new Set<string>(Object.values(Locale));

function checkName(value: unknown, path: Path, errors: FormErrors, chatInput: boolean): void {
  if (typeof value !== 'string') {
    errors.required(path);
    return;
  }
  if ([...value].length < 1 || [...value].length > 32) {
    errors.badLength(path, value, 1, 32);
    return;
  }
  if (chatInput && (!NAME_RE.test(value) || value !== value.toLowerCase())) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function checkDescription(value: unknown, path: Path, errors: FormErrors): void {
  if (typeof value !== 'string') {
    errors.required(path);
    return;
  }
  errors.badLength(path, value, 1, 100);
}

function checkLocalizations(
  value: unknown,
  path: Path,
  errors: FormErrors,
  check: (v: unknown, p: Path) => void,
): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  for (const [locale, v] of Object.entries(value)) {
    if (!LOCALES.has(locale)) {
      errors.add([...path, locale], 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`);
      continue;
    }
    if (v === null) continue;
    check(v, [...path, locale]);
  }
}

export function validateCommand(body: unknown, path: Path, errors: FormErrors): void {
  if (!isRecord(body)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = body.type ?? ApplicationCommandType.ChatInput;
  if (
    type !== ApplicationCommandType.ChatInput &&
    type !== ApplicationCommandType.User &&
    type !== ApplicationCommandType.Message &&
    type !== ApplicationCommandType.PrimaryEntryPoint
  ) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4).');
    return;
  }
  const chatInput = type === ApplicationCommandType.ChatInput;
  checkName(body.name, [...path, 'name'], errors, chatInput);
  checkLocalizations(body.name_localizations, [...path, 'name_localizations'], errors, (v, p) => checkName(v, p, errors, chatInput));
  if (chatInput) {
    checkDescription(body.description, [...path, 'description'], errors);
    checkLocalizations(body.description_localizations, [...path, 'description_localizations'], errors, (v, p) =>
      checkDescription(v, p, errors),
    );
    if (body.options !== undefined && body.options !== null) validateOptions(body.options, [...path, 'options'], errors, 0);
  } else {
    if (body.description !== undefined && body.description !== '' && body.description !== null) {
      errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
    }
    if (Array.isArray(body.options) && body.options.length > 0) {
      errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
    }
  }
  if (body.default_member_permissions !== undefined && body.default_member_permissions !== null) {
    if (typeof body.default_member_permissions !== 'string' || !/^\d+$/.test(body.default_member_permissions)) {
      errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_STRING', 'Must be a string.');
    }
  }
  if (commandSize(body) > 4000) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (4000)');
  }
}

function validateOptions(value: unknown, path: Path, errors: FormErrors, depth: number): void {
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be a list.');
    return;
  }
  errors.maxLength(path, value, 25);
  const names = new Set<string>();
  let sawOptional = false;
  let sawSub = false;
  let sawPlain = false;
  value.forEach((o, i) => {
    const p = [...path, i];
    if (!isRecord(o)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const t = o.type;
    if (typeof t !== 'number' || t < ApplicationCommandOptionType.Subcommand || t > ApplicationCommandOptionType.Attachment) {
      errors.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).');
      return;
    }
    checkName(o.name, [...p, 'name'], errors, true);
    checkLocalizations(o.name_localizations, [...p, 'name_localizations'], errors, (v, lp) => checkName(v, lp, errors, true));
    checkDescription(o.description, [...p, 'description'], errors);
    checkLocalizations(o.description_localizations, [...p, 'description_localizations'], errors, (v, lp) =>
      checkDescription(v, lp, errors),
    );
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
      names.add(o.name);
    }
    const isSub = t === ApplicationCommandOptionType.Subcommand || t === ApplicationCommandOptionType.SubcommandGroup;
    if (isSub) {
      sawSub = true;
      if (t === ApplicationCommandOptionType.SubcommandGroup && depth > 0) {
        errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommand groups cannot be nested');
      }
      if (t === ApplicationCommandOptionType.Subcommand && depth > 1) {
        errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommands cannot be nested this deep');
      }
      if (Array.isArray(o.options)) {
        if (t === ApplicationCommandOptionType.SubcommandGroup) {
          o.options.forEach((child, j) => {
            if (isRecord(child) && child.type !== ApplicationCommandOptionType.Subcommand) {
              errors.add([...p, 'options', j, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommand groups may only contain subcommands');
            }
          });
        }
        validateOptions(o.options, [...p, 'options'], errors, depth + 1);
      }
      return;
    }
    sawPlain = true;
    if (o.required === true) {
      if (sawOptional) {
        errors.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
    } else sawOptional = true;
    if (o.choices !== undefined && o.choices !== null) {
      if (!Array.isArray(o.choices)) errors.add([...p, 'choices'], 'BASE_TYPE_LIST', 'Must be a list.');
      else {
        if (o.autocomplete === true && o.choices.length > 0) {
          errors.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be enabled on options with choices');
        }
        errors.maxLength([...p, 'choices'], o.choices, 25);
        o.choices.forEach((c, j) => {
          const cp = [...p, 'choices', j];
          if (!isRecord(c)) return;
          if (typeof c.name !== 'string') errors.required([...cp, 'name']);
          else errors.badLength([...cp, 'name'], c.name, 1, 100);
          checkLocalizations(c.name_localizations, [...cp, 'name_localizations'], errors, (v, lp) => {
            if (typeof v !== 'string') errors.required(lp);
            else errors.badLength(lp, v, 1, 100);
          });
          if (t === ApplicationCommandOptionType.String) {
            if (typeof c.value !== 'string') errors.add([...cp, 'value'], 'BASE_TYPE_STRING', 'Must be a string.');
            else errors.maxLength([...cp, 'value'], c.value, 100);
          } else if (typeof c.value !== 'number') {
            errors.add([...cp, 'value'], 'NUMBER_TYPE_COERCE', `Value "${String(c.value)}" is not a number.`);
          } else if (t === ApplicationCommandOptionType.Integer && !Number.isInteger(c.value)) {
            errors.add([...cp, 'value'], 'NUMBER_TYPE_COERCE', `Value "${c.value}" is not int.`);
          }
        });
      }
    }
    if (t === ApplicationCommandOptionType.String) {
      for (const key of ['min_length', 'max_length'] as const) {
        const v = o[key];
        const lo = key === 'min_length' ? 0 : 1;
        if (v !== undefined && v !== null && (typeof v !== 'number' || v < lo || v > 6000)) {
          errors.add([...p, key], 'NUMBER_TYPE_MAX', `int value should be between ${lo} and 6000.`);
        }
      }
    }
  });
  if (sawSub && sawPlain) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
}

/** Sum of name, description, choice names and string values through the whole command. */
function commandSize(node: JsonRecord): number {
  let n = 0;
  if (typeof node.name === 'string') n += [...node.name].length;
  if (typeof node.description === 'string') n += [...node.description].length;
  if (Array.isArray(node.choices)) {
    for (const c of node.choices) {
      if (isRecord(c)) {
        if (typeof c.name === 'string') n += [...c.name].length;
        if (typeof c.value === 'string') n += [...c.value].length;
      }
    }
  }
  if (Array.isArray(node.options)) for (const o of node.options) if (isRecord(o)) n += commandSize(o);
  return n;
}
