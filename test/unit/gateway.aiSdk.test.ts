// The local gateway driven by the AI SDK's OpenAI-compatible provider (`@ai-sdk/openai-compatible`
// with `streamText` from `ai`), a client nobody here wrote, over real loopback HTTP to the router
// and the OpenRouter double: the text that arrives, the model that answered, usage, and a tool
// call's round trip as the SDK runs it.
import assert from 'node:assert/strict';
import * as z from 'zod';
import { startGatewayRig, RIG_TOKEN, type GatewayRig } from '../fixtures/gatewayRig';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

// Both packages are ESM-only (AI SDK 7): loaded with import() from this CommonJS test file.
const loadSdks = () => Promise.all([import('ai'), import('@ai-sdk/openai-compatible')]);
let streamText: Awaited<ReturnType<typeof loadSdks>>[0]['streamText'];
let tool: Awaited<ReturnType<typeof loadSdks>>[0]['tool'];
let isStepCount: Awaited<ReturnType<typeof loadSdks>>[0]['isStepCount'];
let createOpenAICompatible: Awaited<ReturnType<typeof loadSdks>>[1]['createOpenAICompatible'];

function provider(rig: GatewayRig) {
  return createOpenAICompatible({ name: 'gateway', baseURL: `${rig.gateway.url}/v1`, apiKey: RIG_TOKEN, includeUsage: true });
}

describe('gateway: the AI SDK (@ai-sdk/openai-compatible, streamText)', () => {
  let rig: GatewayRig;
  before(async () => {
    const [ai, compatible] = await loadSdks();
    ({ streamText, tool, isStepCount } = ai);
    ({ createOpenAICompatible } = compatible);
    rig = await startGatewayRig({ models: [A, B] });
  });
  beforeEach(() => {
    rig.double.reset();
    rig.router.cooldowns.reset();
    rig.router.stats.reset();
    rig.routed.length = 0;
  });
  after(() => rig.close());

  it('streams text with "auto", names the model that answered, and reports usage', async () => {
    rig.double.script(A, { kind: 'stream', text: ['Hel', 'lo', ' there'], usage: { prompt: 11, completion: 3 } });
    const result = streamText({ model: provider(rig)('auto'), prompt: 'hi', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    assert.equal(pieces.join(''), 'Hello there');
    assert.ok(pieces.length >= 2, `streamed in pieces, got ${JSON.stringify(pieces)}`);
    const response = await result.response;
    assert.equal(response.modelId, A);
    const usage = await result.usage;
    assert.equal(usage.inputTokens, 11);
    assert.equal(usage.outputTokens, 3);
    assert.equal(await result.finishReason, 'stop');
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [A]);
  });

  it('fails over from a rate-limited preferred model; the SDK sees only the answering model', async () => {
    rig.double.script(B, { kind: 'http-error', status: 429, retryAfter: '30' });
    rig.double.script(A, { kind: 'stream', text: ['from', ' A'] });
    const result = streamText({ model: provider(rig)(B), prompt: 'hi', maxRetries: 0 });
    assert.equal(await result.text, 'from A');
    assert.equal((await result.response).modelId, A);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [B, A]);
  });

  it('runs a tool call round trip: the call arrives, the SDK executes it and sends the result back', async () => {
    rig.double.script(A, { kind: 'stream', text: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }, { kind: 'stream', text: ['Sunny', ' in Paris.'] });
    const asked: string[] = [];
    const result = streamText({
      model: provider(rig)(A),
      prompt: 'weather in Paris?',
      maxRetries: 0,
      tools: {
        get_weather: tool({
          description: 'The weather of a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            asked.push(city);
            return { city, sky: 'sunny' };
          },
        }),
      },
      stopWhen: isStepCount(2),
    });
    assert.equal(await result.text, 'Sunny in Paris.');
    assert.deepEqual(asked, ['Paris']);
    const steps = await result.steps;
    assert.equal(steps.length, 2);
    assert.equal(steps[0]?.finishReason, 'tool-calls');
    assert.equal(steps[0]?.toolCalls[0]?.toolName, 'get_weather');
    // The second request carried the call and its result back to the same model.
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [A, A]);
    const sent = rig.double.chatRequests[1]?.body;
    const call = sent.messages.find((m: { role: string }) => m.role === 'assistant')?.tool_calls?.[0];
    const result2 = sent.messages.at(-1);
    assert.equal(call?.function.name, 'get_weather');
    assert.equal(result2.role, 'tool');
    assert.equal(result2.tool_call_id, call.id);
    assert.deepEqual(JSON.parse(result2.content), { city: 'Paris', sky: 'sunny' });
    assert.equal(sent.tools[0].function.name, 'get_weather');
  });
});
