// The catalog's public surface for the host, router, webview and extension API.
export * from './types';
export { FreeModelCatalog } from './freeModelCatalog';
export type { FreeModelCatalogOptions } from './freeModelCatalog';
export { DEFAULT_ENABLED_COUNT } from './resolveEnabled';
export type { ResolveEnabledOptions, ResolveEnabledResult } from './resolveEnabled';
export { builtinModels, BUILTIN_MODEL_IDS } from './builtin';
export { DEFAULT_RECOMMENDATION_LIMIT, describeReason } from './recommend';
export type { CatalogLog } from './cache';
