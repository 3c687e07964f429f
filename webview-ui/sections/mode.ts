// Provider mode: the two modes side by side, what each offers and when to choose it.
import { PROVIDER_MODES } from '../../src/protocol/coreTypes';
import type { PageContext } from '../context';
import { h } from '../dom';
import { radioCards } from '../fields';
import { sectionShell, type SectionView } from './section';

export function createModeSection(ctx: PageContext): SectionView {
  const t = ctx.t;
  const cards = radioCards(
    ctx,
    'providerMode',
    t.modes.legend,
    PROVIDER_MODES.map((mode) => {
      const info = t.modeInfo[mode];
      return {
        value: mode,
        title: info.name,
        body: h(
          'div',
          null,
          h('p', { class: 'card-caption' }, t.modes.offers),
          h('ul', null, info.offers.map((line) => h('li', null, line))),
          h('p', null, h('strong', null, `${t.modes.chooseWhen} `), info.when),
        ),
      };
    }),
    'cards mode-cards',
  );
  return {
    id: 'mode',
    element: sectionShell('mode', t.sections.mode, cards.element),
    update: (state) => cards.update(state.config),
  };
}
