// The API key must never reach a message, a log line or the webview, whatever path an error takes.
import { ProviderError } from './errors';

const SECRET_PATTERNS: readonly RegExp[] = [
  /sk-or-[\w-]+/g,
  /\bsk-[\w-]{16,}/g,
  /(Bearer\s+)[^\s"',]+/gi,
];

/**
 * Replaces key-shaped strings and bearer tokens, and every literal `knownSecrets` entry of 8 or
 * more characters (a key a proxy accepts need not look like OpenRouter's; shorter strings would
 * redact ordinary words).
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, bearerPrefix: unknown) =>
      typeof bearerPrefix === 'string' ? `${bearerPrefix}[redacted]` : match.startsWith('sk-or-') ? 'sk-or-[redacted]' : 'sk-[redacted]',
    );
  }
  return out;
}

/** The error with `secrets` removed from its message and detail (the same error when none occurs). */
export function redactError(error: ProviderError, secrets: readonly string[]): ProviderError {
  const message = redactSecrets(error.message, secrets);
  const detail = error.detail === undefined ? undefined : redactSecrets(error.detail, secrets);
  if (message === error.message && detail === error.detail) return error;
  const { kind, status, model, retryAfterMs, rateLimit } = error;
  return new ProviderError({ kind, status, model, retryAfterMs, rateLimit, message, detail });
}
