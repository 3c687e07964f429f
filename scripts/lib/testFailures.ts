// Reads the names of the failed tests out of a suite's output: mocha's failure list (any reporter
// prints the same epilogue) and the end-to-end suite's summary lines. Used by `npm run test:repeat`.

export interface TestFailure {
  /** The test's full name: its suites and its title, joined by " › ". */
  name: string;
  /** The first line of what it failed with. */
  message: string;
}

// Colour codes, in case a suite prints them despite FORCE_COLOR=0.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function failuresIn(output: string): TestFailure[] {
  const lines = output.replace(ANSI, '').split(/\r?\n/);
  return [...mochaFailures(lines), ...e2eFailures(lines)];
}

// mocha's epilogue: "  2 failing", then per failure "  1) suite", more indented title lines, the
// last ending in ":", a blank line, then the error.
function mochaFailures(lines: string[]): TestFailure[] {
  const start = lines.findIndex((l) => /^\s+\d+ failing\s*$/.test(l));
  if (start < 0) return [];
  const failures: TestFailure[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const head = /^\s+\d+\) (.*)$/.exec(lines[i]);
    if (!head) continue;
    const parts = [head[1]];
    while (!parts[parts.length - 1].endsWith(':') && i + 1 < lines.length && lines[i + 1].trim() !== '') parts.push(lines[++i].trim());
    const name = parts.map((p) => p.trim()).join(' › ').replace(/:$/, '');
    let message = '';
    while (i + 1 < lines.length && !message) message = lines[++i].trim();
    failures.push({ name, message });
  }
  return failures;
}

// The end-to-end suite logs "e2e hh:mm:ss FAIL 12. title (3.1 s)" with the error on the next line,
// or "e2e: setup failed: …" when no scenario could run.
function e2eFailures(lines: string[]): TestFailure[] {
  const failures: TestFailure[] = [];
  lines.forEach((line, i) => {
    const fail = /^e2e \S+ FAIL (.+?) \(\d+(?:\.\d+)? s\)$/.exec(line.trim());
    if (fail) failures.push({ name: `e2e ${fail[1]}`, message: (lines[i + 1] ?? '').trim() });
    const setup = /^e2e: setup failed: (.*)$/.exec(line.trim());
    if (setup) failures.push({ name: 'e2e setup', message: setup[1] });
  });
  return failures;
}
