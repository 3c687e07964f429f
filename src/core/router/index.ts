// The router's public surface for the host.
export * from './types';
export { ModelRouter, type ModelRouterOptions } from './router';
export type { GroupHandle, GroupMember, GroupOptions } from './group';
export { RouterStats, type ModelView, type StatsListener } from './stats';
export { FreeTierBudget, nextUtcMidnight, type BudgetLimits, type BudgetRefusal } from './budget';
export { Cooldowns, DEFAULT_COOLDOWN_POLICY, type CooldownPolicy } from './cooldowns';
export { STRATEGIES, type RoutingView, type Strategy } from './strategies';
export { parseStatsSnapshot } from './snapshotSchema';
export { formatWait, routerText, type RouterText } from './routerText';
