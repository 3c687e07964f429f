// What "OpenRouter: Add Endpoint…" offers. Every base URL is the one the provider's own
// documentation gives (`source`), never a guess; the user can still edit it before saving.

export interface EndpointPreset {
  /** The endpoint id proposed (the user may change it). */
  id: string;
  label: string;
  baseUrl: string;
  /** Where the base URL comes from. */
  source: string;
  /** A key is needed (hosted APIs); local servers run without one by default. */
  needsKey: boolean;
}

export const ENDPOINT_PRESETS: readonly EndpointPreset[] = [
  {
    id: 'ollama',
    label: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    source: 'https://docs.ollama.com/api/openai-compatibility',
    needsKey: false,
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    source: 'https://lmstudio.ai/docs/api/openai-api',
    needsKey: false,
  },
  {
    // llama-server listens on 127.0.0.1:8080 by default (`--host`, `--port`) and serves /v1/chat/completions.
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseUrl: 'http://127.0.0.1:8080/v1',
    source: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
    needsKey: false,
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseUrl: 'http://localhost:8000/v1',
    source: 'https://docs.vllm.ai/en/v0.8.1/serving/openai_compatible_server.html',
    needsKey: false,
  },
  {
    id: 'groq',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    source: 'https://console.groq.com/docs/openai',
    needsKey: true,
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    source: 'https://ai.google.dev/gemini-api/docs/openai',
    needsKey: true,
  },
];
