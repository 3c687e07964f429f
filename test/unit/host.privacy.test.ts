// A model the data policy excludes (`privacy_restricted`, issue 23 §1), as the user meets it in the
// chat: the question is answered by the next model and the footer says which setting left the first
// out; while the policy stands it is not asked again; once the user changes
// `openrouterDual.provider.dataCollection`, the next question goes to it again. Both provider modes.
import assert from 'node:assert/strict';
import { availabilityError } from '../fixtures/double';
import { PROVIDER_MODES } from '../../src/core/providers/types';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { RecordingStream } from './chatRecording';
import { useHostRig } from './hostLifecycle';

const PRIVATE = 'deepseek/deepseek-r1:free';
const B = 'qwen/qwen3-8b:free';

for (const mode of PROVIDER_MODES) {
  describe(`host: a model the data policy excludes (${mode})`, function () {
    this.timeout(30_000);
    const rig = useHostRig({
      name: 'privacy',
      key: 'sk-or-v1-host-privacy',
      settings: { providerMode: mode, enabledModels: [PRIVATE, B], 'provider.dataCollection': 'deny' },
    });
    beforeEach(() => {
      rig.double.script(PRIVATE, availabilityError('privacy_restricted', PRIVATE, { excluded_by: ['data_policy:training'] }), { kind: 'stream', text: ['Private model answers.'] });
    });

    const ask = async () => {
      const stream = new RecordingStream();
      const request = { prompt: 'hi', references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
      await vscode.recorded.participants.get('openrouter-dual.openrouter')!.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
      return stream.text;
    };
    const requestsTo = (model: string) => rig.double.chatRequests.filter((r) => r.model === model).length;

    it('says which setting left it out, skips it while that stands, and asks it again once the setting changes', async () => {
      const first = await ask();
      assert.match(first, /Hello from qwen\/qwen3-8b:free/);
      // The footer is markdown: its punctuation comes escaped.
      assert.ok(first.replace(/\\/g, '').includes('cannot take this request (404); left out by openrouterDual.provider.dataCollection = "deny"'), first);
      assert.match(await ask(), /Hello from qwen\/qwen3-8b:free/);
      assert.equal(requestsTo(PRIVATE), 1, 'not asked again while the policy stands');
      vscode.changeSettings({ 'openrouterDual.provider.dataCollection': 'allow' });
      assert.match(await ask(), /Private model answers\./);
      assert.equal(requestsTo(PRIVATE), 2);
      assert.equal(rig.double.chatRequests.at(-1)?.body.provider?.data_collection, 'allow');
    });
  });
}
