// Connection test: run it and see each step's result and latency as it completes.
import type { ConnectionTestMessage } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h, replaceChildren } from '../dom';
import { formatMs } from '../../src/protocol/coreTypes';
import { actionButton, sectionShell, type SectionView } from './section';

export interface ConnectionSection extends SectionView {
  show(result: Omit<ConnectionTestMessage, 'type'>): void;
  setBusy(busy: boolean): void;
}

export function createConnectionSection(ctx: PageContext): ConnectionSection {
  const c = ctx.t.connection;
  const run = actionButton(c.run, c.running, () => ctx.send({ type: 'testConnection' }));
  const status = h('p', { class: 'connection-status', role: 'status' }, c.idle);
  const steps = h('ol', { class: 'steps' });
  return {
    id: 'connection',
    element: sectionShell('connection', ctx.t.sections.connection, h('div', { class: 'buttons' }, run), status, steps),
    update: () => undefined,
    setBusy: (busy) => run.setBusy(busy),
    show(result) {
      status.dataset.status = result.status;
      status.textContent = result.status === 'running' ? c.running : result.status === 'passed' ? c.passed : c.failed;
      replaceChildren(
        steps,
        result.steps.map((step) =>
          h(
            'li',
            { class: step.ok ? 'step ok' : 'step failed', 'data-step': step.id },
            h('span', { class: 'step-mark', 'aria-label': step.ok ? c.ok : c.notOk }, step.ok ? '✓' : '✗'),
            ' ',
            h('strong', null, step.label),
            step.latencyMs !== undefined ? h('span', { class: 'muted' }, ` (${formatMs(step.latencyMs)})`) : null,
            h('div', { class: 'step-message' }, step.message),
          ),
        ),
      );
    },
  };
}
