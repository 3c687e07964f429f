// Shared shape of the page's sections.
import type { Section, SettingsState } from '../../src/protocol/pageMessages';
import { h, type Child } from '../dom';

export interface SectionView {
  id: Section;
  element: HTMLElement;
  update(state: SettingsState): void;
}

export function sectionShell(id: Section, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { id: `section-${id}`, class: 'section', 'aria-labelledby': `heading-${id}` },
    h('h2', { id: `heading-${id}`, tabindex: -1 }, title),
    ...children,
  );
}

/** A button whose label changes while its operation runs on the host. */
export function actionButton(label: string, busyLabel: string, onClick: () => void, secondary = false): HTMLButtonElement & { setBusy(busy: boolean): void } {
  const button = h('button', { type: 'button', class: secondary ? 'secondary' : undefined }, label) as HTMLButtonElement & { setBusy(busy: boolean): void };
  button.addEventListener('click', onClick);
  button.setBusy = (busy) => {
    button.textContent = busy ? busyLabel : label;
    button.setAttribute('aria-busy', String(busy));
    button.disabled = busy;
  };
  return button;
}
