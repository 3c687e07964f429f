// What every e2e scenario gets: the browser page on the workbench, the OpenRouter double the
// extension talks to, and the code-server profile on disk.
import type { Page } from 'playwright-core';
import type { OpenRouterDouble } from '../fixtures/double';
import type { LocalServerDouble } from '../fixtures/localServerDouble';
import type { Profile, RunningCodeServer } from '../../scripts/lib/codeServer';
import type { Chat } from './chat';
import type { Workbench } from './workbench';

/** The key the double accepts in the suite; anything else is rejected with 401. */
export const GOOD_KEY = 'sk-or-v1-e2e-good-key';
export const WRONG_KEY = 'sk-or-v1-e2e-wrong-key';

/** The models the suite enables, in failover order; all are in the double's /models list. */
export const MODELS = ['qwen/qwen3-8b:free', 'mistralai/devstral-small-2505:free', 'qwen/qwen3-30b-a3b:free'] as const;

export interface E2EContext {
  page: Page;
  workbench: Workbench;
  chat: Chat;
  double: OpenRouterDouble;
  /** A local OpenAI-compatible server (no key, its own errors), for the endpoints scenario. */
  local: LocalServerDouble;
  profile: Profile;
  server: RunningCodeServer;
  /** Accepts only GOOD_KEY; call after double.reset(). */
  restoreKeyPolicy(): void;
  /** The port the profile's settings give the local gateway (free when the run started). */
  gatewayPort: number;
  /** The provider mode the window started in (`--mode`). */
  startMode: 'openai_compatible' | 'openrouter_sdk';
  /** What earlier scenarios left behind that later ones rely on. */
  state: { goodKeySet: boolean };
  /** Logs a step of the running scenario with the time since the previous one, so a slow or failing run shows where its time went. */
  step(label: string): void;
}

export interface Scenario {
  id: number;
  title: string;
  run(ctx: E2EContext): Promise<void>;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The model's id or its display name (with or without the "Vendor: " prefix), as footers may show either. */
export function modelPattern(id: string, name?: string): RegExp {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = [id, id.replace(/:free$/, '')];
  if (name) names.push(name, name.replace(/^[^:]+:\s*/, ''), name.replace(/^[^:]+:\s*/, '').replace(/\s*\(free\)$/, ''));
  return new RegExp(names.map(escape).join('|'), 'i');
}

export const MODEL_NAMES: Record<(typeof MODELS)[number], string> = {
  'qwen/qwen3-8b:free': 'Qwen: Qwen3 8B (free)',
  'mistralai/devstral-small-2505:free': 'Mistral: Devstral Small 2505 (free)',
  'qwen/qwen3-30b-a3b:free': 'Qwen: Qwen3 30B A3B (free)',
};
