// The catalog's public surface for the host, router, webview and extension API.
export * from './types';
export { FreeModelCatalog } from './freeModelCatalog';
