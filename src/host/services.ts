// The container: creates the host's services over core, connects their events, disposes them. What
// each does lives in its own file: OpenRouter access (openrouter/), the models in use
// (models/modelSelection.ts), the other endpoints (endpoints/).
// Events, one convention: a state change is `onDidChange`. Core's return a function that
// unsubscribes (core knows no Disposable); the host's are `vscode.Event`s returning a Disposable, and
// the host keeps a core subscription as `{ dispose: off }`. The router's statistics stream their
// records through `stats.onEvent` (a stream of records, not a state change).
import * as vscode from 'vscode';
import { FreeModelCatalog } from '../core/catalog';
import { describeProviderError } from '../core/providers';
import { redactSecrets } from '../core/providers/redact';
import type { ProviderError } from '../core/providers/errors';
import { APP_TITLE, APP_URL } from '../core/shared/identity';
import { ModelRouter } from '../core/router';
import { isFreeModelId } from '../core/shared/modelIds';
import { errorText } from '../core/shared/errorText';
import { DispatchingProvider, EndpointBudgets, describeEndpointError, endpointRouting, parseQualifiedId } from '../core/endpoints';
import type { Log } from './status/log';
import { messageLocale } from './status/messageLocale';
import type { ApiKeyStore } from './key/secrets';
import type { KeyHostGate } from './key/keyHostGate';
import type { HostSettings } from './settings/hostSettings';
import { toRouterSettings } from './settings/mapping/routerSettings';
import { endpointModelNamer } from './chat/render/modelNames';
import type { EndpointKeyStore } from './endpoints/endpointKeys';
import { Endpoints } from './endpoints/endpoints';
import { ModelSelection } from './models/modelSelection';
import { OpenRouterAccess } from './openrouter/openRouterAccess';
import type { RouterView } from './openrouter/routes';

export interface ServicesOptions {
  settings: HostSettings;
  keys: ApiKeyStore;
  endpointKeys: EndpointKeyStore;
  keyHosts: KeyHostGate;
  log: Log;
  /** OpenRouter's model list on disk. */
  cacheFile: string;
  /** Every secret this process knows (keys, endpoint keys, the gateway token), for redaction. */
  knownSecrets: () => string[];
}

export class OpenRouterServices implements vscode.Disposable {
  readonly settings: HostSettings;
  readonly log: Log;
  readonly keyHosts: KeyHostGate;
  readonly catalog: FreeModelCatalog;
  readonly access: OpenRouterAccess;
  readonly endpoints: Endpoints;
  readonly models: ModelSelection;
  /** The router for reading only: requests go out through `access.prepare()`. */
  readonly router: RouterView & Pick<ModelRouter, 'budget' | 'ended'>;
  private readonly disposables: vscode.Disposable[];

  constructor(options: ServicesOptions) {
    const { settings, log, keyHosts } = options;
    this.settings = settings;
    this.log = log;
    this.keyHosts = keyHosts;
    this.catalog = new FreeModelCatalog({
      baseUrl: () => settings.config.baseUrl,
      cacheFile: options.cacheFile,
      maxAgeMs: () => settings.config.modelListMaxAgeMinutes * 60_000,
      clock: () => Date.now(),
      log: (level, message) => log[level](`Models: ${message}`),
      locale: messageLocale,
    });
    const endpoints = new Endpoints({ settings, keys: options.endpointKeys, keyHosts, log, cacheFile: options.cacheFile });
    const access: OpenRouterAccess = new OpenRouterAccess({ settings, keys: options.keys, keyHosts, log, routes: () => router });
    const models: ModelSelection = new ModelSelection({ settings, catalog: this.catalog, endpoints, health: (id) => router.healthOf(id), log });
    const list = () => endpoints.list();
    const dispatcher: DispatchingProvider = new DispatchingProvider({
      openRouter: () => access.providerForRouter(),
      endpoints: list,
      keyOf: (id) => endpoints.keyOf(id),
      appTitle: APP_TITLE,
      appUrl: APP_URL,
      availability: endpoints.availability,
    });
    const describeError = (e: ProviderError): string =>
      e.model && parseQualifiedId(e.model) ? describeEndpointError(e, endpoints.labelOf(e.model), messageLocale()) : describeProviderError(e, messageLocale());
    const router: ModelRouter = new ModelRouter({
      // OpenRouter's ids go to its provider in the configured mode, `@endpoint/model` ids to that endpoint.
      provider: () => dispatcher,
      models: () => models.routedModelIds(),
      settings: () => ({ ...toRouterSettings(settings.config), dailyLimit: access.dailyLimit() }),
      ...endpointRouting({
        endpoints: list,
        availability: endpoints.availability,
        budgets: new EndpointBudgets(list),
        isOpenRouterFree: (id) => this.catalog.get(id)?.free ?? isFreeModelId(id),
      }),
      // Tools and image input as the live list (or the built-in entry) records them; an id no list
      // has shown is unknown, and the router tries it only when no known model can answer.
      supports: (id, feature) => this.catalog.supports(id, feature),
      suggestModels: (features, minContext = 0) =>
        this.catalog.freeModelsSupporting(features).filter((m) => m.contextLength >= minContext).slice(0, 10).map((m) => m.id),
      // Windows as the list states them; an endpoint's models state none, until their server does.
      contextWindow: (id) => this.catalog.get(id)?.contextLength || undefined,
      // What the chat, the model picker and the connection test show: the secrets in use never.
      describeError: (e) => redactSecrets(describeError(e), options.knownSecrets()),
      // The router's own messages (budget, cooldowns, cut-short notes) in the same language.
      locale: messageLocale,
      // ...naming an endpoint's model as users read it, "llama3.2:3b (Ollama)".
      nameModel: (id) => endpointModelNamer(list())(id),
    });
    this.access = access;
    this.endpoints = endpoints;
    this.models = models;
    this.router = router;
    this.disposables = [
      access.onDidChange(() => models.notifyChanged()),
      endpoints.onDidChange(() => models.notifyChanged()),
      models,
      endpoints,
      access,
    ];
  }

  /** In the background after activation: the key and the account's limit, OpenRouter's list (disk, then network), the endpoints. */
  start(): void {
    void this.access.refreshKey().then(
      () => {
        this.models.notifyChanged();
        // Which daily free-tier limit the account has (50, or 1000 with purchased credits).
        void this.access.checkAccountLimit();
      },
      (e: unknown) => this.log.error(`Could not read the API key from VS Code's secret storage: ${errorText(e)}`),
    );
    void this.catalog.init().then(() => this.models.onCatalogLoaded());
    // Other OpenAI-compatible endpoints: their keys, and their model lists from disk, then the servers.
    void this.endpoints.init().catch((e: unknown) => this.log.warn(`Endpoints: ${errorText(e)}`));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
