/**
 * Validation of message components and modals against Discord's documented limits
 * ("Components reference"): 5 action rows, 5 buttons or one select per row, custom_id ≤ 100,
 * button label ≤ 80, select options ≤ 25, modal title ≤ 45 and 1–5 top-level components.
 */
import { ButtonStyle, ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { FormErrors } from './errors.ts';
import { isRecord, type Path } from './json.ts';

const SELECT_TYPES = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/** Layout / content component types of Components V2, checked only for their interactive children. */
const V2_CONTAINERS = new Set<number>([ComponentType.Section, ComponentType.Container]);

interface Ctx {
  errors: FormErrors;
  customIds: Set<string>;
}

export function validateMessageComponents(value: unknown, path: Path, errors: FormErrors, componentsV2: boolean): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be a list.');
    return;
  }
  const ctx: Ctx = { errors, customIds: new Set() };
  if (!componentsV2) {
    errors.maxLength(path, value, 5);
    value.forEach((row, i) => {
      if (!isRecord(row) || row.type !== ComponentType.ActionRow) {
        errors.add([...path, i, 'type'], 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${ComponentType.ActionRow},).`);
        return;
      }
      validateActionRow(row, [...path, i], ctx);
    });
    return;
  }
  errors.maxLength(path, value, 40);
  value.forEach((c, i) => validateV2Component(c, [...path, i], ctx));
}

function validateV2Component(c: unknown, path: Path, ctx: Ctx): void {
  if (!isRecord(c)) {
    ctx.errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  if (c.type === ComponentType.ActionRow) {
    validateActionRow(c, path, ctx);
    return;
  }
  if (typeof c.type === 'number' && V2_CONTAINERS.has(c.type)) {
    if (Array.isArray(c.components)) c.components.forEach((child, i) => validateV2Component(child, [...path, 'components', i], ctx));
    if (isRecord(c.accessory) && c.accessory.type === ComponentType.Button) validateButton(c.accessory, [...path, 'accessory'], ctx);
  }
}

function validateActionRow(row: Record<string, unknown>, path: Path, ctx: Ctx): void {
  const { errors } = ctx;
  const children = row.components;
  if (!Array.isArray(children)) {
    errors.required([...path, 'components']);
    return;
  }
  if (children.length === 0) {
    errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    return;
  }
  errors.maxLength([...path, 'components'], children, 5);
  const hasSelect = children.some((c) => isRecord(c) && typeof c.type === 'number' && SELECT_TYPES.has(c.type));
  if (hasSelect && children.length > 1) {
    errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
  children.forEach((c, i) => {
    const p = [...path, 'components', i];
    if (!isRecord(c)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (c.type === ComponentType.Button) validateButton(c, p, ctx);
    else if (typeof c.type === 'number' && SELECT_TYPES.has(c.type)) validateSelect(c, p, ctx);
    else errors.add([...p, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
  });
}

function checkCustomId(c: Record<string, unknown>, path: Path, ctx: Ctx): void {
  const id = c.custom_id;
  if (typeof id !== 'string' || id.length === 0) {
    ctx.errors.required([...path, 'custom_id']);
    return;
  }
  ctx.errors.maxLength([...path, 'custom_id'], id, 100);
  if (ctx.customIds.has(id)) ctx.errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  ctx.customIds.add(id);
}

function validateButton(c: Record<string, unknown>, path: Path, ctx: Ctx): void {
  const { errors } = ctx;
  const style = c.style;
  if (typeof style !== 'number' || style < ButtonStyle.Primary || style > ButtonStyle.Premium) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6).');
    return;
  }
  if (style === ButtonStyle.Link) {
    if (typeof c.url !== 'string') errors.required([...path, 'url']);
    else errors.maxLength([...path, 'url'], c.url, 512);
    if (c.custom_id !== undefined) errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set on link buttons');
  } else if (style === ButtonStyle.Premium) {
    if (typeof c.sku_id !== 'string') errors.required([...path, 'sku_id']);
  } else {
    checkCustomId(c, path, ctx);
  }
  if (c.label !== undefined && c.label !== null) {
    if (typeof c.label !== 'string') errors.add([...path, 'label'], 'BASE_TYPE_STRING', 'Must be a string.');
    else errors.maxLength([...path, 'label'], c.label, 80);
  }
}

function validateSelect(c: Record<string, unknown>, path: Path, ctx: Ctx): void {
  const { errors } = ctx;
  checkCustomId(c, path, ctx);
  if (typeof c.placeholder === 'string') errors.maxLength([...path, 'placeholder'], c.placeholder, 150);
  const min = c.min_values;
  const max = c.max_values;
  if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 25)) {
    errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be between 0 and 25.');
  }
  if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 25)) {
    errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 25.');
  }
  if (c.type !== ComponentType.StringSelect) return;
  const options = c.options;
  if (!Array.isArray(options) || options.length === 0) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
    return;
  }
  errors.maxLength([...path, 'options'], options, 25);
  const values = new Set<string>();
  options.forEach((o, i) => {
    const p = [...path, 'options', i];
    if (!isRecord(o)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (typeof o.label !== 'string' || o.label.length === 0) errors.required([...p, 'label']);
    else errors.maxLength([...p, 'label'], o.label, 100);
    if (typeof o.value !== 'string' || o.value.length === 0) errors.required([...p, 'value']);
    else {
      errors.maxLength([...p, 'value'], o.value, 100);
      if (values.has(o.value)) errors.add([...p, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select component option values must be unique');
      values.add(o.value);
    }
    if (typeof o.description === 'string') errors.maxLength([...p, 'description'], o.description, 100);
  });
  if (typeof max === 'number' && max > options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED', `Must be less than or equal to the number of options (${options.length}).`);
  }
}

/** Modal callback data (interaction response type 9). */
export function validateModal(data: unknown, path: Path, errors: FormErrors): void {
  if (!isRecord(data)) {
    errors.required(path);
    return;
  }
  if (typeof data.title !== 'string' || data.title.length === 0) errors.required([...path, 'title']);
  else errors.maxLength([...path, 'title'], data.title, 45);
  if (typeof data.custom_id !== 'string' || data.custom_id.length === 0) errors.required([...path, 'custom_id']);
  else errors.maxLength([...path, 'custom_id'], data.custom_id, 100);
  const components = data.components;
  if (!Array.isArray(components) || components.length === 0) {
    errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    return;
  }
  errors.maxLength([...path, 'components'], components, 5);
  const ids = new Set<string>();
  components.forEach((c, i) => {
    const p = [...path, 'components', i];
    if (!isRecord(c)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (c.type === ComponentType.ActionRow) {
      const children = Array.isArray(c.components) ? c.components : [];
      if (children.length !== 1) {
        errors.add([...p, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
        return;
      }
      const input = children[0];
      if (!isRecord(input) || input.type !== ComponentType.TextInput) {
        errors.add([...p, 'components', 0, 'type'], 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${ComponentType.TextInput},).`);
        return;
      }
      validateTextInput(input, [...p, 'components', 0], errors, ids, true);
    } else if (c.type === ComponentType.Label) {
      if (typeof c.label !== 'string' || c.label.length === 0) errors.required([...p, 'label']);
      else errors.maxLength([...p, 'label'], c.label, 45);
      if (typeof c.description === 'string') errors.maxLength([...p, 'description'], c.description, 100);
      const inner = c.component;
      if (!isRecord(inner)) errors.required([...p, 'component']);
      else if (inner.type === ComponentType.TextInput) validateTextInput(inner, [...p, 'component'], errors, ids, false);
      else if (typeof inner.type === 'number' && SELECT_TYPES.has(inner.type)) {
        validateSelect(inner, [...p, 'component'], { errors, customIds: ids });
      }
    } else if (c.type !== ComponentType.TextDisplay) {
      errors.add([...p, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
}

function validateTextInput(c: Record<string, unknown>, path: Path, errors: FormErrors, ids: Set<string>, needsLabel: boolean): void {
  checkCustomId(c, path, { errors, customIds: ids });
  if (c.style !== TextInputStyle.Short && c.style !== TextInputStyle.Paragraph) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2).');
  }
  if (needsLabel) {
    if (typeof c.label !== 'string' || c.label.length === 0) errors.required([...path, 'label']);
    else errors.maxLength([...path, 'label'], c.label, 45);
  }
  if (typeof c.placeholder === 'string') errors.maxLength([...path, 'placeholder'], c.placeholder, 100);
  if (typeof c.value === 'string') errors.maxLength([...path, 'value'], c.value, 4000);
  for (const key of ['min_length', 'max_length'] as const) {
    const v = c[key];
    const lo = key === 'min_length' ? 0 : 1;
    if (v !== undefined && (typeof v !== 'number' || v < lo || v > 4000)) {
      errors.add([...path, key], 'NUMBER_TYPE_MAX', `int value should be between ${lo} and 4000.`);
    }
  }
}
