/** OpenRouter's router that picks a random free model for each request. */
export const FREE_ROUTER_ID = 'openrouter/free';

/**
 * Free by its id alone: a `:free` variant, or the free router (which only picks `:free` models).
 * Both spend the free-tier budget and cost nothing. Any other id may cost money unless the live
 * list prices it at zero (see the catalog's `free`).
 */
export function isFreeModelId(id: string): boolean {
  return id.endsWith(':free') || id === FREE_ROUTER_ID;
}
