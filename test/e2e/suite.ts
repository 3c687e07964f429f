// The e2e suite: package the extension, start the OpenRouter double and code-server with the .vsix
// installed, open the workbench in headless Chromium and run the user scenarios in one session.
// Usage (via run.mjs): `npm run test:e2e [-- --only 2,4] [-- --mode openrouter_sdk]` (`--mode`: the provider
// mode the window starts in; default openai_compatible).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
import {
  QUIET_WORKBENCH_SETTINGS,
  REPO_ROOT,
  ensureTools,
  findExtensionLogs,
  packageExtension,
  packageFixtureExtension,
  prepareProfile,
  startCodeServer,
} from '../../scripts/lib/codeServer';
import { launchChromium } from './browser';
import { Chat } from './chat';
import { GOOD_KEY, MODELS, type E2EContext, type Scenario } from './context';
import { takeReadmeShots } from './readmeShots';
import { SCENARIOS_IN_RUN_ORDER } from './scenarios';
import { AGENT_CONSUMER_DIR, AGENT_CONSUMER_SCENARIO } from './scenarios/agentLoop';
import { FIT_SCENARIO } from './scenarios/fit';
import { Workbench } from './workbench';
import { PROVIDER_MODES, type ProviderMode } from '../../src/core/providers/types';

// A backstop, not a wait: scenarios wait on conditions. A window restart on a machine whose two cores
// are saturated took up to 76 s of a scenario (measured at load average 14), so leave room.
const SCENARIO_TIMEOUT_MS = 240_000;
const ARTIFACTS = join(REPO_ROOT, 'artifacts', 'e2e');

type Cleanup = () => Promise<unknown>;
const cleanups: Cleanup[] = [];
let cleaningUp: Promise<void> | undefined;

