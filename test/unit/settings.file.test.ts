// The settings-file reader behind the "a folder cannot set baseUrl" warning: VS Code's JSON with
// comments and trailing commas, with comment-like text inside strings left alone.
import assert from 'node:assert/strict';
import { settingInFile } from '../../src/host/settings/mapping/settingsFile';

describe('settings file (JSON with comments)', () => {
  const text = [
    '{',
    '  // "openrouterDual.baseUrl": "https://commented.example/v1",',
    '  "a.b": "http://x//y /* not a comment */",',
    '  /* block */ "openrouterDual.baseUrl": "https://e.example/v1",',
    '  "arr": [1, 2,],',
    '}',
  ].join('\n');

  it('reads a value past line and block comments and trailing commas', () => {
    assert.equal(settingInFile(text, 'openrouterDual.baseUrl'), 'https://e.example/v1');
    assert.deepEqual(settingInFile(text, 'arr'), [1, 2]);
  });

  it('keeps comment-like text inside strings', () => {
    assert.equal(settingInFile(text, 'a.b'), 'http://x//y /* not a comment */');
  });

  it('gives undefined for an unset name or a file that is not JSON', () => {
    assert.equal(settingInFile(text, 'openrouterDual.groupSize'), undefined);
    assert.equal(settingInFile('{ "openrouterDual.baseUrl": ', 'openrouterDual.baseUrl'), undefined);
  });
});
