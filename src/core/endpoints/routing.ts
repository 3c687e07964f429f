// What the router needs to know about endpoints, in one place for the host and the tests: which
// models are free, which budget each spends, and which are on a server that does not answer.
import type { FreeTierBudget } from '../router/budget';
import type { EndpointAvailability } from './availability';
import type { EndpointBudgets } from './endpointBudgets';
import { parseQualifiedId } from './qualifiedIds';
import { endpointIsFree } from './schema';
import type { EndpointConfig } from './types';

interface EndpointRoutingInput {
  endpoints: () => readonly EndpointConfig[];
  availability: EndpointAvailability;
  budgets: EndpointBudgets;
  /** Whether an OpenRouter id costs nothing (the catalog's price, else the id). */
  isOpenRouterFree: (id: string) => boolean;
}

interface EndpointRouting {
  isFree: (id: string) => boolean;
  budgetFor: (model: string, openRouterBudget: FreeTierBudget) => FreeTierBudget | undefined;
  offline: (model: string) => boolean;
}

export function endpointRouting(input: EndpointRoutingInput): EndpointRouting {
  const endpointOf = (id: string): EndpointConfig | undefined => {
    const target = parseQualifiedId(id);
    return target && input.endpoints().find((e) => e.id === target.endpointId);
  };
  const isFree = (id: string): boolean => {
    if (!parseQualifiedId(id)) return input.isOpenRouterFree(id);
    const endpoint = endpointOf(id);
    // A model of a removed endpoint is never free: nothing may be sent to it anyway.
    return endpoint !== undefined && endpointIsFree(endpoint);
  };
  return {
    isFree,
    // OpenRouter's free tier counts OpenRouter's free models only.
    budgetFor: (model, openRouterBudget) => input.budgets.budgetFor(model, () => (input.isOpenRouterFree(model) ? openRouterBudget : undefined)),
    offline: (model) => {
      const target = parseQualifiedId(model);
      return target !== undefined && input.availability.isOffline(target.endpointId);
    },
  };
}
