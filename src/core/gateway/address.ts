// Where the gateway listens, in its own file: the host shows the address while the gateway is
// stopped without loading the server (loaded only when the gateway starts).
export const GATEWAY_HOST = '127.0.0.1';
