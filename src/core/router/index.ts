// The router's public surface for the host.
export * from './types';
export { ModelRouter } from './router';
export type { GroupMember } from './group';
export { RouterStats } from './stats';
