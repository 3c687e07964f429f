// Which models the router uses: the enabled OpenRouter and endpoint models (or the recommended
// defaults), filtered by free-only; enabled models that went away are reported once; and whether
// every one of them is cooling down.
import * as vscode from 'vscode';
import type { FreeModelCatalog } from '../../core/catalog';
import type { CatalogModel, ModelHealth } from '../../core/catalog/types';
import { parseQualifiedId } from '../../core/endpoints';
import type { HostSettings } from '../settings/hostSettings';
import type { Log } from '../status/log';
import type { Endpoints } from '../endpoints/endpoints';
import { reportSkippedModels } from './skippedModelNotice';

export interface ModelSelectionDeps {
  settings: Pick<HostSettings, 'config' | 'onDidChange'>;
  catalog: Pick<FreeModelCatalog, 'resolveEnabled' | 'onDidChange' | 'ensureFresh'>;
  endpoints: Pick<Endpoints, 'modelFor'>;
  health: (id: string) => ModelHealth;
  log: Log;
}

/** The models in use, for adapters that list or pick them. */
export interface EnabledModels {
  enabledModels(): CatalogModel[];
  enabledModelIds(): string[];
  /** Fires when what the model picker or status bar shows may have changed. */
  readonly onDidChange: vscode.Event<void>;
}

export class ModelSelection implements EnabledModels, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Enabled ids the user was already told are gone, so each is reported once. */
  private readonly reportedGone = new Set<string>();
  /** Set once the disk cache was read at activation; refreshes before that would race it. */
  private catalogLoaded = false;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: ModelSelectionDeps) {
    const offCatalog = deps.catalog.onDidChange((e) => {
      if (e.gone.length || e.added.length) deps.log.info(`Models: ${e.added.length} added, ${e.gone.length} gone (${e.source}).`);
      this.reportGoneEnabled();
      this.changed.fire();
    });
    this.disposables = [
      { dispose: offCatalog },
      deps.settings.onDidChange((e) => {
        if (e.changed.some((k) => k === 'enabledModels' || k === 'freeModelsOnly' || k === 'baseUrl')) {
          this.reportGoneEnabled();
          this.changed.fire();
        }
        if (e.changed.includes('baseUrl')) deps.catalog.ensureFresh();
      }),
      this.changed,
    ];
  }

  enabledModels(): CatalogModel[] {
    const config = this.deps.settings.config;
    const openRouterIds = config.enabledModels.filter((id) => !parseQualifiedId(id));
    const fromEndpoints = this.enabledEndpointModels();
    const resolved = this.deps.catalog.resolveEnabled(openRouterIds, { freeOnly: config.freeModelsOnly, health: this.deps.health });
    // Only endpoint models chosen: OpenRouter's recommended defaults do not join them.
    if (resolved.defaulted && openRouterIds.length === 0 && fromEndpoints.length > 0) return fromEndpoints;
    const byId = new Map([...resolved.models, ...fromEndpoints].map((m) => [m.id, m]));
    const ordered = config.enabledModels.flatMap((id) => byId.get(id) ?? []);
    return resolved.defaulted ? [...resolved.models, ...fromEndpoints] : ordered;
  }

  enabledModelIds(): string[] {
    return this.enabledModels().map((m) => m.id);
  }

  /**
   * The ids the router picks from on each request. Every request checks the list's age, so a
   * long-running window refreshes it in the background (stale data is served meanwhile); only after
   * the disk cache was read.
   */
  routedModelIds(): string[] {
    if (this.catalogLoaded) this.deps.catalog.ensureFresh();
    return this.enabledModelIds();
  }

  /** Called once the disk cache is read: from now on a stale list is refreshed in the background. */
  onCatalogLoaded(): void {
    this.catalogLoaded = true;
    this.changed.fire();
    this.deps.catalog.ensureFresh();
  }

  /** True when every enabled model is cooling down (the status bar warns). */
  allCoolingDown(): boolean {
    const ids = this.enabledModelIds();
    return ids.length > 0 && ids.every((id) => this.deps.health(id).coolingDown === true);
  }

  notifyChanged(): void {
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Enabled `@endpoint/model` ids whose endpoint is configured (paid ones left out while free-only is on). */
  private enabledEndpointModels(): CatalogModel[] {
    const config = this.deps.settings.config;
    return [...new Set(config.enabledModels)].flatMap((id) => {
      const model = this.deps.endpoints.modelFor(id);
      return model && (!config.freeModelsOnly || model.free) ? [model] : [];
    });
  }

  /** Enabled models the router skips (no longer offered, unknown, or paid under free-only): the user hears it once. */
  private reportGoneEnabled(): void {
    const config = this.deps.settings.config;
    const openRouterIds = config.enabledModels.filter((id) => !parseQualifiedId(id));
    if (openRouterIds.length === 0 && config.enabledModels.length > 0) return;
    reportSkippedModels(this.deps.catalog.resolveEnabled(openRouterIds, { freeOnly: config.freeModelsOnly }), this.reportedGone, this.deps.log);
  }
}
