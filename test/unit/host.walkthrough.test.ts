// The "Get Started" walkthrough: the manifest ticks each step on a context key the code really sets,
// links only to commands that exist, has both languages (descriptions and markdown media), and the
// extension sets each key when the user has done the step, not before.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { isAnswer, qualifiedStepId, WALKTHROUGH_CONTEXT_KEYS, WALKTHROUGH_ID, WALKTHROUGH_STEP_IDS } from '../../src/host/walkthrough/checks/walkthroughSteps';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const root = join(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

type Media = { markdown?: string; image?: string | Record<string, string>; svg?: string; altText?: string };
interface Step {
  id: string;
  title: string;
  description: string;
  media: Media;
  completionEvents?: string[];
}
interface Manifest {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; title: string; description: string; steps: Step[] }[] };
}

const manifest = readJson('package.json') as unknown as Manifest;
const nls = { en: readJson('package.nls.json'), 'zh-cn': readJson('package.nls.zh-cn.json') };
/** VS Code's own commands a step may link to. */
const BUILT_IN_COMMANDS = new Set(['workbench.action.chat.open']);
const KEYS = Object.values(WALKTHROUGH_CONTEXT_KEYS);

const nlsKey = (value: string): string => {
  const m = /^%(.+)%$/.exec(value);
  assert.ok(m, `"${value}" is not a %key% placeholder`);
  return m[1];
};

describe('host: walkthrough in the manifest', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;

  it('is the one walkthrough the code names, with a step per context key, each ticked by its key only', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.equal(walkthrough.id, WALKTHROUGH_ID);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['apiKey', 'testConnection', 'askParticipant', 'pickAuto', 'openSettings'],
    );
    const used = walkthrough.steps.flatMap((s) => {
      // A step without completion events is ticked when merely selected, which is what must not happen.
      assert.ok(s.completionEvents?.length, `${s.id} has no completionEvents`);
      return s.completionEvents.map((e) => {
        const m = /^onContext:(.+)$/.exec(e);
        assert.ok(m, `${s.id}: "${e}" is not an onContext: event`);
        assert.ok(KEYS.includes(m[1] as (typeof KEYS)[number]), `${s.id}: "${m[1]}" is not a key the code sets (checks/walkthroughSteps.ts)`);
        // The code also marks the step complete by its id: the key's step must carry this step's id.
        const step = (Object.keys(WALKTHROUGH_CONTEXT_KEYS) as (keyof typeof WALKTHROUGH_CONTEXT_KEYS)[]).find((k) => WALKTHROUGH_CONTEXT_KEYS[k] === m[1])!;
        assert.equal(WALKTHROUGH_STEP_IDS[step], s.id, `the code marks "${step}" as step "${WALKTHROUGH_STEP_IDS[step]}"`);
        return m[1];
      });
    });
    assert.deepEqual([...used].sort(), [...KEYS].sort(), 'every key ticks exactly one step');
  });

  it('has every title, description and alt text in English and Simplified Chinese, with the same links', () => {
    const texts = [walkthrough.title, walkthrough.description, ...walkthrough.steps.flatMap((s) => [s.title, s.description, ...(s.media.altText ? [s.media.altText] : [])])];
    for (const text of texts) {
      const key = nlsKey(text);
      for (const [lang, bundle] of Object.entries(nls)) assert.equal(typeof bundle[key], 'string', `${lang} lacks ${key}`);
      const links = (s: string) => [...s.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
      assert.deepEqual(links(nls['zh-cn'][key] as string), links(nls.en[key] as string), `links of ${key}`);
    }
  });

  it('links only to commands that exist, and every step offers its action', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of walkthrough.steps) {
      const description = nls.en[nlsKey(step.description)] as string;
      const commands = [...description.matchAll(/\(command:([^)?]+)/g)].map((m) => m[1]);
      assert.ok(commands.length > 0, `${step.id} offers no button`);
      for (const command of commands) assert.ok(contributed.has(command) || BUILT_IN_COMMANDS.has(command), `${step.id} links to unknown command ${command}`);
    }
  });

  it('has every media file, markdown in both languages (VS Code reads <name>.nls.<language>.md)', () => {
    for (const step of walkthrough.steps) {
      const { markdown, image } = step.media;
      if (markdown) {
        assert.ok(existsSync(join(root, markdown)), markdown);
        const chinese = markdown.replace(/\.md$/, '.nls.zh-cn.md');
        assert.ok(existsSync(join(root, chinese)), chinese);
        assert.match(readFileSync(join(root, chinese), 'utf8'), /[\u4e00-\u9fff]/, `${chinese} is in Chinese`);
      }
      const images = typeof image === 'string' ? [image] : Object.values(image ?? {});
      for (const file of images) assert.ok(existsSync(join(root, file)), file);
      if (image) assert.ok(step.media.altText, `${step.id}: an image needs altText`);
      assert.ok(markdown || image, `${step.id} has media`);
    }
  });
});

