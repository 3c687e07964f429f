/** A token count as people read it in a line of progress: 900, 40K, 1.2M. */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(Math.round(tokens));
  if (tokens < 1_000_000) return `${Math.round(tokens / 1000)}K`;
  return `${Number((tokens / 1_000_000).toFixed(1))}M`;
}
