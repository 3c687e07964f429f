// Endpoints: OpenAI-compatible servers next to OpenRouter. Each is listed with whether it answers and
// whether a key is set (never the key: "Set key…" runs the host's command, whose password box is
// VS Code's), with test, edit and remove, and its models with a toggle each; a form adds one from a
// preset. Rows are kept by endpoint id and updated in place, so a state update never takes away
// what the user is typing.
import { ENDPOINT_ID_PATTERN, ENDPOINT_PRESETS, uniqueId } from '../../src/protocol/coreTypes';
import type { EndpointEntry, Operation } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h } from '../dom';
import { editForm, endpointModels, labelled, removeConfirm } from './endpointRowParts';
import { actionButton, sectionShell, type SectionView } from './section';

export interface EndpointsSection extends SectionView {
  setBusy(operation: Operation, busy: boolean): void;
  showTest(id: string, status: 'running' | 'passed' | 'failed', message: string | undefined): void;
}

const URL_PATTERN = /^https?:\/\/\S+$/;

interface Row {
  element: HTMLElement;
  update(entry: EndpointEntry): void;
  showTest(status: 'running' | 'passed' | 'failed', message: string | undefined): void;
}

/** One endpoint: its name, URL and status, its actions, and the pieces of endpointRowParts.ts. */
function createRow(ctx: PageContext, initial: EndpointEntry): Row {
  const t = ctx.t.endpoints;
  const id = initial.id;
  let entry = initial;

  const title = h('strong', { class: 'endpoint-label' }, entry.label);
  const url = h('code', { class: 'endpoint-url' }, entry.baseUrl);
  const status = h('p', { class: 'endpoint-status muted' });
  const testResult = h('p', { class: 'endpoint-test', role: 'status', hidden: true });
  const test = actionButton(t.test, t.testing, () => ctx.send({ type: 'testEndpoint', id }), true);
  const setKey = actionButton(t.setKey, t.setKey, () => ctx.send({ type: 'setEndpointKey', id }), true);
  const edit = h('button', { type: 'button', class: 'secondary' }, t.edit);
  const remove = h('button', { type: 'button', class: 'secondary' }, t.remove);
  test.dataset.action = 'test';
  setKey.dataset.action = 'setKey';
  edit.dataset.action = 'edit';
  remove.dataset.action = 'remove';
  const form = editForm(ctx, id);
  const confirm = removeConfirm(ctx, id);
  const models = endpointModels(ctx);
  edit.addEventListener('click', () => form.open(entry));
  remove.addEventListener('click', () => confirm.ask(entry.label));

  const element = h(
    'li',
    { class: 'endpoint', 'data-endpoint': id },
    h('div', { class: 'row' }, title, url),
    status,
    testResult,
    h('div', { class: 'buttons' }, test, edit, setKey, remove),
    form.element,
    confirm.element,
    models.element,
  );

  const row: Row = {
    element,
    update(next) {
      entry = next;
      title.textContent = next.label;
      url.textContent = next.baseUrl;
      status.dataset.answering = next.answering;
      status.dataset.key = String(next.keySet);
      const answering = next.answering === 'yes' ? t.answering : next.answering === 'no' ? t.notAnswering : t.notChecked;
      status.textContent = [answering, next.keySet ? t.keySet : t.noKey, next.free ? t.free : t.notFree].join(' · ');
      setKey.textContent = next.keySet ? t.replaceKey : t.setKey;
      form.settle(next);
      models.update(next);
    },
    showTest(state, message) {
      test.setBusy(state === 'running');
      if (state === 'running') return;
      testResult.hidden = false;
      testResult.dataset.ok = String(state === 'passed');
      testResult.textContent = `${state === 'passed' ? '✓' : '✗'} ${message ?? ''}`;
    },
  };
  row.update(initial);
  return row;
}

