/** A `:free` variant: the models that spend the free-tier budget and cost nothing. */
export function isFreeModelId(id: string): boolean {
  return id.endsWith(':free');
}