/** Runs every cleanup (newest first), each bounded so one that hangs cannot keep the rest from running. */
function cleanupAll(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const fn of cleanups.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error('e2e: a cleanup step took over 10 s; moving on');
          resolve();
        }, 10_000);
      });
      await Promise.race([fn().catch((err: unknown) => console.error(`e2e: cleanup failed: ${String(err)}`)), bounded]);
      clearTimeout(timer);
    }
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\ne2e: ${signal}, stopping code-server, Chromium and the double...`);
    void cleanupAll().then(() => process.exit(130));
  });
}

function log(message: string): void {
  console.log(`e2e ${new Date().toISOString().slice(11, 19)} ${message}`);
}

function selectScenarios(argv: string[]): Scenario[] {
  const i = argv.indexOf('--only');
  if (i < 0) return SCENARIOS_IN_RUN_ORDER;
  const ids = new Set((argv[i + 1] ?? '').split(',').map(Number));
  return SCENARIOS_IN_RUN_ORDER.filter((s) => ids.has(s.id));
}

/** `--mode openrouter_sdk`: the whole run in the Official mode (the default is the OpenAI-compatible one). */
function selectMode(argv: string[]): ProviderMode {
  const i = argv.indexOf('--mode');
  if (i < 0) return 'openai_compatible';
  const mode = argv[i + 1] as ProviderMode;
  if (!PROVIDER_MODES.includes(mode)) throw new Error(`--mode must be one of ${PROVIDER_MODES.join(', ')}, got ${argv[i + 1]}`);
  return mode;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const started = Date.now();
  const scenarios = selectScenarios(process.argv.slice(2));
  const providerMode = selectMode(process.argv.slice(2));
  log(`provider mode ${providerMode}`);

  const runDir = prepareRunDir();
  log('ensuring Chromium and code-server are installed');
  const tools = ensureTools();
  log(process.env.OPENROUTER_DUAL_E2E_VSIX ? `using ${process.env.OPENROUTER_DUAL_E2E_VSIX}` : 'packaging the extension (npm run package)');
  // OPENROUTER_DUAL_E2E_VSIX: test a .vsix built elsewhere instead of packaging this tree.
  const vsix = process.env.OPENROUTER_DUAL_E2E_VSIX || packageExtension(runDir);

  // A second extension that uses our models through the language-model API, as an agent does
  // (scenarios 14 and 22); installed beside ours, never packaged with it.
  const consumerVsix = scenarios.some((s) => s.id === AGENT_CONSUMER_SCENARIO || s.id === FIT_SCENARIO) ? [packageFixtureExtension(AGENT_CONSUMER_DIR, runDir)] : [];

  const double = await OpenRouterDouble.start();
  cleanups.push(() => double.close());
  const restoreKeyPolicy = (): void => double.setKeyPolicy((key) => key === GOOD_KEY);
  restoreKeyPolicy();
  log(`OpenRouter double on ${double.baseUrl}`);
  const local = await LocalServerDouble.start();
  cleanups.push(() => local.close());

  // A port free now, so a gateway started by a scenario does not meet another run's.
  const gatewayPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const profile = prepareProfile({
    root: join(runDir, 'profile'),
    tools,
    vsix,
    fresh: true,
    extraVsix: consumerVsix,
    settings: {
      ...QUIET_WORKBENCH_SETTINGS,
      'openrouterDual.baseUrl': double.baseUrl,
      'openrouterDual.enabledModels': [...MODELS],
      'openrouterDual.routingStrategy': 'failover',
      'openrouterDual.providerMode': providerMode,
      // The suite sends a few dozen requests within minutes; the free-tier budget must not refuse them.
      'openrouterDual.freeTier.requestsPerMinute': 1000,
      'openrouterDual.freeTier.dailyLimit': 1000,
      'openrouterDual.gateway.port': gatewayPort,
    },
  });
  // The key must come from the user (scenario 1), never from the environment.
  const server = await startCodeServer({
    tools,
    profile,
    logPath: join(runDir, 'code-server.log'),
    env: { OPENROUTER_API_KEY: undefined },
  });
  cleanups.push(() => server.stop());
  log(`code-server on ${server.url} (profile ${profile.root})`);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const browserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await browserContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await browserContext.newPage();
  await page.goto(`${server.url}?folder=${encodeURIComponent(profile.workspaceDir)}`);
  const workbench = new Workbench(page);
  await workbench.waitReady();
  log(`workbench ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);

  let stepAt = Date.now();
  const ctx: E2EContext = {
    page,
    workbench,
    chat: new Chat(page, workbench),
    double,
    gatewayPort,
    startMode: providerMode,
    local,
    profile,
    server,
    restoreKeyPolicy,
    state: { goodKeySet: false },
    step(label) {
      const now = Date.now();
      log(`  · ${label} (+${((now - stepAt) / 1000).toFixed(1)} s)`);
      stepAt = now;
    },
  };
  const results: { scenario: Scenario; error?: string; seconds: number }[] = [];
  for (const scenario of scenarios) {
    double.reset();
    restoreKeyPolicy();
    const t0 = Date.now();
    stepAt = t0;
    const shot = join(ARTIFACTS, `${String(scenario.id).padStart(2, '0')}-${slug(scenario.title)}.png`);
    let error: string | undefined;
    try {
      await withTimeout(scenario.run(ctx), SCENARIO_TIMEOUT_MS, `Scenario ${scenario.id}`);
      await takeReadmeShots(ctx, scenario);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    await page.screenshot({ path: shot }).catch(() => undefined);
    const seconds = (Date.now() - t0) / 1000;
    if (error) {
      const extLogs = findExtensionLogs(profile.userDataDir);
      error +=
        `\n      screenshot: ${shot}\n      code-server log: ${server.logPath}` +
        `\n      extension log: ${extLogs[0] ?? `(none found under ${profile.userDataDir}/logs)`}`;
      await workbench.recover().catch(() => undefined);
    }
    results.push({ scenario, error, seconds });
    log(`${error ? 'FAIL' : 'pass'} ${scenario.id}. ${scenario.title} (${seconds.toFixed(1)} s)${error ? `\n      ${error}` : ''}`);
  }

  await cleanupAll();
  const failed = results.filter((r) => r.error);
  console.log(`\ne2e: ${results.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${ARTIFACTS}`);
  for (const r of results) console.log(`  ${r.error ? '✗' : '✓'} ${r.scenario.id}. ${r.scenario.title}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

/**
 * Screenshots go to artifacts/e2e/; the profile and logs of this run to artifacts/e2e/runs/<pid>/,
 * so two runs in one working tree (two people, or a run and CI) do not wipe each other's profile.
 * Run folders of processes that have ended are removed.
 */
function prepareRunDir(): string {
  const runs = join(ARTIFACTS, 'runs');
  mkdirSync(runs, { recursive: true });
  for (const name of readdirSync(runs)) {
    if (!isAlive(Number(name))) rmSync(join(runs, name), { recursive: true, force: true });
  }
  for (const name of readdirSync(ARTIFACTS)) {
    if (name.endsWith('.png')) rmSync(join(ARTIFACTS, name), { force: true });
  }
  const dir = join(runs, String(process.pid));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(`e2e: setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanupAll();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
