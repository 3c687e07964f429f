// What agents send through the local gateway reaches OpenRouter (the double) in the form OpenRouter
// expects, in both provider modes: `tool_choice`, and user images as data URLs in `image_url`
// parts. And an image goes only to a model that takes image input (tool-aware routing).
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { PROVIDER_MODES } from '../../src/core/providers/types';
import type { RequestFeature } from '../../src/core/router/features';
import { startGatewayRig, RIG_TOKEN, type GatewayRig } from '../fixtures/gatewayRig';

const TEXT_ONLY = 'text/only-text:free';
const VISION = 'vision/sees-images:free';
// A 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const IMAGE_URL = `data:image/png;base64,${PNG}`;
const TOOLS: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'search', description: 'Search the web', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
  { type: 'function', function: { name: 'open_page', parameters: { type: 'object', properties: { url: { type: 'string' } } } } },
];

/** What the model list knows: the text-only model takes no images; both take tools. */
let visionKnown = true;
function supports(model: string, feature: RequestFeature): boolean | undefined {
  if (feature === 'tools') return true;
  if (model === VISION) return visionKnown;
  if (model === TEXT_ONLY) return false;
  return undefined;
}

function client(rig: GatewayRig): OpenAI {
  return new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: RIG_TOKEN, maxRetries: 0 });
}

const imageMessage = (text: string): OpenAI.ChatCompletionUserMessageParam => ({
  role: 'user',
  content: [
    { type: 'text', text },
    { type: 'image_url', image_url: { url: IMAGE_URL } },
  ],
});

for (const mode of PROVIDER_MODES) {
  describe(`gateway (${mode}): tool_choice and images reach OpenRouter as it expects them`, () => {
    let rig: GatewayRig;
    before(async () => {
      rig = await startGatewayRig({ mode, models: [TEXT_ONLY, VISION], supports });
    });
    beforeEach(() => {
      rig.double.reset();
      rig.router.cooldowns.reset();
      rig.routed.length = 0;
      visionKnown = true;
    });
    after(() => rig.close());

    it('sends tool_choice "required" with the tools', async () => {
      rig.double.script(TEXT_ONLY, { kind: 'stream', text: [], toolCalls: [{ name: 'search', arguments: '{"q":"x"}' }] });
      const reply = await client(rig).chat.completions.create({ model: TEXT_ONLY, messages: [{ role: 'user', content: 'go' }], tools: TOOLS, tool_choice: 'required' });
      assert.equal(reply.choices[0]?.finish_reason, 'tool_calls');
      const [sent] = rig.double.chatRequests;
      assert.equal(sent?.model, TEXT_ONLY);
      assert.equal(sent?.body.tool_choice, 'required');
      assert.deepEqual(
        sent?.body.tools.map((t: { type: string; function: { name: string } }) => [t.type, t.function.name]),
        [
          ['function', 'search'],
          ['function', 'open_page'],
        ],
      );
    });

    it('a named tool_choice offers only that tool and requires the call', async () => {
      rig.double.script(TEXT_ONLY, { kind: 'stream', text: [], toolCalls: [{ name: 'open_page', arguments: '{"url":"https://example.com"}' }] });
      await client(rig).chat.completions.create({
        model: TEXT_ONLY,
        messages: [{ role: 'user', content: 'open it' }],
        tools: TOOLS,
        tool_choice: { type: 'function', function: { name: 'open_page' } },
      });
      const [sent] = rig.double.chatRequests;
      assert.equal(sent?.body.tool_choice, 'required');
      assert.deepEqual(
        sent?.body.tools.map((t: { function: { name: string } }) => t.function.name),
        ['open_page'],
      );
    });

    it('passes top_p, seed, stop and the penalties through', async () => {
      await client(rig).chat.completions.create({
        model: TEXT_ONLY,
        messages: [{ role: 'user', content: 'count' }],
        top_p: 0.9,
        seed: 42,
        stop: 'END',
        frequency_penalty: 0.5,
        presence_penalty: -0.25,
      });
      const [sent] = rig.double.chatRequests;
      assert.equal(sent?.body.top_p, 0.9);
      assert.equal(sent?.body.seed, 42);
      assert.deepEqual(sent?.body.stop, ['END']);
      assert.equal(sent?.body.frequency_penalty, 0.5);
      assert.equal(sent?.body.presence_penalty, -0.25);
    });

    it('sends a user image as an image_url part with its data URL, after the text, streamed too', async () => {
      const stream = await client(rig).chat.completions.create({ model: VISION, messages: [{ role: 'system', content: 'be brief' }, imageMessage('What is this?')], stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, `Hello from ${VISION}.`);
      const [sent] = rig.double.chatRequests;
      assert.deepEqual(sent?.body.messages.at(-1), {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: IMAGE_URL } },
        ],
      });
    });

    it('"auto" sends an image request only to the model that takes images', async () => {
      const reply = await client(rig).chat.completions.create({ model: 'auto', messages: [imageMessage('describe')] });
      assert.equal(reply.model, VISION);
      assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [VISION]);
      // A plain request may go to either; with failover order that is the first enabled one.
      await client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'plain' }] });
      assert.equal(rig.double.chatRequests.at(-1)?.model, TEXT_ONLY);
    });

    it('a text-only model asked by name for an image: the image-capable model answers, the text-only one sees nothing', async () => {
      const reply = await client(rig).chat.completions.create({ model: TEXT_ONLY, messages: [imageMessage('describe')] });
      assert.equal(reply.model, VISION);
      assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [VISION]);
    });

    it('no enabled model takes images: a 400 the client can act on, and the double sees nothing', async () => {
      visionKnown = false;
      await assert.rejects(client(rig).chat.completions.create({ model: 'auto', messages: [imageMessage('describe')], stream: true }), (e: unknown) => {
        assert.ok(e instanceof OpenAI.BadRequestError, `got ${String(e)}`);
        assert.equal((e.error as { code: string }).code, 'unsupported');
        assert.match(e.message, /image/i);
        return true;
      });
      assert.equal(rig.double.chatRequests.length, 0);
    });
  });
}
