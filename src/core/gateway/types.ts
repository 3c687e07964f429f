// What the gateway needs from its host: the router as the chat uses it, the model list, the
// configuration API's backend and a log. The host (VS Code) implements it; tests use core objects.
import type { CatalogModel, UseCase } from '../catalog/types';
import type { Config, SettingKey, UserOnlySetting } from '../config';
import type { ProviderMode } from '../providers/types';
import type { RouteRequest, RouterEvent } from '../router/types';

export interface GatewayModel {
  id: string;
  name: string;
  contextLength?: number;
}

export interface GatewayBackend {
  /**
   * Runs one request exactly as the chat does (key, key host, settings' defaults, the router).
   * Never throws: every failure arrives as a `failed` event.
   */
  route(request: RouteRequest): AsyncIterable<RouterEvent>;
  /** Auto plus the enabled models, Auto first. */
  models(): GatewayModel[];
  /** The ids that mean "let the router choose" (`auto`). */
  readonly autoIds: readonly string[];
  /** The configuration API under /api/openrouter/; left out, those paths answer 404. */
  readonly config?: ConfigApiBackend;
  log(level: 'info' | 'warn', message: string): void;
  clock?: () => number;
}

/** What a gateway client may write: never a user-only setting (where keys go, what costs money). */
export type GatewaySettableKey = Exclude<SettingKey, UserOnlySetting>;

export interface ConfigApiResult {
  ok: boolean;
  message?: string;
}

export interface ConfigApiBackend {
  modes(): { id: ProviderMode; label: string; current: boolean }[];
  freeModels(): CatalogModel[];
  recommendedModels(useCase: UseCase, limit: number): { id: string; score: number; why: string }[];
  models(): CatalogModel[];
  config(): Config;
  hasKey(): boolean;
  /** Every value validated already; writes all or none. */
  configure(values: Partial<Record<GatewaySettableKey, unknown>>): Promise<ConfigApiResult>;
  /** Stores the key in the host's secret storage. */
  setApiKey(key: string): Promise<ConfigApiResult>;
  testConnection(): Promise<{ ok: boolean; summary: string; steps: unknown[] }>;
}