export function createEndpointsSection(ctx: PageContext): EndpointsSection {
  const t = ctx.t.endpoints;
  const rows = new Map<string, Row>();
  const list = h('ul', { class: 'endpoint-list' });
  const empty = h('p', { class: 'muted', 'data-endpoints-empty': '' }, t.none);
  let taken = new Set<string>(['openrouter']);
  let pendingAdd: string | undefined;

  // Adding: a preset fills in its documented base URL, an id and a name; all stay editable.
  const preset = h(
    'select',
    null,
    ENDPOINT_PRESETS.map((p) => h('option', { value: p.id }, p.label)),
    h('option', { value: '' }, t.other),
  ) as HTMLSelectElement;
  const source = h('p', { class: 'field-help' });
  const baseUrl = h('input', { type: 'url', spellcheck: 'false' }) as HTMLInputElement;
  const idInput = h('input', { type: 'text', maxlength: 32, spellcheck: 'false' }) as HTMLInputElement;
  const label = h('input', { type: 'text', maxlength: 60 }) as HTMLInputElement;
  const add = actionButton(t.addButton, t.adding, () => submit());
  const addError = ctx.errors.register('endpoint:new', baseUrl);

  const applyPreset = () => {
    const chosen = ENDPOINT_PRESETS.find((p) => p.id === preset.value);
    baseUrl.value = chosen?.baseUrl ?? 'http://localhost:8080/v1';
    idInput.value = uniqueId(chosen?.id ?? 'local', taken);
    label.value = chosen?.label ?? '';
    source.textContent = chosen ? t.presetSource(chosen.source) : '';
    ctx.errors.set('endpoint:new', undefined);
  };
  preset.addEventListener('change', applyPreset);

  function submit(): void {
    const draft = { id: idInput.value.trim(), label: label.value.trim(), baseUrl: baseUrl.value.trim() };
    const problem = !URL_PATTERN.test(draft.baseUrl)
      ? t.badUrl
      : !ENDPOINT_ID_PATTERN.test(draft.id)
        ? t.badId
        : taken.has(draft.id)
          ? t.takenId
          : !draft.label
            ? t.noLabel
            : undefined;
    if (problem) {
      ctx.errors.set('endpoint:new', problem);
      return;
    }
    pendingAdd = draft.id;
    ctx.send({ type: 'saveEndpoint', endpoint: draft });
  }

  const form = h(
    'details',
    { class: 'endpoint-add' },
    h('summary', null, t.add),
    h('div', { class: 'grid' }, labelled(t.preset, preset), labelled(t.baseUrl, baseUrl), labelled(t.id, idInput, t.idHelp), labelled(t.label, label)),
    source,
    addError,
    h('div', { class: 'buttons' }, add),
  );
  applyPreset();

  return {
    id: 'endpoints',
    element: sectionShell('endpoints', ctx.t.sections.endpoints, h('p', null, t.help), empty, list, form),
    update(state) {
      const entries = state.endpoints ?? [];
      taken = new Set(['openrouter', ...entries.map((e) => e.id)]);
      empty.hidden = entries.length > 0;
      for (const [id, row] of rows) {
        if (!entries.some((e) => e.id === id)) {
          row.element.remove();
          rows.delete(id);
        }
      }
      for (const entry of entries) {
        let row = rows.get(entry.id);
        if (row) row.update(entry);
        else {
          row = createRow(ctx, entry);
          rows.set(entry.id, row);
        }
        list.append(row.element);
      }
      if (pendingAdd && taken.has(pendingAdd)) {
        pendingAdd = undefined;
        applyPreset();
      }
      // The proposed id moves on when the one shown was taken meanwhile (not while the user types it).
      if (taken.has(idInput.value) && document.activeElement !== idInput) idInput.value = uniqueId(idInput.value.replace(/-\d+$/, ''), taken);
    },
    setBusy(operation, busy) {
      if (operation === 'saveEndpoint') add.setBusy(busy);
    },
    showTest(id, status, message) {
      rows.get(id)?.showTest(status, message);
    },
  };
}
