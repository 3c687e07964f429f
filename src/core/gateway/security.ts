// The checks every request passes before anything else reads it: the Host header (against DNS
// rebinding: a page on another name resolving to 127.0.0.1) and the bearer token (constant time).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe; prefixed so a leaked one is recognisable in logs and scanners. */
export function newGatewayToken(): string {
  return `ordg-${randomBytes(32).toString('base64url')}`;
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The token's digest, kept while the token stays the same (it is read per request and rotatable). */
let expected: { token: string; digest: Buffer } | undefined;

export function tokenMatches(authorization: string | undefined, token: string): boolean {
  if (!authorization || !token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  if (expected?.token !== token) expected = { token, digest: digest(token) };
  return timingSafeEqual(digest(match[1] as string), expected.digest);
}
