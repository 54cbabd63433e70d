/**
 * What a person can act on: numbered buttons and select menus of a message, the fields of a modal, and how the
 * letters or names typed after a menu's number become the values Discord would send.
 */
import { ComponentType } from 'discord-api-types/v10';
import { findIn, fold, type Directory } from './parse.ts';

export type SelectKind = 'string' | 'user' | 'role' | 'channel' | 'mentionable';

export interface SelectOption {
  letter: string;
  value: string;
  label: string;
  description?: string;
  default?: boolean;
}

export type Control =
  | { number: number; kind: 'button'; messageId: string; customId: string; label: string }
  | {
      number: number;
      kind: 'select';
      messageId: string;
      customId: string;
      selectKind: SelectKind;
      placeholder: string;
      options: SelectOption[];
      min: number;
      max: number;
    };

export const SELECT_KINDS: Partial<Record<number, SelectKind>> = {
  [ComponentType.StringSelect]: 'string',
  [ComponentType.UserSelect]: 'user',
  [ComponentType.RoleSelect]: 'role',
  [ComponentType.ChannelSelect]: 'channel',
  [ComponentType.MentionableSelect]: 'mentionable',
};

export function letterOf(index: number): string {
  return String.fromCharCode(97 + index);
}

/**
 * The values for `picks` typed after a menu's number: letters (`a,c`), an option's value or label, or for user,
 * role, channel and mentionable menus `@name`/`#name`. Returns the offending pick when one matches nothing.
 */
export function resolvePicks(
  control: Extract<Control, { kind: 'select' }>,
  picks: readonly string[],
  directory: Directory,
): { values: string[] } | { bad: string } {
  const values: string[] = [];
  for (const pick of picks) {
    let value: string | undefined;
    if (control.selectKind === 'string') {
      const key = fold(pick);
      const option =
        control.options.find((o) => o.letter === key) ?? control.options.find((o) => o.value === pick) ?? control.options.find((o) => fold(o.label) === key);
      value = option?.value;
    } else if (control.selectKind === 'channel') value = findIn(directory.channels, pick, /^<#(\d+)>$/, '#');
    else if (control.selectKind === 'user') value = findIn(directory.users, pick, /^<@!?(\d+)>$/, '@');
    else if (control.selectKind === 'role') value = findIn(directory.roles, pick, /^<@&(\d+)>$/, '@');
    else value = findIn(directory.users, pick, /^<@!?(\d+)>$/, '@') ?? findIn(directory.roles, pick, /^<@&(\d+)>$/, '@');
    if (value === undefined) return { bad: pick };
    if (!values.includes(value)) values.push(value);
  }
  return { values };
}

export interface ModalField {
  customId: string;
  label: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  paragraph: boolean;
  minLength?: number;
  maxLength?: number;
  /** Prefilled value. */
  value?: string;
  /** For a string select inside a modal label. */
  options?: SelectOption[];
  min?: number;
  max?: number;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields of a modal (action rows of text inputs, or labels wrapping a text input or a string select). */
export function modalFields(modal: { components?: readonly unknown[] }): ModalField[] {
  const fields: ModalField[] = [];
  for (const top of modal.components ?? []) {
    if (!isRecord(top)) continue;
    if (top.type === ComponentType.ActionRow && Array.isArray(top.components)) {
      const input = top.components[0];
      if (isRecord(input) && input.type === ComponentType.TextInput) fields.push(textField(input, String(input.label ?? input.custom_id)));
    } else if (top.type === ComponentType.Label && isRecord(top.component)) {
      const inner = top.component;
      const label = String(top.label ?? inner.custom_id);
      const description = typeof top.description === 'string' ? top.description : undefined;
      if (inner.type === ComponentType.TextInput) fields.push({ ...textField(inner, label), ...(description ? { description } : {}) });
      else if (inner.type === ComponentType.StringSelect) {
        const options = (Array.isArray(inner.options) ? inner.options : []).filter(isRecord).map((o, i) => ({
          letter: letterOf(i),
          value: String(o.value),
          label: String(o.label),
        }));
        const min = typeof inner.min_values === 'number' ? inner.min_values : 1;
        fields.push({
          customId: String(inner.custom_id),
          label,
          ...(description ? { description } : {}),
          required: inner.required !== false && min > 0,
          paragraph: false,
          options,
          min,
          max: typeof inner.max_values === 'number' ? inner.max_values : 1,
        });
      }
    }
  }
  return fields;
}

function textField(input: Json, label: string): ModalField {
  const field: ModalField = {
    customId: String(input.custom_id),
    label,
    required: input.required !== false,
    paragraph: input.style === 2,
  };
  if (typeof input.placeholder === 'string') field.placeholder = input.placeholder;
  if (typeof input.min_length === 'number') field.minLength = input.min_length;
  if (typeof input.max_length === 'number') field.maxLength = input.max_length;
  if (typeof input.value === 'string') field.value = input.value;
  return field;
}

/** A typed answer to a modal field: text as typed (`\n` for line breaks in paragraphs), select letters as values. */
export function modalValue(field: ModalField, typed: string): string | string[] | { bad: string } {
  if (!field.options) return field.paragraph ? typed.replace(/\\n/g, '\n') : typed;
  const values: string[] = [];
  for (const pick of typed.split(/[\s,;]+/).filter(Boolean)) {
    const key = fold(pick);
    const option = field.options.find((o) => o.letter === key) ?? field.options.find((o) => o.value === pick || fold(o.label) === key);
    if (!option) return { bad: pick };
    values.push(option.value);
  }
  return values;
}
