// The page: builds the sections once, then applies what the host sends. Every host message is
// parsed with the protocol first; one that does not parse is dropped and the page carries on.
import { connectionStepSchema, parseHostMessage, settingsStateSchema, SECTIONS, type HostMessage, type Operation, type Section, type SettingsState } from '../src/protocol/pageMessages';
import * as z from 'zod';
import type { PageContext } from './context';
import { h, replaceChildren } from './dom';
import { FieldErrors } from './fieldErrors';
import { en, pickStrings, type Strings } from './strings';
import { defaultUi, uiStateSchema, type HostLink, type PersistedState, type UiState } from './vscodeApi';
import { createApiKeySection, type ApiKeySection } from './sections/apiKey';
import { createConfigurationSection, type ConfigurationSection } from './sections/configuration';
import { createConnectionSection, type ConnectionSection } from './sections/connection';
import { createGatewaySection, type GatewaySection } from './sections/gateway';
import { createEndpointsSection, type EndpointsSection } from './sections/endpoints';
import { createModeSection } from './sections/mode';
import { createModelsSection, type ModelsSection } from './sections/models';
import { createRoutingSection } from './sections/routing';
import { createStatsSection, type StatsSection } from './sections/stats';
import type { SectionView } from './sections/section';

const MAX_NOTICES = 3;
/** How often ages ("updated 5 min ago") and cooldown countdowns are brought up to date. */
const CLOCK_MS = 5000;

export class SettingsPage {
  private readonly t: Strings;
  private readonly errors = new FieldErrors();
  private readonly persisted: PersistedState;
  private readonly notices: HTMLElement;
  private readonly apiKey: ApiKeySection;
  private readonly models: ModelsSection;
  private readonly connection: ConnectionSection;
  private readonly stats: StatsSection;
  private readonly configuration: ConfigurationSection;
  private readonly sections: SectionView[];
  private readonly gateway: GatewaySection;
  private readonly endpoints: EndpointsSection;

  constructor(
    private readonly root: HTMLElement,
    private readonly link: HostLink,
    lang: string,
  ) {
    this.t = pickStrings(lang);
    document.documentElement.lang = this.t === en ? 'en' : 'zh-CN';
    this.persisted = restore(link.load());
    const ctx: PageContext = {
      send: (message) => link.send(message),
      errors: this.errors,
      t: this.t,
      ui: this.persisted.ui,
      saveUi: () => this.save(),
    };
    this.apiKey = createApiKeySection(ctx);
    this.models = createModelsSection(ctx);
    this.connection = createConnectionSection(ctx);
    this.stats = createStatsSection(ctx);
    this.configuration = createConfigurationSection(ctx);
    this.gateway = createGatewaySection(ctx);
    this.endpoints = createEndpointsSection(ctx);
    this.sections = [createModeSection(ctx), this.apiKey, this.models, this.endpoints, createRoutingSection(ctx), this.connection, this.stats, this.gateway, this.configuration];
    this.notices = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
  }

  start(): void {
    const t = this.t;
    replaceChildren(
      this.root,
      h('h1', null, t.title),
      h('nav', { 'aria-label': t.nav }, h('ul', null, SECTIONS.map((id) => h('li', null, h('a', { href: `#section-${id}` }, t.sections[id]))))),
      this.notices,
      h('p', { class: 'loading muted', 'data-loading': '' }, t.waiting),
      this.sections.map((s) => s.element),
    );
    if (this.persisted.snapshot) this.applyState(this.persisted.snapshot);
    if (this.persisted.connection) this.connection.show(this.persisted.connection);
    this.link.send({ type: 'ready' });
    setInterval(() => {
      const now = Date.now();
      this.models.refreshClock(now);
      this.stats.refreshClock(now);
    }, CLOCK_MS);
  }

  receive(raw: unknown): void {
    const message = parseHostMessage(raw, (reason) => console.warn(`[openrouter-dual] ${reason}`));
    if (!message) return;
    try {
      this.apply(message);
    } catch (error) {
      // A rendering bug must not stop the page from handling the next message.
      console.error('[openrouter-dual] could not apply a host message', message.type, error);
    }
  }

  private apply(message: HostMessage): void {
    switch (message.type) {
      case 'state':
        this.applyState(message.state);
        this.persisted.snapshot = message.state;
        this.save();
        return;
      case 'stats':
        this.stats.showStats(message.stats);
        // Kept in memory only: persisting at up to 4 updates a second costs more than it saves,
        // and a re-shown panel gets a fresh snapshot anyway.
        if (this.persisted.snapshot) this.persisted.snapshot.stats = message.stats;
        return;
      case 'validation':
        // A refused model toggle: the box the user clicked is put back to what the host holds
        // before the error shows, so the page never shows a model enabled that is not.
        if (message.message && message.field.startsWith('model:') && this.persisted.snapshot) this.applyState(this.persisted.snapshot);
        if (!this.errors.set(message.field, message.message) && message.message) this.notice('error', message.message);
        return;
      case 'connectionTest': {
        const { status, steps } = message;
        this.connection.show({ status, steps });
        this.persisted.connection = { status, steps };
        this.save();
        return;
      }
      case 'busy':
        this.setBusy(message.operation, message.busy);
        return;
      case 'notice':
        this.notice(message.level, message.message);
        return;
      case 'reveal':
        this.reveal(message.section);
        return;
      case 'endpointTest':
        this.endpoints.showTest(message.id, message.status, message.message);
        return;
    }
  }

  private applyState(state: SettingsState): void {
    this.root.removeAttribute('aria-busy');
    this.root.querySelector('[data-loading]')?.remove();
    for (const section of this.sections) section.update(state);
  }

  private setBusy(operation: Operation, busy: boolean): void {
    this.apiKey.setBusy(operation, busy);
    this.configuration.setBusy(operation, busy);
    this.gateway.setBusy(operation, busy);
    this.endpoints.setBusy(operation, busy);
    if (operation === 'testConnection') this.connection.setBusy(busy);
    if (operation === 'refreshModels') this.models.setRefreshing(busy);
    if (operation === 'resetStats') this.stats.setBusy(busy);
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    const dismiss = h('button', { type: 'button', class: 'link', 'aria-label': this.t.notices.dismiss }, '×');
    const item = h('div', { class: `notice notice-${level}`, role: level === 'error' ? 'alert' : undefined }, h('span', null, text), dismiss);
    dismiss.addEventListener('click', () => item.remove());
    this.notices.prepend(item);
    while (this.notices.children.length > MAX_NOTICES) this.notices.lastElementChild?.remove();
  }

  private reveal(section: Section): void {
    const element = document.getElementById(`section-${section}`);
    element?.scrollIntoView({ block: 'start' });
    element?.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  private save(): void {
    this.link.save(this.persisted);
  }
}

const savedConnectionSchema = z.object({ status: z.enum(['running', 'passed', 'failed']), steps: z.array(connectionStepSchema) });

/** Only a well-formed earlier state is reused; anything else starts fresh. */
function restore(saved: PersistedState | undefined): PersistedState {
  const fresh: PersistedState = { v: 1, ui: defaultUi() };
  if (!saved || saved.v !== 1) return fresh;
  const ui: UiState = uiStateSchema.parse(typeof saved.ui === 'object' && saved.ui !== null ? saved.ui : {});
  const snapshot = settingsStateSchema.safeParse(saved.snapshot);
  const connection = savedConnectionSchema.safeParse(saved.connection);
  return { v: 1, ui, snapshot: snapshot.success ? snapshot.data : undefined, connection: connection.success ? connection.data : undefined };
}
