/**
 * `localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped). Takes `URL.hostname`, which has already
 * normalised `127.1`, `0x7f000001` and the like to dotted quads and IPv6 to its short form.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === '[::1]') return true;
  // ::ffff:127.x.y.z, which URL writes as ::ffff:7fxx:xxxx.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/** Whether a base URL points at this machine; false for anything that does not parse. */
export function isLoopbackUrl(baseUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}
