// Renderers take the translation function as a parameter so they stay plain functions:
// the host passes `vscode.l10n.t`, tests pass `formatPlain`.
import { fillPlaceholders } from '../../core/shared/placeholders';

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** `vscode.l10n.t`'s placeholder rule (`{0}`, `{1}`, ...) without a bundle. */
export const formatPlain: Translate = fillPlaceholders;
