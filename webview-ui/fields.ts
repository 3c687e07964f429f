// Labelled controls bound to one setting each. A change is sent to the host; the host's answer
// (state or validation) is what the control shows next. A control the user is editing, or whose
// value the host just rejected, keeps the user's text so it can be corrected.
import { SETTING_BOUNDS, type BoundedSetting, type Config, type SettingKey } from '../src/protocol/coreTypes';
import type { PageContext } from './context';
import { h, uid } from './dom';

export interface FieldView {
  element: HTMLElement;
  update(config: Config): void;
}

interface FieldText {
  label: string;
  help?: string;
}

function shell(ctx: PageContext, key: SettingKey, text: FieldText, control: HTMLElement, inline = false): HTMLElement {
  const id = uid(`field-${key.replace(/\./g, '-')}`);
  control.id = id;
  control.dataset.setting = key;
  const help = text.help ? h('p', { class: 'field-help', id: `${id}-help` }, text.help) : null;
  if (help) control.setAttribute('aria-describedby', help.id);
  const error = ctx.errors.register(key, control);
  const label = h('label', { for: id }, text.label);
  return inline
    ? h('div', { class: 'field field-inline' }, control, label, help, error)
    : h('div', { class: 'field' }, label, control, help, error);
}

function editable(ctx: PageContext, key: SettingKey, control: HTMLElement): boolean {
  return document.activeElement !== control && !ctx.errors.has(key);
}

/** A number box whose range is the schema's (SETTING_BOUNDS in core/config.ts, through the protocol). */
export function numberField(ctx: PageContext, key: BoundedSetting, text: FieldText, limits: { step?: number; nullable?: boolean } = {}): FieldView {
  const { min, max } = SETTING_BOUNDS[key];
  const input = h('input', { type: 'number', min, max, step: limits.step ?? 1, inputmode: 'decimal' });
  input.addEventListener('change', () => {
    const raw = input.value.trim();
    if (raw === '' && limits.nullable) {
      ctx.send({ type: 'setSetting', key, value: null });
      return;
    }
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      ctx.errors.set(key, ctx.t.routing.notANumber);
      return;
    }
    ctx.send({ type: 'setSetting', key, value });
  });
  return {
    element: shell(ctx, key, text, input),
    update(config) {
      if (!editable(ctx, key, input)) return;
      const value = config[key];
      input.value = value === null || value === undefined ? '' : String(value);
    },
  };
}

export function checkboxField(ctx: PageContext, key: SettingKey, text: FieldText): FieldView {
  const input = h('input', { type: 'checkbox' });
  input.addEventListener('change', () => ctx.send({ type: 'setSetting', key, value: input.checked }));
  return {
    element: shell(ctx, key, text, input, true),
    update(config) {
      if (!ctx.errors.has(key)) input.checked = config[key] === true;
    },
  };
}

export function selectField<V extends string | number>(
  ctx: PageContext,
  key: SettingKey,
  text: FieldText,
  options: { value: V; label: string }[],
): FieldView {
  const select = h('select', null, options.map((o) => h('option', { value: String(o.value) }, o.label)));
  select.addEventListener('change', () => {
    const chosen = options.find((o) => String(o.value) === select.value);
    if (chosen) ctx.send({ type: 'setSetting', key, value: chosen.value });
  });
  return {
    element: shell(ctx, key, text, select),
    update(config) {
      if (editable(ctx, key, select)) select.value = String(config[key]);
    },
  };
}

export function textField(ctx: PageContext, key: SettingKey, text: FieldText, type: 'text' | 'url' = 'text'): FieldView {
  const input = h('input', { type, spellcheck: 'false', autocomplete: 'off' });
  input.addEventListener('change', () => ctx.send({ type: 'setSetting', key, value: input.value }));
  return {
    element: shell(ctx, key, text, input),
    update(config) {
      if (editable(ctx, key, input)) input.value = String(config[key] ?? '');
    },
  };
}

/** A radio group for an enum setting, one option per card, each with a description. */
export function radioCards<V extends string>(
  ctx: PageContext,
  key: SettingKey,
  legend: string,
  options: { value: V; title: string; body: HTMLElement | string }[],
  className: string,
): FieldView {
  const name = uid(`radio-${key}`);
  const inputs = options.map((o) => {
    const input = h('input', { type: 'radio', name, value: o.value });
    input.addEventListener('change', () => {
      if (input.checked) ctx.send({ type: 'setSetting', key, value: o.value });
    });
    return input;
  });
  const fieldset = h(
    'fieldset',
    { class: className },
    h('legend', null, legend),
    options.map((o, i) => {
      const descId = uid('desc');
      const input = inputs[i];
      input.setAttribute('aria-describedby', descId);
      input.dataset.setting = key;
      return h(
        'label',
        { class: 'card', 'data-value': o.value },
        h('span', { class: 'card-title' }, input, ' ', o.title),
        h('div', { class: 'card-body', id: descId }, o.body),
      );
    }),
  );
  const error = ctx.errors.register(key, fieldset);
  fieldset.appendChild(error);
  return {
    element: fieldset,
    update(config) {
      for (const input of inputs) {
        input.checked = input.value === config[key];
        input.closest('.card')?.classList.toggle('selected', input.checked);
      }
    },
  };
}
