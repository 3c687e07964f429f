// Endpoints: OpenAI-compatible servers next to OpenRouter in one router (see README "Endpoints").
export * from './types';
export * from './qualifiedIds';
export { endpointsSchema, endpointIsFree } from './schema';
export { ENDPOINT_PRESETS } from './presets';
export { DispatchingProvider } from './dispatchingProvider';
export { EndpointAvailability } from './availability';
export { EndpointBudgets } from './endpointBudgets';
export { EndpointCatalog } from './endpointCatalog';
export { describeEndpointError } from './endpointMessages';
export { endpointRouting } from './routing';
export { bindLegacy, decodeBoundKey, encodeBoundKey, keyForUrl, urlOrigin, type BoundKey } from './keyBinding';
