// Where a base URL would send the API key, judged from the URL alone (never from DNS, which a
// network can answer as it likes): OpenRouter itself, this machine, or a host the user must confirm.
import { isLoopbackHost } from '../../../core/shared/loopback';

/** The only host the key goes to without asking. */
export const OPENROUTER_HOST = 'openrouter.ai';

export type KeyDestination =
  /** https://openrouter.ai or a loopback address (any scheme): the key goes there without asking. */
  | { kind: 'trusted'; origin: string }
  /** Any other host over https: the key goes there only after the user confirmed that origin. */
  | { kind: 'confirm'; origin: string }
  /** Plain http to a host that is not loopback: the key would cross the network readable, so never. */
  | { kind: 'insecure'; origin: string }
  | { kind: 'invalid' };

export function keyDestination(baseUrl: string): KeyDestination {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { kind: 'invalid' };
  }
  const { origin, protocol, hostname } = url;
  if (protocol !== 'https:' && protocol !== 'http:') return { kind: 'invalid' };
  if (isLoopbackHost(hostname)) return { kind: 'trusted', origin };
  if (protocol === 'http:') return { kind: 'insecure', origin };
  return hostname.replace(/\.$/, '') === OPENROUTER_HOST ? { kind: 'trusted', origin } : { kind: 'confirm', origin };
}

export { isLoopbackHost };
