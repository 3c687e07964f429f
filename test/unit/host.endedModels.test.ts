// An enabled model that ended on OpenRouter (issue 23 §1), as the user meets it in the chat: the
// question is answered by the next model, one notification (for the whole profile, however many
// requests and windows meet the end) names the free replacements OpenRouter suggested with a button
// each, and the button writes the replacement in the ended model's place. A window opened later never
// sends the ended model a request. Both provider modes, OpenRouter's availability body from the double.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availabilityError, type OpenRouterDouble } from '../fixtures/double';
import { PROVIDER_MODES } from '../../src/core/providers/types';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RecordingStream } from './chatRecording';
import { startDoubleWithoutEnvKey, until } from './hostLifecycle';
import { removeDir } from './tempDirs';

const ENDED = 'deepseek/deepseek-r1:free';
const B = 'qwen/qwen3-8b:free';
const FREE_1 = 'qwen/qwen3-235b-a22b:free';
const FREE_2 = 'qwen/qwq-32b:free';
const PAID = 'deepseek/deepseek-r1';
const KEY = 'sk-or-v1-host-ended-key';
const NOTICE = `OpenRouter Dual: the free variant ${ENDED} has ended on OpenRouter, so no request goes to it any more. Free replacements OpenRouter suggests: ${FREE_1}, ${FREE_2}.`;

for (const mode of PROVIDER_MODES) {
  describe(`host: a model that ended on OpenRouter (${mode})`, function () {
    this.timeout(30_000);
    let double: OpenRouterDouble;
    let storage: string;
    const contexts: ReturnType<typeof vscode.createContext>[] = [];

    before(async () => {
      double = await startDoubleWithoutEnvKey();
    });
    beforeEach(() => {
      double.reset();
      vscode.recorded.reset();
      storage = mkdtempSync(join(tmpdir(), 'host-ended-'));
      vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
      vscode.recorded.settings.set('openrouterDual.providerMode', mode);
      vscode.recorded.settings.set('openrouterDual.enabledModels', [ENDED, B]);
      double.script(ENDED, availabilityError('free_variant_ended', ENDED, { fallback_models: [PAID, FREE_1, B, FREE_2] }));
    });
    afterEach(async () => {
      await ext.deactivate();
      for (const c of contexts.splice(0)) for (const d of c.subscriptions) d.dispose();
      await removeDir(storage);
    });
    after(() => double.close());

    /** A window: its own context on the profile's one storage folder; its API, and the chat participant last registered. */
    const openWindow = async () => {
      const context = vscode.createContext(storage);
      contexts.push(context);
      await context.secrets.store('openrouterDual.apiKey', KEY);
      const api = await ext.activate(context as never);
      return { api, participant: vscode.recorded.participants.get('openrouter-dual.openrouter')! };
    };
    const ask = async (participant: Awaited<ReturnType<typeof openWindow>>['participant']) => {
      const stream = new RecordingStream();
      const request = { prompt: 'hi', references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
      await participant.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
      return stream.text;
    };
    const askApi = async (api: ext.OpenRouterDualApi) => {
      let text = '';
      for await (const e of api.chat({ messages: [{ role: 'user', content: 'hi' }] })) if (e.type === 'text') text += e.text;
      return text;
    };
    const notices = () => vscode.recorded.messages.filter((m) => m.text.includes('has ended on OpenRouter'));
    const requestsTo = (model: string) => double.chatRequests.filter((r) => r.model === model).length;

    it('answers with the next model, tells once with a button per free replacement, and the button writes it in place', async () => {
      // The user clicks the first replacement.
      vscode.recorded.messageAnswers.push(`Use ${FREE_1}`);
      const { participant } = await openWindow();
      assert.match(await ask(participant), /Hello from qwen\/qwen3-8b:free/);
      assert.deepEqual(notices(), [{ level: 'warning', text: NOTICE, items: [`Use ${FREE_1}`, `Use ${FREE_2}`, 'Choose Models'] }]);
      await until(() => JSON.stringify(vscode.recorded.settings.get('openrouterDual.enabledModels')) === JSON.stringify([FREE_1, B]), 'the replacement written');
      await until(() => vscode.recorded.messages.some((m) => m.text === `Enabled ${FREE_1} in place of ${ENDED}.`), 'the confirmation');
      // The next question goes to the replacement, first in the list where the ended model was.
      assert.match(await ask(participant), /Hello from qwen\/qwen3-235b-a22b:free/);
      assert.equal(notices().length, 1, 'told once');
      assert.equal(requestsTo(ENDED), 1, 'the ended model was asked once');
    });

    it('two windows meeting the same end: one notification; a window opened later never asks the ended model', async () => {
      const first = await openWindow();
      const second = await openWindow();
      assert.equal(await askApi(first.api), `Hello from ${B}.`);
      assert.equal(notices().length, 1);
      // The second window read the folder before the end was known: it meets the end itself, once.
      assert.equal(await askApi(second.api), `Hello from ${B}.`);
      assert.equal(await askApi(second.api), `Hello from ${B}.`);
      assert.equal(notices().length, 1, 'the second window to meet it stays silent');
      assert.equal(requestsTo(ENDED), 2, 'each window asked it once');
      // A window opened afterwards (or a reload) knows from the start.
      const third = await openWindow();
      assert.equal(await askApi(third.api), `Hello from ${B}.`);
      assert.match(await ask(third.participant), /Hello from qwen\/qwen3-8b:free/);
      assert.equal(requestsTo(ENDED), 2, 'nothing was sent to the ended model');
      assert.equal(notices().length, 1);
    });
  });
}