describe('host: walkthrough steps tick when the user has done them', function () {
  this.timeout(30_000);
  const A = 'qwen/qwen3-8b:free';
  const B = 'mistralai/devstral-small-2505:free';
  const KEY = 'sk-or-v1-walkthrough';
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  // Done means both: the context key of package.json's completionEvents is true, and the step was
  // marked complete with the workbench's command (what a window that started its walkthrough late sees).
  const done = (step: keyof typeof WALKTHROUGH_CONTEXT_KEYS) => {
    const key = vscode.recorded.contextKeys.get(WALKTHROUGH_CONTEXT_KEYS[step]) === true;
    const marked = vscode.recorded.walkthroughStepsDone.has(qualifiedStepId('openrouter-dual.openrouter-dual', step));
    assert.equal(key, marked, `${step}: context key ${key}, marked complete ${marked}`);
    return key;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  async function start(opts: { keyStored?: boolean } = {}): Promise<void> {
    context = vscode.createContext(storage);
    if (opts.keyStored) await context.secrets.store('openrouterDual.apiKey', KEY);
    await ext.activate(context as never);
    await settle();
  }
  const chat = async (prompt: string, model = { vendor: 'openrouter-dual', id: 'auto', family: 'auto' }) => {
    const stream = { markdown: () => undefined, progress: () => undefined, button: () => undefined };
    const participant = vscode.recorded.participants.get('openrouter-dual.openrouter')!;
    return participant.handler({ prompt, references: [], model }, { history: [] }, stream, new vscode.CancellationTokenSource().token);
  };

  before(async () => {

    double = await startDoubleWithoutEnvKey();

  });
  beforeEach(() => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-walkthrough-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B]);
  });
  afterEach(async () => {
    await tearDownHost(context, storage);
    // The extension sets no context key outside the walkthrough's list.
    for (const key of vscode.recorded.contextKeys.keys()) assert.ok(KEYS.includes(key as (typeof KEYS)[number]), `unexpected context key ${key}`);
  });
  after(async () => {
    await double.close();
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  it('"Set the API key": not at a start without a key; once "Set API Key" stored one', async () => {
    await start();
    assert.equal(done('apiKeySet'), false);
    vscode.recorded.inputBoxAnswers.push(`  ${KEY} `);
    await vscode.commands.executeCommand('openrouterDual.setApiKey');
    await settle();
    assert.equal(done('apiKeySet'), true);
  });

  it('"Set the API key": at activation when a key is already stored', async () => {
    await start({ keyStored: true });
    assert.equal(done('apiKeySet'), true);
    assert.equal(done('connectionTested'), false, 'no other step is ticked by activation');
    assert.equal(done('settingsOpened'), false);
  });

  it('"Test the connection": not when the test fails, once it passes', async () => {
    await start({ keyStored: true });
    double.setKeyPolicy(() => false);
    await vscode.commands.executeCommand('openrouterDual.testConnection');
    assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /connection test failed/);
    assert.equal(done('connectionTested'), false);
    double.reset();
    double.script(A, { kind: 'stream', text: ['pong'] });
    await vscode.commands.executeCommand('openrouterDual.testConnection');
    assert.equal(done('connectionTested'), true, JSON.stringify(vscode.recorded.messages));
  });

  it('"Ask @openrouter": not for the missing-key notice or a report, once a question was answered', async () => {
    const copilot = { vendor: 'copilot', id: 'x', family: 'x' };
    await start();
    await chat('hello', copilot);
    assert.equal(done('participantAnswered'), false, 'the missing-key notice is not an answer');
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await settle();
    await chat('', copilot);
    assert.equal(done('participantAnswered'), false, 'an empty prompt is not an answer');
    double.script(A, { kind: 'stream', text: ['Hello there.'] });
    await chat('hello', copilot);
    assert.equal(done('participantAnswered'), true);
    assert.equal(done('autoModelUsed'), false, 'another vendor’s model is not OpenRouter Auto');
  });

  it('"Pick OpenRouter Auto": not for a single model or an unanswered request; once Auto answered, through the chat or the provider', async () => {
    await start();
    await chat('hello before any key');
    assert.equal(done('autoModelUsed'), false, 'the missing-key notice under Auto (VS Code may preselect it) is no answer through Auto');
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await settle();
    double.script(B, { kind: 'stream', text: ['B here.'] });
    await chat('which?', { vendor: 'openrouter-dual', id: B, family: B });
    assert.equal(done('autoModelUsed'), false);
    double.script(A, { kind: 'stream', text: ['Auto here.'] });
    await chat('which?');
    assert.equal(done('autoModelUsed'), true);

    vscode.recorded.contextKeys.clear();
    vscode.recorded.walkthroughStepsDone.clear();
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
    const ask = (id: string) => provider.provideLanguageModelChatResponse({ id }, messages, {}, { report: () => undefined }, new vscode.CancellationTokenSource().token);
    double.script(B, { kind: 'stream', text: ['B.'] });
    await ask(B);
    assert.equal(done('autoModelUsed'), false);
    double.script(A, { kind: 'stream', text: ['A.'] });
    await ask('auto');
    assert.equal(done('autoModelUsed'), true);
  });

  it('"Open the settings page": once the page opened', async () => {
    await start();
    assert.equal(done('settingsOpened'), false);
    await vscode.commands.executeCommand('openrouterDual.openSettings');
    assert.deepEqual(vscode.recorded.webviewPanels.map((p) => p.viewType), ['openrouterDual.settings']);
    assert.equal(done('settingsOpened'), true);
    for (const panel of vscode.recorded.webviewPanels) panel.dispose();
  });

  it('counts as an answer only a non-empty answer that did not fail and is not a report', () => {
    assert.equal(isAnswer({ answer: 'Four.', model: A }), true);
    assert.equal(isAnswer({ answer: '', model: A }), false);
    assert.equal(isAnswer({ answer: 'partial', failed: true }), false);
    assert.equal(isAnswer({ report: true }), false);
    assert.equal(isAnswer(undefined), false);
  });
});
