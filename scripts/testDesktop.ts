// `npm run test:desktop`: runs test/desktop (the host-level suite) inside desktop VS Code through
// @vscode/test-electron. VS Code is VSCODE_EXECUTABLE_PATH when set, else downloaded (and cached in
// .vscode-test/). When it can be neither, this says so in one line and exits 1, or exits 0 saying
// "skipped" when told to skip (--skip-if-unavailable or OPENROUTER_DUAL_SKIP_DESKTOP=1): it never
// reports a pass it did not run. Not part of `npm test` or .ci/run (these machines have no internet).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, ProgressReportStage, runTests, TestRunFailedError, type ProgressReport, type ProgressReporter } from '@vscode/test-electron';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '..');
const TESTS_BUNDLE = join(ROOT, 'out', 'desktop', 'index.js');
/** Idle timeout of each download request: no data for this long means no network. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 10_000;
const HOW_TO_RUN = 'set VSCODE_EXECUTABLE_PATH to a local VS Code executable, or run with access to update.code.visualstudio.com';
const SKIP_HINT = 'OPENROUTER_DUAL_SKIP_DESKTOP=1 or --skip-if-unavailable skips it';

/** Builds the extension and the suite bundle, runs nothing: a check that works without VS Code. */
const buildOnly = process.argv.includes('--build-only');
const skipIfUnavailable = process.argv.includes('--skip-if-unavailable') || /^(1|true|yes)$/i.test(process.env.OPENROUTER_DUAL_SKIP_DESKTOP ?? '');

function say(line: string): void {
  console.error(`test:desktop: ${line}`);
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').trim();
}

/** Progress on stderr, only once a download really starts; nothing while resolving the version. */
class QuietReporter implements ProgressReporter {
  private lastPercent = -10;
  report(report: ProgressReport): void {
    if (report.stage === ProgressReportStage.Downloading && report.totalBytes > 0) {
      const percent = Math.floor((100 * report.bytesSoFar) / report.totalBytes);
      if (percent >= this.lastPercent + 10) {
        this.lastPercent = percent;
        say(`downloading VS Code: ${percent}% of ${(report.totalBytes / 1e6).toFixed(0)} MB`);
      }
    } else if (report.stage === ProgressReportStage.Retrying) {
      say(`download attempt ${report.attempt} of ${report.totalAttempts} failed (${oneLine(report.error)}); retrying`);
    } else if (report.stage === ProgressReportStage.NewInstallComplete) {
      say(`VS Code installed in ${report.downloadedPath}`);
    }
  }
  error(): void {
    // The caller reports the failure in its own single line.
  }
}

/** The VS Code executable to run, or why there is none. */
async function findVSCode(): Promise<{ path: string } | { unavailable: string }> {
  const local = process.env.VSCODE_EXECUTABLE_PATH;
  if (local) {
    // Set on purpose and wrong: a configuration error, never skipped.
    if (!existsSync(local)) {
      say(`VSCODE_EXECUTABLE_PATH=${local} does not exist; the desktop suite did NOT run. Point it at a VS Code executable (e.g. /usr/share/code/code).`);
      process.exit(1);
    }
    return { path: local };
  }
  try {
    const version = process.env.VSCODE_TEST_VERSION ?? 'stable';
    const path = await downloadAndUnzipVSCode({ version, cachePath: join(ROOT, '.vscode-test'), timeout: DOWNLOAD_IDLE_TIMEOUT_MS, reporter: new QuietReporter() });
    return { path };
  } catch (e) {
    return { unavailable: `could not download VS Code (${oneLine(e)})` };
  }
}

async function buildSuite(): Promise<void> {
  // The extension as `npm run build` makes it (dist/extension.js and the lazily loaded SDK bundles).
  const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`building the extension (node esbuild.mjs) failed with exit ${build.status}`);
  // The suite: one CommonJS file for the extension host; Node 20 syntax, which every VS Code host runs.
  await esbuild.build({
    entryPoints: [join(ROOT, 'test', 'desktop', 'index.ts')],
    outfile: TESTS_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** A throwaway profile: the developer's own settings, extensions and keys are never touched. */
function makeProfile(): { root: string; userDataDir: string; extensionsDir: string; workspaceDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'openrouter-dual-desktop-'));
  const profile = { root, userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions'), workspaceDir: join(root, 'workspace') };
  for (const dir of [join(profile.userDataDir, 'User'), profile.extensionsDir, profile.workspaceDir]) mkdirSync(dir, { recursive: true });
  const settings = {
    // Until the suite points it at its local double, a closed local port: activation (on startup,
    // before the suite runs) must not reach openrouter.ai.
    'openrouterDual.baseUrl': 'http://127.0.0.1:9/api/v1',
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  };
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return profile;
}

async function main(): Promise<number> {
  const started = Date.now();
  if (buildOnly) {
    await buildSuite();
    say(`built ${TESTS_BUNDLE}; nothing ran (--build-only).`);
    return 0;
  }
  const vscodeExecutable = await findVSCode();
  if ('unavailable' in vscodeExecutable) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (skipIfUnavailable) {
      say(`SKIPPED, the desktop suite did not run: ${vscodeExecutable.unavailable} after ${seconds} s; to run it, ${HOW_TO_RUN}.`);
      return 0;
    }
    say(`FAILED, the desktop suite did not run: ${vscodeExecutable.unavailable} after ${seconds} s; to run it, ${HOW_TO_RUN} (${SKIP_HINT}).`);
    return 1;
  }

  await buildSuite();
  const profile = makeProfile();
  try {
    await runTests({
      vscodeExecutablePath: vscodeExecutable.path,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS_BUNDLE,
      launchArgs: [
        profile.workspaceDir,
        `--user-data-dir=${profile.userDataDir}`,
        `--extensions-dir=${profile.extensionsDir}`,
        '--disable-extensions',
        // No OS keyring prompt on machines without one (the suite stores no key anyway).
        '--password-store=basic',
      ],
      // The suite sets the key itself, in the extension host; one from the developer's shell would
      // change what "no key" means.
      extensionTestsEnv: { OPENROUTER_API_KEY: undefined },
    });
    say(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s (VS Code: ${vscodeExecutable.path}).`);
    return 0;
  } catch (e) {
    const why = e instanceof TestRunFailedError ? `VS Code exited with ${e.code ?? e.signal}` : oneLine(e);
    const display = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY ? ' (no DISPLAY: on a headless Linux, run it under `xvfb-run -a`)' : '';
    say(`FAILED: ${why}${display}; see the output above.`);
    return 1;
  } finally {
    rmSync(profile.root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    say(`FAILED: ${oneLine(e)}`);
    process.exit(1);
  },
);
