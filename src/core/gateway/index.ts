export { GatewayServer, type GatewayOptions } from './server';
export type { ConfigApiBackend, GatewayBackend } from './types';
