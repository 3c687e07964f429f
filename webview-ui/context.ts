// What every section gets: a way to talk to the host, the field error registry and the UI text.
import type { PageMessage } from '../src/protocol/pageMessages';
import type { Strings } from './strings';
import type { UiState } from './vscodeApi';
import type { FieldErrors } from './fieldErrors';

export interface PageContext {
  send(message: PageMessage): void;
  errors: FieldErrors;
  t: Strings;
  ui: UiState;
  /** Persists `ui` (search, sort, filters) so it survives the panel being hidden. */
  saveUi(): void;
}
