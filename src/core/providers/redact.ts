// The API key must never reach a message, a log line or the webview, whatever path an error takes.
const SECRET_PATTERNS: readonly RegExp[] = [
  /sk-or-[A-Za-z0-9_\-]+/g,
  /\bsk-[A-Za-z0-9_\-]{16,}/g,
  /(Bearer\s+)[^\s"',]+/gi,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, bearerPrefix: unknown) =>
      typeof bearerPrefix === 'string' ? `${bearerPrefix}[redacted]` : match.startsWith('sk-or-') ? 'sk-or-[redacted]' : 'sk-[redacted]',
    );
  }
  return out;
}
