// An endpoint's key is bound to the origin it was stored (and, for a remote host, confirmed) for:
// the secret holds the key together with that origin, and a key is handed out only while the
// endpoint's base URL still has that origin. So no path that moves the URL (the settings page,
// settings.json, an import, Settings Sync) can carry the key to another server, not even between
// the URL's change and the key's removal.

export interface BoundKey {
  key: string;
  /** Undefined: stored by a version that did not bind keys (see bindLegacy). */
  origin: string | undefined;
}

/** `scheme://host:port` of an http(s) URL, else undefined. */
export function urlOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The secret's text: one JSON value, so the key and its origin are written (and read) together. */
export function encodeBoundKey(key: string, baseUrl: string): string {
  const origin = urlOrigin(baseUrl);
  if (!origin) throw new Error(`${baseUrl} is not an http(s) URL; a key cannot be bound to it.`);
  return JSON.stringify({ key, origin });
}

export function decodeBoundKey(stored: string): BoundKey {
  if (stored.startsWith('{')) {
    try {
      const value = JSON.parse(stored) as { key?: unknown; origin?: unknown };
      if (typeof value.key === 'string' && typeof value.origin === 'string') return { key: value.key, origin: value.origin };
    } catch {
      // Not ours: a key that happens to start with a brace, stored before keys were bound.
    }
  }
  return { key: stored, origin: undefined };
}

/** The key, when the endpoint's base URL is still at the origin the key was bound to. */
export function keyForUrl(bound: BoundKey | undefined, baseUrl: string): string | undefined {
  return bound?.origin !== undefined && bound.origin === urlOrigin(baseUrl) ? bound.key : undefined;
}

/**
 * A key stored before keys were bound is bound to where its endpoint points when this version
 * first reads it: the only origin it can have been meant for that is still known.
 */
export function bindLegacy(bound: BoundKey, baseUrl: string): BoundKey {
  return bound.origin === undefined ? { key: bound.key, origin: urlOrigin(baseUrl) } : bound;
}
