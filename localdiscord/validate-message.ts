/**
 * Message body validation, following the limits of Discord's "Create Message" / "Execute Webhook" docs:
 * content ≤ 2000, ≤ 10 embeds (title 256, description 4096, 25 fields of name 256 / value 1024,
 * footer 2048, author 256, 6000 characters in total), components, allowed_mentions, nonce ≤ 25.
 */
import { MessageFlags } from 'discord-api-types/v10';
import { lengthOf, type FormErrors } from './errors.ts';
import { isRecord, type JsonRecord, type Path } from './json.ts';
import { validateMessageComponents } from './validate-components.ts';

/** Checks the fields present in `body` (creates and edits alike; emptiness is checked on the resulting message). */
export function validateMessageBody(body: JsonRecord, path: Path, errors: FormErrors): void {
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const v2 = (flags & MessageFlags.IsComponentsV2) !== 0;

  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') errors.add([...path, 'content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else errors.maxLength([...path, 'content'], body.content, 2000);
    if (v2 && typeof body.content === 'string' && body.content.length > 0) {
      errors.add([...path, 'content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    }
  }

  if (body.embeds !== undefined && body.embeds !== null) validateEmbeds(body.embeds, [...path, 'embeds'], errors);

  validateMessageComponents(body.components, [...path, 'components'], errors, v2);

  if (body.allowed_mentions !== undefined && body.allowed_mentions !== null) {
    validateAllowedMentions(body.allowed_mentions, [...path, 'allowed_mentions'], errors);
  }

  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') errors.maxLength([...path, 'nonce'], body.nonce, 25);
    else if (typeof body.nonce !== 'number' || !Number.isInteger(body.nonce)) errors.add([...path, 'nonce'], 'BASE_TYPE_STRING', 'Must be a string.');
  }

  if (body.attachments !== undefined && body.attachments !== null) {
    if (!Array.isArray(body.attachments)) errors.add([...path, 'attachments'], 'BASE_TYPE_LIST', 'Must be a list.');
    else {
      errors.maxLength([...path, 'attachments'], body.attachments, 10);
      body.attachments.forEach((a, i) => {
        if (!isRecord(a) || (typeof a.id !== 'string' && typeof a.id !== 'number')) errors.required([...path, 'attachments', i, 'id']);
        else if (typeof a.description === 'string') errors.maxLength([...path, 'attachments', i, 'description'], a.description, 1024);
      });
    }
  }
}

function validateEmbeds(value: unknown, path: Path, errors: FormErrors): void {
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be a list.');
    return;
  }
  errors.maxLength(path, value, 10);
  let total = 0;
  const text = (v: unknown): number => (typeof v === 'string' ? lengthOf(v) : 0);
  value.forEach((embed, i) => {
    const p = [...path, i];
    if (!isRecord(embed)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    stringMax(embed.title, [...p, 'title'], 256, errors);
    stringMax(embed.description, [...p, 'description'], 4096, errors);
    stringMax(embed.url, [...p, 'url'], 2048, errors);
    total += text(embed.title) + text(embed.description);
    if (embed.color !== undefined && embed.color !== null) {
      if (typeof embed.color !== 'number' || !Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) {
        errors.add([...p, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
      }
    }
    if (embed.timestamp !== undefined && embed.timestamp !== null) {
      if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
        errors.add([...p, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${JSON.stringify(embed.timestamp)}. Should be ISO8601.`);
      }
    }
    if (embed.footer !== undefined && embed.footer !== null) {
      if (!isRecord(embed.footer) || typeof embed.footer.text !== 'string') errors.required([...p, 'footer', 'text']);
      else {
        errors.maxLength([...p, 'footer', 'text'], embed.footer.text, 2048);
        total += text(embed.footer.text);
      }
    }
    if (embed.author !== undefined && embed.author !== null) {
      if (!isRecord(embed.author) || typeof embed.author.name !== 'string') errors.required([...p, 'author', 'name']);
      else {
        errors.maxLength([...p, 'author', 'name'], embed.author.name, 256);
        total += text(embed.author.name);
      }
    }
    if (embed.fields !== undefined && embed.fields !== null) {
      if (!Array.isArray(embed.fields)) errors.add([...p, 'fields'], 'BASE_TYPE_LIST', 'Must be a list.');
      else {
        errors.maxLength([...p, 'fields'], embed.fields, 25);
        embed.fields.forEach((f, j) => {
          const fp = [...p, 'fields', j];
          if (!isRecord(f)) {
            errors.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
            return;
          }
          if (typeof f.name !== 'string' || f.name.length === 0) errors.required([...fp, 'name']);
          else errors.maxLength([...fp, 'name'], f.name, 256);
          if (typeof f.value !== 'string' || f.value.length === 0) errors.required([...fp, 'value']);
          else errors.maxLength([...fp, 'value'], f.value, 1024);
          total += text(f.name) + text(f.value);
        });
      }
    }
  });
  if (total > 6000) errors.add(path, 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

function stringMax(value: unknown, path: Path, max: number, errors: FormErrors): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
  else errors.maxLength(path, value, max);
}

function validateAllowedMentions(value: unknown, path: Path, errors: FormErrors): void {
  if (!isRecord(value)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = value.parse;
  if (parse !== undefined) {
    if (!Array.isArray(parse)) errors.add([...path, 'parse'], 'BASE_TYPE_LIST', 'Must be a list.');
    else
      parse.forEach((p, i) => {
        if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
          errors.add([...path, 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of {'users', 'roles', 'everyone'}.");
        }
      });
  }
  for (const key of ['users', 'roles'] as const) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      errors.add([...path, key], 'BASE_TYPE_LIST', 'Must be a list.');
      continue;
    }
    errors.maxLength([...path, key], list, 100);
    if (Array.isArray(parse) && parse.includes(key) && list.length > 0) {
      errors.add([...path, 'parse'], 'SET_TYPE_ALREADY_CONTAINS_VALUE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
}

/** Autocomplete callback data: `choices` ≤ 25, each name 1–100, string values ≤ 100. */
export function validateAutocompleteChoices(data: unknown, path: Path, errors: FormErrors): void {
  if (!isRecord(data) || !Array.isArray(data.choices)) {
    errors.required([...path, 'choices']);
    return;
  }
  const choices = data.choices;
  errors.maxLength([...path, 'choices'], choices, 25);
  choices.forEach((c, i) => {
    const p = [...path, 'choices', i];
    if (!isRecord(c)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (typeof c.name !== 'string') errors.required([...p, 'name']);
    else errors.badLength([...p, 'name'], c.name, 1, 100);
    if (typeof c.value === 'string') errors.maxLength([...p, 'value'], c.value, 100);
    else if (typeof c.value !== 'number') errors.required([...p, 'value']);
    if (c.name_localizations !== undefined && c.name_localizations !== null && isRecord(c.name_localizations)) {
      for (const [locale, name] of Object.entries(c.name_localizations)) {
        if (typeof name === 'string') errors.badLength([...p, 'name_localizations', locale], name, 1, 100);
      }
    }
  });
}

