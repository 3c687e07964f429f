// OpenRouter's provider routing preferences and session id on the wire, in both modes: what the
// double receives for defaults (nothing), for tools (`require_parameters`), for every preference, and
// with the server-side `models` list; and how a gateway client's preferences merge under the user's.
import assert from 'node:assert/strict';
import { OpenRouterDouble } from '../fixtures/double';
import { loadSdkSchemas, providerPreferenceIssues } from '../fixtures/sdkSchemas';
import { createProvider } from '../../src/core/providers';
import { mergeProviderPreferences } from '../../src/core/providers/providerPreferences';
import { conversationSessionId } from '../../src/core/providers/sessionId';
import { PROVIDER_MODES, type ChatOptions, type ChatProvider, type ProviderMode } from '../../src/core/providers/types';

const MODEL = 'qwen/qwen3-8b:free';
const SEARCH = [{ name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];

describe('provider preferences and session id on the wire', () => {
  let double: OpenRouterDouble;
  before(async () => {
    double = await OpenRouterDouble.start();
  });
  afterEach(() => double.reset());
  after(() => double.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the recorded body is what the client sent
  async function sentBody(mode: ProviderMode, options?: ChatOptions): Promise<any> {
    double.script(MODEL, { kind: 'stream', text: ['ok'] });
    const provider: ChatProvider = createProvider(mode, { apiKey: 'sk-or-v1-prefs', baseUrl: double.baseUrl, appTitle: 'T' });
    for await (const part of provider.stream({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], options })) {
      if (part.type === 'error') throw part.error;
    }
    return double.chatRequests.at(-1)?.body;
  }

  for (const mode of PROVIDER_MODES) {
    describe(mode, () => {
      it('sends no provider object and no session id for defaults', async () => {
        const body = await sentBody(mode);
        assert.equal('provider' in body, false);
        assert.equal('session_id' in body, false);
      });

      it('asks for endpoints that take every parameter when the request carries tools', async () => {
        const body = await sentBody(mode, { tools: SEARCH });
        assert.deepEqual(body.provider, { require_parameters: true });
      });

      it('sends every preference the user set, and the session id', async () => {
        const body = await sentBody(mode, {
          provider: { sort: 'throughput', dataCollection: 'deny', zdr: true, only: ['a'], ignore: ['b'], order: ['a', 'c'], allowFallbacks: false },
          sessionId: 'ord-conversation-1',
        });
        assert.deepEqual(body.provider, { sort: 'throughput', data_collection: 'deny', zdr: true, only: ['a'], ignore: ['b'], order: ['a', 'c'], allow_fallbacks: false });
        assert.equal(body.session_id, 'ord-conversation-1');
      });

      it('leaves out preferences at their default (allow fallbacks, no ZDR, empty lists)', async () => {
        const body = await sentBody(mode, { provider: { allowFallbacks: true, zdr: false, only: [], ignore: [], order: [] } });
        assert.equal('provider' in body, false);
      });
    });
  }

  it('official mode: with the server-side models list, a sort covers all its models (partition "none")', async () => {
    const body = await sentBody('openrouter_sdk', { fallbackModels: ['b/two:free'], provider: { sort: 'latency' } });
    assert.deepEqual(body.models, ['b/two:free']);
    assert.deepEqual(body.provider, { sort: { by: 'latency', partition: 'none' } });
  });

  it('every provider object either mode sends is one OpenRouter\'s SDK (ProviderPreferences) describes', async () => {
    const { providerPreferences } = await loadSdkSchemas();
    const variants: ChatOptions[] = [
      { provider: { sort: 'exacto', dataCollection: 'allow', zdr: true, only: ['a'], ignore: ['b'], order: ['a', 'c'], allowFallbacks: false } },
      { tools: SEARCH, provider: { dataCollection: 'deny' } },
      { fallbackModels: ['b/two:free'], provider: { sort: 'throughput' } },
    ];
    let checked = 0;
    for (const mode of PROVIDER_MODES) {
      for (const options of variants) {
        const body = await sentBody(mode, options);
        assert.equal(typeof body.provider, 'object', `${mode}: a provider object for ${JSON.stringify(options)}`);
        assert.deepEqual(providerPreferenceIssues(providerPreferences, body.provider), [], `${mode}: ${JSON.stringify(body.provider)}`);
        checked++;
      }
    }
    assert.equal(checked, 6);
    assert.deepEqual(providerPreferenceIssues(providerPreferences, { sort: 'price', require_parameter: true }), ["require_parameter: not a field of the SDK's ProviderPreferences"], 'the check can fail');
  });
});

describe('provider preferences: a gateway client merged under the user', () => {
  it('may tighten the data policy but never loosen it', () => {
    assert.deepEqual(mergeProviderPreferences({ dataCollection: 'deny', zdr: true }, { dataCollection: 'allow', zdr: false }), { dataCollection: 'deny', zdr: true });
    assert.deepEqual(mergeProviderPreferences({ dataCollection: 'allow' }, { dataCollection: 'deny', zdr: true }), { dataCollection: 'deny', zdr: true });
  });

  it('adds to the ignored providers and narrows "only"; the user\'s sort and order win', () => {
    assert.deepEqual(
      mergeProviderPreferences({ sort: 'price', ignore: ['x'], only: ['a', 'b'], order: ['b'] }, { sort: 'latency', ignore: ['y'], only: ['b', 'c'], order: ['c'] }),
      { sort: 'price', ignore: ['x', 'y'], only: ['b'], order: ['b'] },
    );
  });

  it('takes the client\'s preferences where the user set none', () => {
    assert.deepEqual(mergeProviderPreferences({}, { sort: 'latency', allowFallbacks: false }), { sort: 'latency', allowFallbacks: false });
    assert.deepEqual(mergeProviderPreferences(undefined, { zdr: true }), { zdr: true });
  });
});

describe('conversation session id', () => {
  it('is the same for every turn of a conversation and differs for another one, within 256 characters', () => {
    const first = conversationSessionId([{ role: 'user', content: 'How do I sort?' }]);
    const later = conversationSessionId([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'How do I sort?' },
      { role: 'assistant', content: 'Like this.' },
      { role: 'user', content: 'And reverse?' },
    ]);
    const other = conversationSessionId([{ role: 'user', content: 'Another question' }]);
    assert.ok(first && first.length <= 256);
    assert.equal(later, first);
    assert.notEqual(other, first);
  });
});
