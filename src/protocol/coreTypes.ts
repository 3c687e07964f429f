// The names from core that the settings page shares with the host, re-exported so the page
// imports only the protocol (a layering test enforces it). Types are re-exported as types, so the
// page bundles no more of core than the constants it lists.
export { DATA_COLLECTION_CHOICES, PROVIDER_SORT_CHOICES, REASONING_EFFORTS, ROUTING_STRATEGIES, SETTING_BOUNDS, type BoundedSetting, type Config, type RoutingStrategy, type SettingKey } from '../core/config';
export { MODEL_CAPABILITIES, USE_CASES, type UseCase } from '../core/catalog/types';
export { PROVIDER_MODES, type ProviderMode } from '../core/providers/types';
export type { ModelStatsSnapshot, StatsSnapshot } from '../core/router/types';
export { dayTotals, todaySpend } from '../core/router/ledger';
export { formatCredits, formatMs, formatPercent, formatRate, formatSeconds, formatTokens, NONE, secondsUntil } from '../core/shared/format';
export { ENDPOINT_PRESETS } from '../core/endpoints/presets';
export { uniqueId } from '../core/shared/uniqueId';
export { ENDPOINT_ID_PATTERN, displayModelName } from '../core/endpoints/qualifiedIds';
