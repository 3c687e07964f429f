// The pieces of one endpoint's row: the form that edits its name and base URL, the question before
// removing it, and its models with a toggle each. Each piece owns its controls; the row places them.
import type { EndpointEntry } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h, replaceChildren, uid } from '../dom';

const URL_PATTERN = /^https?:\/\/\S+$/;

export function labelled(label: string, control: HTMLInputElement | HTMLSelectElement, help?: string): HTMLElement {
  control.id = uid('endpoint-field');
  const helpText = help ? h('p', { class: 'field-help', id: `${control.id}-help` }, help) : null;
  if (helpText) control.setAttribute('aria-describedby', helpText.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, helpText);
}

export interface EditForm {
  element: HTMLElement;
  open(entry: EndpointEntry): void;
  /** Closes the form once the host's state shows the saved values. */
  settle(entry: EndpointEntry): void;
}

/** Editing: name and base URL (the id is part of every enabled model id, so it stays). */
export function editForm(ctx: PageContext, id: string): EditForm {
  const t = ctx.t.endpoints;
  let pendingEdit: { label: string; baseUrl: string } | undefined;
  const labelInput = h('input', { type: 'text', maxlength: 60 }) as HTMLInputElement;
  const urlInput = h('input', { type: 'url', spellcheck: 'false' }) as HTMLInputElement;
  const save = h('button', { type: 'button' }, t.save);
  const cancel = h('button', { type: 'button', class: 'secondary' }, t.cancel);
  const error = ctx.errors.register(`endpoint:${id}`, urlInput);
  const element = h(
    'div',
    { class: 'endpoint-edit', hidden: true },
    h('div', { class: 'grid' }, labelled(t.label, labelInput), labelled(t.baseUrl, urlInput)),
    error,
    h('div', { class: 'buttons' }, save, cancel),
  );
  cancel.addEventListener('click', () => {
    pendingEdit = undefined;
    element.hidden = true;
  });
  save.addEventListener('click', () => {
    const draft = { label: labelInput.value.trim(), baseUrl: urlInput.value.trim() };
    if (!draft.label) return void ctx.errors.set(`endpoint:${id}`, t.noLabel);
    if (!URL_PATTERN.test(draft.baseUrl)) return void ctx.errors.set(`endpoint:${id}`, t.badUrl);
    pendingEdit = draft;
    ctx.send({ type: 'saveEndpoint', endpoint: { id, ...draft }, originalId: id });
  });
  return {
    element,
    open(entry) {
      labelInput.value = entry.label;
      urlInput.value = entry.baseUrl;
      ctx.errors.set(`endpoint:${id}`, undefined);
      element.hidden = false;
      labelInput.focus();
    },
    settle(entry) {
      if (pendingEdit && pendingEdit.label === entry.label && pendingEdit.baseUrl.replace(/\/+$/, '') === entry.baseUrl) {
        pendingEdit = undefined;
        element.hidden = true;
      }
    },
  };
}

export interface RemoveConfirm {
  element: HTMLElement;
  ask(label: string): void;
}

/** Removing asks first: the endpoint goes with its models and its key. */
export function removeConfirm(ctx: PageContext, id: string): RemoveConfirm {
  const t = ctx.t.endpoints;
  const text = h('p', null, '');
  const confirm = h('button', { type: 'button' }, t.confirm);
  const cancel = h('button', { type: 'button', class: 'secondary' }, t.cancel);
  const element = h('div', { class: 'endpoint-confirm', role: 'group', hidden: true }, text, h('div', { class: 'buttons' }, confirm, cancel));
  cancel.addEventListener('click', () => {
    element.hidden = true;
  });
  confirm.addEventListener('click', () => {
    element.hidden = true;
    ctx.send({ type: 'removeEndpoint', id });
  });
  return {
    element,
    ask(label) {
      text.textContent = t.confirmRemove(label);
      element.hidden = false;
      confirm.focus();
    },
  };
}

export interface EndpointModels {
  element: HTMLElement;
  update(entry: EndpointEntry): void;
}

/** The endpoint's models with a toggle each; rebuilt only when the list changes, so focus stays. */
export function endpointModels(ctx: PageContext): EndpointModels {
  const t = ctx.t.endpoints;
  const element = h('fieldset', { class: 'endpoint-models' });
  let modelIds: string | undefined;
  const render = (entry: EndpointEntry) => {
    const legend = h('legend', null, t.models(entry.label));
    if (entry.models.length === 0) {
      replaceChildren(element, legend, h('p', { class: 'muted' }, t.noModels));
      return;
    }
    replaceChildren(
      element,
      legend,
      entry.models.map((m) => {
        const box = h('input', { type: 'checkbox', 'data-endpoint-model': m.id, 'aria-label': t.useModel(m.model) }) as HTMLInputElement;
        box.id = uid('endpoint-model');
        box.checked = m.enabled;
        box.addEventListener('change', () => ctx.send({ type: 'toggleModel', id: m.id, enabled: box.checked }));
        const error = ctx.errors.register(`model:${m.id}`, box);
        return h('div', { class: 'field field-inline' }, box, h('label', { for: box.id }, m.model), error);
      }),
    );
  };
  return {
    element,
    update(entry) {
      const ids = entry.models.map((m) => m.id).join('\n');
      if (ids !== modelIds) {
        modelIds = ids;
        render(entry);
        return;
      }
      for (const m of entry.models) {
        const box = element.querySelector<HTMLInputElement>(`input[data-endpoint-model="${CSS.escape(m.id)}"]`);
        if (box && !ctx.errors.has(`model:${m.id}`)) box.checked = m.enabled;
      }
    },
  };
}
