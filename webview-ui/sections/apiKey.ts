// API key: whether one is set and where from. The key itself is typed into VS Code's password
// box on the host side and never reaches this page.
import type { Operation } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h } from '../dom';
import { textField } from '../fields';
import { actionButton, sectionShell, type SectionView } from './section';

export interface ApiKeySection extends SectionView {
  setBusy(operation: Operation, busy: boolean): void;
}

export function createApiKeySection(ctx: PageContext): ApiKeySection {
  const t = ctx.t.key;
  const status = h('p', { class: 'key-status', 'data-key-source': 'none', role: 'status' }, '');
  const setButton = actionButton(t.set, t.set, () => ctx.send({ type: 'setApiKey' }));
  const clearButton = actionButton(t.clear, t.clear, () => ctx.send({ type: 'clearApiKey' }), true);
  const testButton = actionButton(t.test, ctx.t.connection.running, () => ctx.send({ type: 'testConnection' }), true);
  const baseUrl = textField(ctx, 'baseUrl', { label: t.baseUrl, help: t.baseUrlHelp }, 'url');
  const element = sectionShell(
    'apiKey',
    ctx.t.sections.apiKey,
    h('div', { class: 'row' }, h('span', { class: 'label' }, `${t.status}:`), status),
    h('div', { class: 'buttons' }, setButton, clearButton, testButton),
    h('p', { class: 'field-help' }, t.note),
    baseUrl.element,
  );
  return {
    id: 'apiKey',
    element,
    update(state) {
      const source = state.key.set ? state.key.source : 'none';
      status.dataset.keySource = source;
      status.textContent = source === 'secret' ? t.secret : source === 'env' ? t.env : t.none;
      setButton.textContent = source === 'secret' ? t.replace : t.set;
      clearButton.disabled = source !== 'secret';
      baseUrl.update(state.config);
    },
    setBusy(operation, busy) {
      if (operation === 'setApiKey') setButton.setBusy(busy);
      if (operation === 'testConnection') testButton.setBusy(busy);
      if (operation === 'clearApiKey') clearButton.setBusy(busy);
    },
  };
}
