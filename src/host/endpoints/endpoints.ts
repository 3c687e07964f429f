// The endpoints besides OpenRouter, as the host holds them: the configured list, each one's key
// (only for that endpoint, only for a host that passed the key-host rule), whether it answers, its
// model list, and the label users know it by.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { CatalogModel } from '../../core/catalog/types';
import { EndpointAvailability, EndpointCatalog, displayModelName, parseQualifiedId, type EndpointConfig, type EndpointModel } from '../../core/endpoints';
import type { KeyHostGate } from '../key/keyHostGate';
import type { HostSettings } from '../settings/hostSettings';
import type { Log } from '../status/log';
import type { EndpointKeyStore } from './endpointKeys';

/** One endpoint's answer to GET /models: its model count, or why it did not answer. */
export type EndpointCheck = Awaited<ReturnType<EndpointCatalog['refreshOne']>>;

export interface EndpointsDeps {
  settings: Pick<HostSettings, 'config' | 'onDidChange'>;
  keys: EndpointKeyStore;
  keyHosts: Pick<KeyHostGate, 'allowsNow'>;
  log: Log;
  /** OpenRouter's model cache; the endpoints' lists are kept beside it. */
  cacheFile: string;
}

/** The configured endpoints and the label of a model's endpoint, for adapters that only name them. */
export interface EndpointList {
  list(): readonly EndpointConfig[];
  labelOf(modelId: string): string;
}

export class Endpoints implements EndpointList, vscode.Disposable {
  /** Which endpoints answer; their models are passed over while they do not. */
  readonly availability = new EndpointAvailability();
  /** Each endpoint's model list (GET /models), kept on disk like OpenRouter's. */
  readonly catalog: EndpointCatalog;
  readonly keys: EndpointKeyStore;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, an endpoint's models, its key or whether it answers changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: EndpointsDeps) {
    this.keys = deps.keys;
    this.catalog = new EndpointCatalog({
      endpoints: () => this.list(),
      keyOf: (id) => this.keyOf(id),
      cacheFile: join(dirname(deps.cacheFile), 'endpoint-models.json'),
      availability: this.availability,
      log: (level, message) => deps.log[level](message),
    });
    this.disposables = [
      deps.settings.onDidChange((e) => {
        if (!e.changed.includes('endpoints')) return;
        this.changed.fire();
        void this.loadKeys().then(() => this.catalog.refresh());
      }),
      { dispose: this.catalog.onDidChange(() => this.changed.fire()) },
      this.catalog,
      {
        dispose: this.availability.onDidChange((id, up) => {
          const label = this.find(id)?.label ?? id;
          deps.log.info(up ? `Endpoint ${label} answers again: its models are back in the routing.` : `Endpoint ${label} is not answering: its models are passed over until it does.`);
          this.changed.fire();
        }),
      },
      deps.keys.onDidChange(() => this.changed.fire()),
      this.changed,
    ];
  }

  /** The configured endpoints besides OpenRouter. */
  list(): readonly EndpointConfig[] {
    return this.deps.settings.config.endpoints;
  }

  find(id: string): EndpointConfig | undefined {
    return this.list().find((e) => e.id === id);
  }

  /** An endpoint's key, only for that endpoint and only when its host passed the key-host rule. */
  keyOf(id: string): string | undefined {
    const endpoint = this.find(id);
    // Only while the endpoint points to the origin its key was stored for (see core's keyBinding).
    const key = endpoint && this.deps.keys.get(endpoint);
    return endpoint && key && this.deps.keyHosts.allowsNow(endpoint.baseUrl) ? key : undefined;
  }

  /** True when the endpoint has a key bound to the origin it points to now. */
  hasKey(id: string): boolean {
    const endpoint = this.find(id);
    return endpoint !== undefined && this.deps.keys.has(endpoint);
  }

  /** Reads the endpoints' keys; a key whose endpoint moved to another origin (by any path) is removed. */
  async loadKeys(): Promise<void> {
    const keys = this.deps.keys;
    await keys.load(this.list());
    for (const endpoint of keys.moved(this.list())) {
      await keys.clear(endpoint.id);
      this.deps.log.warn(`Key of endpoint ${endpoint.label} removed: its base URL moved to another host (${endpoint.baseUrl}); set it again if that server needs one.`);
    }
  }

  /** At start: the endpoints' keys, their lists from disk, then from the servers. */
  async init(): Promise<void> {
    if (this.list().length === 0) return;
    await this.loadKeys();
    await this.catalog.load();
    await this.catalog.refresh();
  }

  /** Every endpoint's list read again (keys first: one may have been set in another window). */
  async check(): Promise<EndpointCheck[]> {
    await this.loadKeys();
    return this.catalog.refresh();
  }

  /** One endpoint's list read now; listeners hear about it even when nothing changed. */
  async checkOne(endpoint: EndpointConfig): Promise<EndpointCheck> {
    const result = await this.catalog.refreshOne(endpoint);
    this.changed.fire();
    return result;
  }

  /** The label users know a model's endpoint by ("OpenRouter" for the built-in one). */
  labelOf(modelId: string): string {
    const target = parseQualifiedId(modelId);
    if (!target) return 'OpenRouter';
    return this.find(target.endpointId)?.label ?? target.endpointId;
  }

  /** Every model every endpoint offers, as the rest of the host reads models. */
  models(): CatalogModel[] {
    return this.catalog.models().map(endpointCatalogModel);
  }

  /**
   * An enabled `@endpoint/model` id as a model, when its endpoint is configured. A model its server
   * has not listed is kept: the server may just be off.
   */
  modelFor(id: string): CatalogModel | undefined {
    const target = parseQualifiedId(id);
    const endpoint = target && this.find(target.endpointId);
    if (!target || !endpoint) return undefined;
    const listed = this.catalog.modelsOf(endpoint).find((m) => m.id === id);
    return endpointCatalogModel(listed ?? this.catalog.modelsOf({ ...endpoint, models: [target.model] })[0]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** An endpoint's model in the catalog's shape: named as users read it, capabilities unknown. */
function endpointCatalogModel(m: EndpointModel): CatalogModel {
  return {
    id: m.id,
    name: displayModelName(m.id, () => m.endpointLabel),
    provider: m.endpointId,
    contextLength: 0,
    capabilities: { reasoning: false, vision: false, toolCalling: false },
    capabilitiesUnknown: true,
    useCases: ['general'],
    description: m.endpointLabel,
    free: m.free,
    isRouter: false,
    source: 'live',
    endpoint: { id: m.endpointId, label: m.endpointLabel },
  };
}
