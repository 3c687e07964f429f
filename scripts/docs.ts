// `npm run docs`: writes docs/settings.md and docs/commands.md from package.json and
// package.nls.json. `npm run docs -- --check` writes nothing and fails when they are out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generatedDocs } from './lib/docsFiles';

const ROOT = resolve(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of Object.entries(generatedDocs(ROOT))) {
  const path = join(ROOT, file);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) {
    console.error(`docs: ${file} is out of date; run npm run docs.`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`docs: wrote ${file}`);
  }
}
process.exit(stale ? 1 : 0);
