// Removes API keys from anything that leaves the process: log lines, error messages, exports.
const OPENROUTER_KEY = /sk-or-[A-Za-z0-9_-]+/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;

export const REDACTED = '[redacted]';

/** Replaces OpenRouter-shaped keys, bearer tokens and the literal known keys (any shape). */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short strings would redact ordinary words; a real key is long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out.replace(OPENROUTER_KEY, REDACTED).replace(BEARER, `$1${REDACTED}`);
}
