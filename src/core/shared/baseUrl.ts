/** The base URL without trailing slashes, so `${base}/models` never doubles the slash. */
export function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
