// Who is asking, as OpenRouter (or any endpoint the user points us at) sees it on every request.
// The version comes from the manifest, so a release can never send a stale one; esbuild keeps only
// this one field of package.json in the bundle.
import { version } from '../../../package.json';

export const APP_TITLE = 'OpenRouter Dual';

/**
 * The extension and its real version. Set explicitly because the SDKs' own value is not truthful in
 * the production bundle: the openai SDK builds it from its class name, which minification turns into
 * `x/JS 6.49.0`. The AI SDK appends its own parts after this one.
 */
export const USER_AGENT = `OpenRouterDual/${version}`;

/**
 * Sent as HTTP-Referer when set. The project has no public home yet, and a made-up address would
 * attribute our traffic to somebody else's site, so it is left out until there is a real one.
 */
export const APP_URL: string | undefined = undefined;
