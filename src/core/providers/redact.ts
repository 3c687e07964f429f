// The API key must never reach a message, a log line or the webview, whatever path an error takes,
// and whatever form it has taken on the way: URL-encoded, JSON-escaped, inside `Bearer` or `Basic`
// credentials (base64 of `user:key` or `:key`, also wrapped at 76 characters), split across lines,
// as HTML numeric entities, as hex, or with an invisible (zero-width) character inside.
import { ProviderError } from './errors';

const REDACTED = '[redacted]';

/** A dash as it may appear: literal, URL-encoded (also twice) or JSON-escaped. */
const DASH = String.raw`(?:-|%(?:25)?2[dD]|\\u002[dD])`;
/** A space in a header written into a URL or a form. */
const SPACE = String.raw`(?:\s+|%(?:25)?20|\+)`;

const SECRET_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`sk${DASH}or${DASH}(?:[\w]|${DASH})+`, 'g'),
  /\bsk-[\w-]{16,}/g,
  new RegExp(String.raw`(Bearer${SPACE})[^\s"',&]+`, 'gi'),
];

/** Basic credentials are `user:password` in base64: whatever they hold is a secret. */
const BASIC = new RegExp(String.raw`(Basic${SPACE})([A-Za-z0-9+/_-]{4,}(?:={1,2}|%3[dD](?:%3[dD])?)?)`, 'gi');

/** Base64 runs long enough to hold a key; decoded, they are checked for one. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}(?:={1,2}|%3[dD](?:%3[dD])?)?/g;
/** Base64 as MIME and PEM wrap it (lines of 76): decoded whole, so a short last line is not missed. */
const WRAPPED_BASE64 = /(?:[A-Za-z0-9+/]{76}[ \t]*\r?\n[ \t]*)+[A-Za-z0-9+/]+={0,2}/g;
/** Hex long enough to hold a key (`0x` allowed): decoded, checked like base64. */
const HEX_RUN = /(?:0x)?(?:[0-9a-fA-F]{2}){16,}/g;
/** Eight or more numeric character references in a row (`&#115;`, `&#x73;`): read as the text they spell. */
const ENTITY_RUN = /(?:&#(?:[xX][0-9a-fA-F]{1,6}|[0-9]{1,7});){8,}/g;
/** Characters that show nothing, so a key with one inside looks whole but matches nothing. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;

/**
 * Replaces key-shaped strings and bearer and basic credentials, and every `knownSecrets` entry of
 * 8 or more characters (a key a proxy accepts need not look like OpenRouter's; shorter strings
 * would redact ordinary words) in any of the forms above.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  const secrets = [...knownSecrets].filter((s) => s.length >= 8);
  let out = text.replace(INVISIBLE, '');
  if (out.includes('&#')) out = out.replace(ENTITY_RUN, decodeEntities);
  // Every other spelling needs a `%`, a backslash or a line break: most text has none, and the
  // pattern of all spellings costs about a microsecond a character.
  const spelled = /[%\\\r\n]/.test(text);
  for (const secret of secrets) {
    out = out.split(secret).join(REDACTED);
    if (spelled) out = out.replace(secretForms(secret), REDACTED);
  }
  // Before Basic's pattern, which would take the first line of a wrapped block for the whole of it.
  if (/\n/.test(out)) out = out.replace(WRAPPED_BASE64, (block) => (hidesSecret(decodeBase64(block.replace(/\s+/g, '')), secrets) ? REDACTED : block));
  out = out.replace(BASIC, (match, prefix: string, token: string) => (decodeBase64(token).includes(':') ? `${prefix}${REDACTED}` : match));
  out = out.replace(HEX_RUN, (run) => (hidesSecret(decodeHex(run), secrets) ? REDACTED : run));
  out = out.replace(BASE64_RUN, (run) => (hidesSecret(decodeBase64(run), secrets) ? REDACTED : run));
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}${REDACTED}` : /^sk(?:-|%|\\)or/i.test(match) ? `sk-or-${REDACTED}` : `sk-${REDACTED}`,
    );
  }
  return out;
}

/** `value` with `redactSecrets` applied to every string in it, at any depth (for page messages). */
export function redactDeep<T>(value: T, knownSecrets: readonly string[] = []): T {
  if (typeof value === 'string') return redactSecrets(value, knownSecrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, knownSecrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, knownSecrets)])) as T;
  }
  return value;
}

/** The error with `secrets` removed from its message and detail (the same error when none occurs). */
export function redactError(error: ProviderError, secrets: readonly string[]): ProviderError {
  const message = redactSecrets(error.message, secrets);
  const detail = error.detail === undefined ? undefined : redactSecrets(error.detail, secrets);
  if (message === error.message && detail === error.detail) return error;
  // Every field is kept: a free-tier limit or an availability code must survive the redaction.
  return new ProviderError({ ...error.toInit(), message, detail });
}

const formCache = new Map<string, RegExp>();

/**
 * One pattern for every spelling of `secret`: each character literal, `%hh` (also `%25hh`,
 * URL-encoded twice), `\u00hh` or `\xhh` (JSON, JS), or backslash-escaped; a line break (real or
 * JSON `\n`, with indentation around it) allowed between any two characters.
 */
function secretForms(secret: string): RegExp {
  let pattern = formCache.get(secret);
  if (pattern) return pattern;
  const lineBreak = String.raw`(?:[ \t]*(?:\r?\n|(?:\\r)?\\n)[ \t>]*)?`;
  const chars = [...secret].map((c) => {
    const code = c.codePointAt(0) ?? 0;
    const hex = code.toString(16).padStart(2, '0');
    const alternatives = [c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')];
    if (code < 0x100) alternatives.push(`%(?:25)?${hex}`, `\\\\u00${hex}`, `\\\\x${hex}`);
    if (/[^\w]/.test(c)) alternatives.push(`\\\\\\${c}`);
    return `(?:${alternatives.join('|')})`;
  });
  pattern = new RegExp(chars.join(lineBreak), 'gi');
  if (formCache.size > 16) formCache.clear();
  formCache.set(secret, pattern);
  return pattern;
}

function decodeBase64(run: string): string {
  const padded = run.replace(/%3[dD]/g, '=').replace(/-/g, '+').replace(/_/g, '/');
  try {
    return atob(padded.length % 4 === 0 ? padded : padded.replace(/=+$/, '').padEnd(Math.ceil(padded.replace(/=+$/, '').length / 4) * 4, '='));
  } catch {
    return '';
  }
}

function hidesSecret(decoded: string, secrets: readonly string[]): boolean {
  if (!decoded) return false;
  return /sk-or-[\w-]{8,}|\bsk-[\w-]{16,}/.test(decoded) || secrets.some((s) => decoded.includes(s));
}

function decodeEntities(run: string): string {
  return run.replace(/&#([xX]?)([0-9a-fA-F]+);/g, (entity, x: string, digits: string) => {
    const code = Number.parseInt(digits, x ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function decodeHex(run: string): string {
  const digits = run.replace(/^0x/, '');
  let out = '';
  for (let i = 0; i + 1 < digits.length; i += 2) out += String.fromCharCode(Number.parseInt(digits.slice(i, i + 2), 16));
  // As bytes: a key is ASCII, so its characters read the same in Latin-1 and UTF-8.
  return out;
}
