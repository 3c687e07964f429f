// The model-picker provider as an agent uses it (through the language-model API), in both modes,
// over real HTTP to the double: images reach OpenRouter, a required tool mode becomes
// tool_choice "required", a malformed call reaches the caller with what is wrong, and reasoning
// the caller never hands back is sent back with the tool result it belongs to.
import assert from 'node:assert/strict';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { useHostRig } from './hostLifecycle';
import { PROVIDER_MODES } from '../../src/core/providers/types';

const MODEL = 'mistralai/devstral-small-2505:free';
/** Takes images (the live list says so); MODEL does not, so the router would refuse them for it. */
const VISION = 'google/gemma-3n-e4b-it:free';
const KEY = 'sk-or-v1-host-agent';
const TOOLS = [{ name: 'lookup', description: 'Looks up', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DETAILS = [
  { type: 'reasoning.text', text: 'I should look it up.', format: 'unknown', index: 0 },
  { type: 'reasoning.encrypted', data: 'opaque==', id: 'rs_1', format: 'openai-responses-v1', index: 1 },
];

for (const mode of PROVIDER_MODES) {
  describe(`host: the model-picker provider for agents (${mode})`, function () {
    this.timeout(30_000);
    const rig = useHostRig({ name: 'agent', key: KEY, settings: { enabledModels: [MODEL, VISION], providerMode: mode } });

    const respond = async (messages: unknown[], options: Record<string, unknown> = {}, model = MODEL) => {
      const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
      const reported: unknown[] = [];
      await provider.provideLanguageModelChatResponse({ id: model }, messages, options, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
      return reported;
    };

    it('sends an attached image to OpenRouter after the text', async () => {
      await respond([{ role: 1, content: [new vscode.LanguageModelTextPart('What is this?'), new vscode.LanguageModelDataPart(PNG, 'image/png')], name: undefined }], {}, VISION);
      const content = rig.double.chatRequests[0].body.messages.at(-1).content;
      assert.deepEqual(content, [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` } },
      ]);
    });

    it('refuses an image over the limit with what to do, and sends nothing', async () => {
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      await assert.rejects(
        respond([{ role: 1, content: [new vscode.LanguageModelTextPart('look'), new vscode.LanguageModelDataPart(big, 'image/png')], name: undefined }], {}, VISION),
        /larger than 5 MB.*Attach a smaller/,
      );
      assert.equal(rig.double.chatRequests.length, 0);
    });

    it('sends tool_choice "required" when the caller requires a tool', async () => {
      rig.double.script(MODEL, { kind: 'stream', toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] });
      await respond([{ role: 1, content: [new vscode.LanguageModelTextPart('find x')], name: undefined }], { tools: TOOLS, toolMode: 2 });
      await respond([{ role: 1, content: [new vscode.LanguageModelTextPart('find x')], name: undefined }], { tools: TOOLS, toolMode: 1 });
      assert.equal(rig.double.chatRequests[0].body.tool_choice, 'required');
      assert.notEqual(rig.double.chatRequests[1].body.tool_choice, 'required');
    });

    it('hands a call with malformed arguments to the caller with the raw text and what is wrong', async () => {
      rig.double.script(MODEL, { kind: 'stream', toolCalls: [{ name: 'lookup', arguments: '{"q":' }] });
      const reported = await respond([{ role: 1, content: [new vscode.LanguageModelTextPart('find x')], name: undefined }], { tools: TOOLS });
      const calls = reported.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
      assert.equal(calls.length, 1);
      const input = calls[0].input as { _raw?: string; _error?: string };
      assert.equal(input._raw, '{"q":');
      assert.match(input._error ?? '', /not valid JSON/);
    });

    it('sends the reasoning of a tool-calling turn back with that call’s result, though the caller kept none', async () => {
      rig.double.script(
        MODEL,
        { kind: 'stream', reasoning: ['I should ', 'look it up.'], reasoningDetails: [DETAILS[1]], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] },
        { kind: 'stream', text: ['Found it.'] },
      );
      const user = { role: 1, content: [new vscode.LanguageModelTextPart('find x')], name: undefined };
      const first = await respond([user], { tools: TOOLS });
      const [call] = first.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
      assert.ok(call, JSON.stringify(first));
      // What an agent sends next: its own copy of the call, then the tool's result; no reasoning.
      await respond(
        [
          user,
          { role: 2, content: [new vscode.LanguageModelToolCallPart(call.callId, call.name, call.input)], name: undefined },
          { role: 1, content: [new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('x is 42')])], name: undefined },
        ],
        { tools: TOOLS },
      );
      const second = rig.double.chatRequests[1].body.messages;
      const assistant = second.find((m: { role: string }) => m.role === 'assistant');
      assert.deepEqual(assistant.reasoning_details, DETAILS);
      assert.equal(assistant.tool_calls[0].id, call.callId);
      assert.equal(second.at(-1).role, 'tool');
    });
  });
}
