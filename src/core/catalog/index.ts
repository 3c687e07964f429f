// The catalog's public surface for the host, router, webview and extension API.
export * from './types';
export { FreeModelCatalog, DEFAULT_ENABLED_COUNT } from './FreeModelCatalog';
export type { FreeModelCatalogOptions, ResolveEnabledResult } from './FreeModelCatalog';
export { builtinModels, BUILTIN_MODEL_IDS } from './builtin';
export { DEFAULT_RECOMMENDATION_LIMIT, describeReason } from './recommend';
export type { CatalogLog } from './cache';
