export { DEFAULT_GATEWAY_PORT, GATEWAY_HOST, GatewayServer, GatewayStartError, type GatewayCounters, type GatewayOptions } from './server';
export { newGatewayToken } from './security';
export type { ConfigApiBackend, ConfigApiResult, GatewayBackend, GatewayModel } from './types';
