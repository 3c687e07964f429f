// Configuration: export to and import from a JSON file, through VS Code's file dialogs.
import type { Operation } from '../../src/protocol/pageMessages';
import type { PageContext } from '../context';
import { h } from '../dom';
import { actionButton, sectionShell, type SectionView } from './section';

export interface ConfigurationSection extends SectionView {
  setBusy(operation: Operation, busy: boolean): void;
}

export function createConfigurationSection(ctx: PageContext): ConfigurationSection {
  const c = ctx.t.configuration;
  const exportButton = actionButton(c.export, c.export, () => ctx.send({ type: 'exportConfig' }), true);
  const importButton = actionButton(c.import, c.import, () => ctx.send({ type: 'importConfig' }), true);
  return {
    id: 'configuration',
    element: sectionShell('configuration', ctx.t.sections.configuration, h('p', null, c.help), h('div', { class: 'buttons' }, exportButton, importButton)),
    update: () => undefined,
    setBusy(operation, busy) {
      if (operation === 'exportConfig') exportButton.setBusy(busy);
      if (operation === 'importConfig') importButton.setBusy(busy);
    },
  };
}
