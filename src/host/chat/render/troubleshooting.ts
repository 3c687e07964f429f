// Where docs/troubleshooting.md explains each failure a user can see: every failure in the chat
// links there, and the palette's "Troubleshooting" command opens the page the extension ships.
import { headingAnchor } from '../../../core/shared/headingAnchor';
import type { FailureKind } from '../../../core/router/types';

export const TROUBLESHOOTING_COMMAND = 'openrouterDual.openTroubleshooting';
/** The page, relative to the extension's folder (the .vsix ships docs/*.md). */
export const TROUBLESHOOTING_PAGE = ['docs', 'troubleshooting.md'] as const;

/** The heading of the page's section for each kind (docs.troubleshooting's test keeps them real). */
export const TROUBLESHOOTING_SECTIONS: Record<Exclude<FailureKind, 'cancelled'>, string> = {
  auth: 'The key is rejected',
  network: 'No connection',
  payment: 'OpenRouter refuses the request',
  forbidden: 'OpenRouter refuses the request',
  bad_request: 'OpenRouter refuses the request',
  not_found: 'A model is busy or gone',
  rate_limited: 'A model is busy or gone',
  all_cooling_down: 'A model is busy or gone',
  timeout: 'A model is busy or gone',
  upstream: 'A model is busy or gone',
  empty_answer: 'A model is busy or gone',
  stream_error: 'An answer stops half way',
  unsupported: 'No enabled model can take the request',
  context_length: 'No enabled model can take the request',
  no_models: 'No enabled model can take the request',
  not_free: 'No enabled model can take the request',
  budget_exhausted: 'Free tier limit used up',
};

/** The anchor of the section that explains a failure; one that ended a started answer is "stops half way". */
export function troubleshootingAnchor(kind: Exclude<FailureKind, 'cancelled'>, afterOutput = false): string {
  return headingAnchor(afterOutput ? 'An answer stops half way' : TROUBLESHOOTING_SECTIONS[kind]);
}
