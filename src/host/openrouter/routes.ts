// The two ways of looking at the router. Sending a request (route, group) is reachable only from a
// ready OpenRouterAccess.prepare() result; everything else (health, statistics) reads RouterView.
import type { ModelRouter } from '../../core/router';

/** What sends requests: handed out only by `prepare()`, once the key is set and its host cleared. */
export type Routes = Pick<ModelRouter, 'route' | 'group'>;

/** What reads the router without sending anything. */
export type RouterView = Pick<ModelRouter, 'healthOf' | 'stats' | 'windowOf'>;
