// The webview's handle on the host, and what the page keeps across hide/show and reloads.
// Only UI choices and the last snapshot are kept; the snapshot never contains the key.
import type { ConnectionStep, PageMessage, SettingsState } from '../src/protocol/pageMessages';
import * as z from 'zod';
import { MODEL_CAPABILITIES, USE_CASES, type UseCase } from '../src/protocol/coreTypes';

interface VsCodeApi<T> {
  postMessage(message: unknown): void;
  getState(): T | undefined;
  setState(state: T): T;
}

declare global {
  function acquireVsCodeApi<T = unknown>(): VsCodeApi<T>;
}

/** The model table's sortable columns, in the order the table shows them. */
export const SORT_KEYS = ['name', 'context', 'success', 'ttft', 'speed'] as const;
export type Capability = (typeof MODEL_CAPABILITIES)[number];
export type SortKey = (typeof SORT_KEYS)[number];

/** Each field falls back to its default alone, so an older or damaged saved state still loads. */
export const uiStateSchema = z.object({
  search: z.string().max(200).catch(''),
  sort: z.object({ key: z.enum(SORT_KEYS), dir: z.enum(['asc', 'desc']) }).catch({ key: 'name', dir: 'asc' }),
  capabilities: z.array(z.enum(MODEL_CAPABILITIES)).catch([]),
  useCase: z.union([z.literal('all'), z.enum(USE_CASES as unknown as [UseCase, ...UseCase[]])]).catch('all'),
});
export type UiState = z.infer<typeof uiStateSchema>;

export interface PersistedState {
  v: 1;
  ui: UiState;
  snapshot?: SettingsState;
  connection?: { status: 'running' | 'passed' | 'failed'; steps: ConnectionStep[] };
}

export const defaultUi = (): UiState => uiStateSchema.parse({});

export interface HostLink {
  send(message: PageMessage): void;
  load(): PersistedState | undefined;
  save(state: PersistedState): void;
}

export function connectToHost(): HostLink {
  const api = acquireVsCodeApi<PersistedState>();
  return {
    send: (message) => api.postMessage(message),
    load: () => api.getState(),
    save: (state) => void api.setState(state),
  };
}
