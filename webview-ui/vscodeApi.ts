// The webview's handle on the host, and what the page keeps across hide/show and reloads.
// Only UI choices and the last snapshot are kept; the snapshot never contains the key.
import type { ConnectionStep, PageMessage, SettingsState } from '../src/protocol/messages';
import type { UseCase } from '../src/core/catalog/types';

interface VsCodeApi<T> {
  postMessage(message: unknown): void;
  getState(): T | undefined;
  setState(state: T): T;
}

declare global {
  function acquireVsCodeApi<T = unknown>(): VsCodeApi<T>;
}

export type Capability = 'reasoning' | 'vision' | 'toolCalling';
export type SortKey = 'name' | 'context' | 'success' | 'ttft' | 'speed';

export interface UiState {
  search: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  capabilities: Capability[];
  useCase: UseCase | 'all';
}

export interface PersistedState {
  v: 1;
  ui: UiState;
  snapshot?: SettingsState;
  connection?: { status: 'running' | 'passed' | 'failed'; steps: ConnectionStep[] };
}

export const defaultUi = (): UiState => ({ search: '', sort: { key: 'name', dir: 'asc' }, capabilities: [], useCase: 'all' });

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
