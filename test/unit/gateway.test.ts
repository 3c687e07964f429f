// The local gateway driven by clients nobody here wrote (the `openai` SDK, curl) in front of the
// router and the OpenRouter double, over real loopback HTTP: what they receive, which model
// answered, and what the double did or did not see.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { GatewayServer } from '../../src/core/gateway';
import type { RouterEvent } from '../../src/core/router/types';
import { startGatewayRig, RIG_TOKEN, type GatewayRig } from '../fixtures/gatewayRig';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

function client(rig: GatewayRig, apiKey = RIG_TOKEN): OpenAI {
  return new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey, maxRetries: 0 });
}

function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('curl', ['-sS', ...args], { timeout: 15_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout))),
  );
}

describe('gateway: OpenAI wire format through the router', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startGatewayRig({ models: [A, B] });
  });
  beforeEach(() => {
    rig.double.reset();
    rig.router.cooldowns.reset();
    rig.router.stats.reset();
    rig.router.budget.reset();
    rig.routed.length = 0;
    rig.models.splice(0, rig.models.length, A, B);
    rig.settings.requestsPerMinute = 1_000_000;
  });
  after(() => rig.close());

  it('streams an answer to the openai SDK with "auto", names the model, ends with usage then [DONE]', async () => {
    rig.double.script(A, { kind: 'stream', text: ['Hel', 'lo'], usage: { prompt: 9, completion: 2 } });
    const stream = await client(rig).chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const models = new Set<string>();
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, 'Hello');
    assert.deepEqual([...models], [A]);
    assert.equal(finish, 'stop');
    assert.equal(usage?.prompt_tokens, 9);
    assert.equal(usage?.completion_tokens, 2);
    assert.equal(rig.double.chatRequests.length, 1);
  });

  it('answers without streaming; an enabled model id is tried first', async () => {
    const reply = await client(rig).chat.completions.create({ model: B, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(reply.choices[0]?.message.content, `Hello from ${B}.`);
    assert.equal(reply.model, B);
    assert.equal(reply.object, 'chat.completion');
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [B]);
  });

  it('fails over from a rate-limited preferred model and names the model that answered, with no duplicated text', async () => {
    rig.double.script(B, { kind: 'http-error', status: 429, retryAfter: '30' });
    rig.double.script(A, { kind: 'stream', text: ['from', ' A'] });
    const stream = await client(rig).chat.completions.create({ model: B, messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    let model = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      model = chunk.model;
    }
    assert.equal(text, 'from A');
    assert.equal(model, A);
    assert.deepEqual(rig.double.chatRequests.map((r) => r.model), [B, A]);
  });

  it('passes tools, tool_choice, temperature, max_tokens, reasoning and images through, and returns tool calls', async () => {
    rig.double.script(A, { kind: 'stream', text: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const png = Buffer.from('fake png bytes').toString('base64');
    const reply = await client(rig).chat.completions.create({
      model: A,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'weather?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      temperature: 0.3,
      max_tokens: 77,
      reasoning_effort: 'high',
    });
    const call = reply.choices[0]?.message.tool_calls?.[0];
    assert.equal(reply.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    // The router got the tool choice; sending it upstream is the providers' part (issue 11).
    assert.equal(rig.routed[0]?.options?.toolChoice, 'required');
    const sent = rig.double.chatRequests[0]?.body;
    assert.equal(sent.tools[0].function.name, 'get_weather');
    assert.equal(sent.temperature, 0.3);
    assert.equal(sent.max_tokens ?? sent.max_completion_tokens, 77);
    assert.equal(sent.reasoning?.effort ?? sent.reasoning_effort, 'high');
    // Likewise images: the router gets them in the provider contract's shape.
    const user = rig.routed[0]?.messages.find((m) => m.role === 'user');
    assert.deepEqual(user?.role === 'user' ? user.images : undefined, [{ mimeType: 'image/png', base64: png }]);
    assert.equal(user?.content, 'weather?');
  });

  it("sends a client's provider preferences merged under the user's (tightened, never loosened) and its session id", async () => {
    rig.settings.providerPreferences = { dataCollection: 'deny', sort: 'price' };
    try {
      rig.double.script(A, { kind: 'stream', text: ['ok'] });
      const body = {
        model: A,
        messages: [{ role: 'user' as const, content: 'hi' }],
        // OpenRouter's own fields, which the openai SDK passes through as they are.
        provider: { data_collection: 'allow', zdr: true, ignore: ['SomeHost'], sort: 'latency' },
        session_id: 'client-conversation-1',
      };
      await client(rig).chat.completions.create(body);
      const sent = rig.double.chatRequests[0]?.body;
      assert.deepEqual(sent.provider, { sort: 'price', data_collection: 'deny', zdr: true, ignore: ['SomeHost'] });
      assert.equal(sent.session_id, 'client-conversation-1');
    } finally {
      delete rig.settings.providerPreferences;
    }
  });

  it('refuses a provider object with a field it does not know, naming the field; the double sees nothing', async () => {
    const reply = await fetch(`${rig.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${RIG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: A, messages: [{ role: 'user', content: 'hi' }], provider: { max_price: { prompt: 1 } } }),
    });
    assert.equal(reply.status, 400);
    const error = ((await reply.json()) as { error: { param: string } }).error;
    assert.equal(error.param, 'provider.max_price');
    assert.equal(rig.double.chatRequests.length, 0);
  });

  it('streams tool calls the openai SDK accumulates, then sends the tool result back', async () => {
    rig.double.script(A, { kind: 'stream', text: [], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] }, { kind: 'stream', text: ['done'] });
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const runner = client(rig).chat.completions.stream({ model: A, messages: [{ role: 'user', content: 'find x' }], tools });
    const first = await runner.finalChatCompletion();
    const call = first.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function' && call.function.name === 'lookup');
    const second = await client(rig).chat.completions.create({
      model: A,
      tools,
      messages: [
        { role: 'user', content: 'find x' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'x is 42' },
      ],
    });
    assert.equal(second.choices[0]?.message.content, 'done');
    const sent = rig.double.chatRequests[1]?.body;
    assert.equal(sent.messages.at(-1).role, 'tool');
    assert.equal(sent.messages.at(-1).tool_call_id, call.id);
  });

  it('streams reasoning apart from the text, and an error after text ends the stream with an error the SDK raises', async () => {
    rig.double.script(A, { kind: 'stream', reasoning: ['think', 'ing'], text: ['ok'] });
    const res = await fetch(`${rig.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${RIG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: A, stream: true, messages: [{ role: 'user', content: 'hi' }], reasoning: { effort: 'low' } }),
    });
    const events = (await res.text()).split('\n\n').filter((e) => e && e !== 'data: [DONE]').map((e) => JSON.parse(e.slice(6)) as OpenAI.ChatCompletionChunk);
    const reasoning = events.map((c) => (c.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '').join('');
    const text = events.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(reasoning, 'thinking');
    assert.equal(text, 'ok');

    rig.double.script(A, { kind: 'error-after-text', text: ['Part'], error: { code: 502, message: 'Provider disconnected' } });
    const stream = await client(rig).chat.completions.create({ model: A, messages: [{ role: 'user', content: 'hi' }], stream: true });
    let got = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) got += chunk.choices[0]?.delta.content ?? '';
      })(),
      (e: unknown) => e instanceof OpenAI.APIError,
    );
    assert.equal(got, 'Part', 'the text before the error arrived once, with no failover after it');
    assert.equal(rig.double.chatRequests.filter((r) => r.model === A).length, 2);
  });

  it('lists Auto and the enabled models', async () => {
    const list = await client(rig).models.list();
    assert.deepEqual(list.data.map((m) => m.id), ['auto', A, B]);
  });

  it('404s an unknown model by name; the double sees nothing', async () => {
    await assert.rejects(client(rig).chat.completions.create({ model: 'x/not-enabled:free', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal((e.error as { code: string }).code, 'model_not_found');
      return true;
    });
    assert.equal(rig.double.requests.length, 0);
  });

  it('answers 502 when every model failed, with the reason', async () => {
    rig.double.script(A, { kind: 'http-error', status: 503 });
    rig.double.script(B, { kind: 'http-error', status: 503 });
    await assert.rejects(client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.APIError);
      assert.equal(e.status, 502);
      return true;
    });
  });

  it("fails over from a model whose server refuses the request as too long, and answers OpenAI's context_length_exceeded when every one does", async () => {
    rig.router.windows.reset();
    const long = 'The gateway passes every request to a model whose window holds it. '.repeat(400);
    rig.double.setContextWindow(A, 2048);
    const answer = await client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: long }] });
    assert.equal(answer.model, B);
    rig.double.setContextWindow(B, 2048);
    rig.router.windows.reset();
    await assert.rejects(client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: long }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.APIError);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'context_length_exceeded');
      assert.match(e.message, /about \d+K? tokens, more than the context window of any enabled model/);
      return true;
    });
    // Both windows are known now: the next long request is not sent at all.
    const before = rig.double.chatRequests.length;
    await assert.rejects(client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: long }] }));
    assert.equal(rig.double.chatRequests.length, before);
    rig.router.windows.reset();
  });

  it('answers 429 with Retry-After when the free-tier budget is used up', async () => {
    rig.settings.requestsPerMinute = 1;
    await client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'one' }] });
    const res = await fetch(`${rig.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${RIG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'two' }], stream: true }),
    });
    assert.equal(res.status, 429);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'budget_exhausted');
    assert.equal(rig.double.chatRequests.length, 1);
  });

  it('cancels the upstream request when the client disconnects', async () => {
    rig.double.script(A, { kind: 'hang', text: ['partial'] });
    const abort = new AbortController();
    const stream = await client(rig).chat.completions.create({ model: A, messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: abort.signal });
    try {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) abort.abort();
    } catch {
      // The SDK may end the loop or throw on abort; either way the socket closes.
    }
    const closed = await rig.double.waitForClientClose((r) => r.model === A);
    assert.ok(closed.closedByClient);
    await waitUntil(() => rig.gateway.inFlight === 0);
    assert.ok(rig.log.some((l) => l.includes('cancelled')));
  });

  it('serves curl: a streamed answer ending in [DONE], and a plain one', async () => {
    const body = JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const streamed = await curl(['-N', '-H', `Authorization: Bearer ${RIG_TOKEN}`, '-H', 'Content-Type: application/json', '-d', body, `${rig.gateway.url}/v1/chat/completions`]);
    const events = streamed.split('\n\n').filter(Boolean);
    assert.equal(events.at(-1), 'data: [DONE]');
    const text = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)) as OpenAI.ChatCompletionChunk).map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, `Hello from ${A}.`);
    const plain = JSON.parse(await curl(['-H', `Authorization: Bearer ${RIG_TOKEN}`, '-H', 'Content-Type: application/json', '-d', JSON.stringify({ model: B, messages: [{ role: 'user', content: 'hi' }] }), `${rig.gateway.url}/v1/chat/completions`])) as OpenAI.ChatCompletion;
    assert.equal(plain.model, B);
  });

  it('serves many concurrent streams: nothing lost or duplicated, statistics equal to what the double saw', async () => {
    const n = 40;
    rig.double.setDefault({ kind: 'stream', text: ['x', 'y', 'z'], chunkDelayMs: 5, comments: false });
    const before = rig.gateway.counters.answered;
    const texts = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const stream = await client(rig).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `req ${i}` }], stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      }),
    );
    assert.deepEqual(texts, Array.from({ length: n }, () => 'xyz'));
    const prompts = rig.double.chatRequests.map((r) => r.body.messages.at(-1).content as string);
    assert.equal(new Set(prompts).size, n);
    assert.equal(prompts.length, n);
    const snapshot = rig.router.stats.snapshot();
    assert.equal(rig.gateway.counters.answered - before, n);
    assert.equal(snapshot.totals.requests, rig.double.chatRequests.length);
    assert.equal(snapshot.totals.successes, n);
    assert.deepEqual(snapshot.gatewayRoutes, { answered: n, failed: 0, cancelled: 0 });
    assert.equal(rig.gateway.inFlight, 0);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('gateway: the first token leaves at once', () => {
  it('reaches the client while the gateway is still relaying the chunks that came with it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gateway-first-'));
    const out = path.join(dir, 'answer.txt');
    const received = (): boolean => existsSync(out) && statSync(out).size > 0;
    let seenWhileRelaying = false;
    // A burst: after the first text the route keeps producing without giving the event loop a
    // turn (as when many upstream chunks arrive in one read) until the client has the first one.
    async function* route(): AsyncGenerator<RouterEvent> {
      yield { type: 'text', model: 'm/one:free', text: 'first' };
      const deadline = Date.now() + 5_000;
      while (!received() && Date.now() < deadline) await Promise.resolve();
      seenWhileRelaying = received();
      yield { type: 'text', model: 'm/one:free', text: ' second' };
      yield { type: 'done', summary: { model: 'm/one:free', totalMs: 1, attempts: [] } };
    }
    const gateway = await GatewayServer.start({
      port: 0,
      token: () => RIG_TOKEN,
      backend: { route, models: () => [{ id: 'auto', name: 'Auto' }], autoIds: ['auto'], log: () => undefined },
    });
    try {
      const body = JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      await curl(['-N', '-o', out, '-H', `Authorization: Bearer ${RIG_TOKEN}`, '-H', 'Content-Type: application/json', '-d', body, `${gateway.url}/v1/chat/completions`]);
      assert.ok(seenWhileRelaying, 'the first chunk was held until the burst was relayed');
      assert.match(readFileSync(out, 'utf8'), /"content":"first".*"content":" second".*\[DONE\]/s);
    } finally {
      await gateway.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
