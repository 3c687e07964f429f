// Budgets kept apart: OpenRouter's free tier counts OpenRouter's free models only; an endpoint with
// `requestsPerMinute` / `requestsPerDay` gets a budget of its own; one without spends none.
import { FreeTierBudget } from '../router/budget';
import type { Clock } from '../router/types';
import { parseQualifiedId } from './qualifiedIds';
import type { EndpointConfig } from './types';

/** A limit left unset never refuses (a day holds fewer requests than this). */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export class EndpointBudgets {
  private readonly budgets = new Map<string, FreeTierBudget>();

  constructor(
    private readonly endpoints: () => readonly EndpointConfig[],
    private readonly clock: Clock = Date.now,
  ) {}

  /**
   * The budget a request to `model` spends: its endpoint's own (undefined when that endpoint set
   * no limit), or for OpenRouter's ids what `openRouter` says (the free tier for its free models).
   */
  budgetFor(model: string, openRouter: () => FreeTierBudget | undefined): FreeTierBudget | undefined {
    const target = parseQualifiedId(model);
    if (!target) return openRouter();
    const endpoint = this.endpoints().find((e) => e.id === target.endpointId);
    if (!endpoint || (endpoint.requestsPerMinute === undefined && endpoint.requestsPerDay === undefined)) return undefined;
    let budget = this.budgets.get(endpoint.id);
    if (!budget) {
      const id = endpoint.id;
      // Limits are read at every use, so an edit applies at once.
      budget = new FreeTierBudget(this.clock, () => {
        const current = this.endpoints().find((e) => e.id === id);
        return { perMinute: current?.requestsPerMinute ?? UNLIMITED, perDay: current?.requestsPerDay ?? UNLIMITED };
      });
      this.budgets.set(id, budget);
    }
    return budget;
  }

  /** The endpoint's budget, if it has one (for statistics). */
  of(endpointId: string): FreeTierBudget | undefined {
    return this.budgets.get(endpointId);
  }
}
