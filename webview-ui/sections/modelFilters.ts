// The models section's filters: search, capability chips and use case. Each change is kept in the
// page's UI state (so it survives hide and show) and then announced, so the table renders again.
import { MODEL_CAPABILITIES, USE_CASES, type UseCase } from '../../src/protocol/coreTypes';
import type { PageContext } from '../context';
import { h, uid } from '../dom';

export function modelFilters(ctx: PageContext, changed: () => void): HTMLElement {
  const t = ctx.t;
  const apply = () => {
    ctx.saveUi();
    changed();
  };
  return h(
    'div',
    { class: 'toolbar', role: 'group', 'aria-label': t.models.search },
    searchField(ctx, apply),
    capabilityChips(ctx, apply),
    useCaseField(ctx, apply),
  );
}

function searchField(ctx: PageContext, apply: () => void): HTMLElement {
  const id = uid('model-search');
  const search = h('input', { type: 'search', id, placeholder: ctx.t.models.searchPlaceholder, value: ctx.ui.search, autocomplete: 'off' });
  search.addEventListener('input', () => {
    ctx.ui.search = search.value;
    apply();
  });
  return h('div', { class: 'field' }, h('label', { for: id }, ctx.t.models.search), search);
}

function capabilityChips(ctx: PageContext, apply: () => void): HTMLElement {
  const chips = MODEL_CAPABILITIES.map((cap) => {
    const box = h('input', { type: 'checkbox', value: cap, 'data-capability': cap });
    box.checked = ctx.ui.capabilities.includes(cap);
    box.addEventListener('change', () => {
      ctx.ui.capabilities = MODEL_CAPABILITIES.filter((c, i) => chips[i].querySelector('input')?.checked);
      apply();
    });
    return h('label', { class: 'chip' }, box, ` ${ctx.t.caps[cap]}`);
  });
  return h('fieldset', { class: 'chips' }, h('legend', null, ctx.t.models.capabilities), chips);
}

function useCaseField(ctx: PageContext, apply: () => void): HTMLElement {
  const t = ctx.t;
  const id = uid('use-case');
  const useCase = h('select', { id }, h('option', { value: 'all' }, t.models.allUseCases), USE_CASES.map((u) => h('option', { value: u }, t.useCases[u])));
  useCase.value = ctx.ui.useCase;
  useCase.addEventListener('change', () => {
    ctx.ui.useCase = useCase.value === 'all' ? 'all' : (useCase.value as UseCase);
    apply();
  });
  return h('div', { class: 'field' }, h('label', { for: id }, t.models.useCase), useCase);
}
