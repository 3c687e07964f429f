export { GATEWAY_HOST, GatewayServer, GatewayStartError, type GatewayOptions } from './server';
export { newGatewayToken } from './security';
export type { ConfigApiBackend, GatewayBackend } from './types';
