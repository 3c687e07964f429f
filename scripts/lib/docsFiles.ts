// The generated docs and their text, read from the checkout at `root`: whole pages from the
// manifest, and the presets table inside docs/endpoints.md from the presets the command offers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINT_PRESETS } from '../../src/core/endpoints/presets';
import { renderCommands, renderPresets, renderSettings, type Manifest, type Nls } from './docsGen';

/** Replaces what lies between `<!-- generated:NAME ... -->` and `<!-- /generated:NAME -->`. */
export function replaceBlock(text: string, name: string, body: string): string {
  const open = new RegExp(`(<!-- generated:${name}\\b[^>]*-->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
  if (!open.test(text)) throw new Error(`no <!-- generated:${name} --> block`);
  return text.replace(open, (_, start: string, end: string) => `${start}${body}${end}`);
}

export function generatedDocs(root: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Nls;
  const endpointsPage = join(root, 'docs', 'endpoints.md');
  return {
    'docs/settings.md': renderSettings(manifest, nls),
    'docs/commands.md': renderCommands(manifest, nls),
    ...(existsSync(endpointsPage) ? { 'docs/endpoints.md': replaceBlock(readFileSync(endpointsPage, 'utf8'), 'presets', renderPresets(ENDPOINT_PRESETS)) } : {}),
  };
}
