// Local gateway: whether it runs and where, start and stop it, copy its URL and token (to the
// clipboard by the host: the page never sees the token), start it with VS Code, its port.
import type { Operation } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h } from '../dom';
import { checkboxField, numberField, type FieldView } from '../fields';
import { actionButton, sectionShell, type SectionView } from './section';

export interface GatewaySection extends SectionView {
  setBusy(operation: Operation, busy: boolean): void;
}

export function createGatewaySection(ctx: PageContext): GatewaySection {
  const g = ctx.t.gateway;
  const status = h('p', { class: 'gateway-status', role: 'status' }, g.stopped);
  const start = actionButton(g.start, g.starting, () => ctx.send({ type: 'startGateway' }));
  const stop = actionButton(g.stop, g.stopping, () => ctx.send({ type: 'stopGateway' }), true);
  const copy = actionButton(g.copy, g.copying, () => ctx.send({ type: 'copyGatewayUrl' }), true);
  const fields: FieldView[] = [
    checkboxField(ctx, 'gateway.enabled', { label: g.enabled, help: g.enabledHelp }),
    numberField(ctx, 'gateway.port', { label: g.port, help: g.portHelp }),
  ];
  return {
    id: 'gateway',
    element: sectionShell(
      'gateway',
      ctx.t.sections.gateway,
      h('p', null, g.help),
      status,
      h('div', { class: 'buttons' }, start, stop, copy),
      h('div', { class: 'grid' }, fields.map((f) => f.element)),
    ),
    update(state) {
      const gateway = state.gateway;
      status.dataset.running = String(gateway?.running ?? false);
      status.textContent = !gateway ? g.unavailable : gateway.running ? g.running(gateway.url) : g.stopped;
      start.hidden = !gateway || gateway.running;
      stop.hidden = !gateway?.running;
      copy.disabled = !gateway;
      fields.forEach((f) => f.update(state.config));
    },
    setBusy(operation, busy) {
      if (operation === 'startGateway') start.setBusy(busy);
      if (operation === 'stopGateway') stop.setBusy(busy);
      if (operation === 'copyGatewayUrl') copy.setBusy(busy);
    },
  };
}
