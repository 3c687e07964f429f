// A client nobody here wrote, as a user would run it: the `openai` SDK reading OPENAI_BASE_URL and
// OPENAI_API_KEY (what "Copy Gateway URL and Token" copies), streaming one answer through the local
// gateway. Prints one JSON line: the text, the model each chunk named, the number of chunks.
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const stream = await client.chat.completions.create({
  model: 'auto',
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: process.argv[2] ?? 'Hello through the gateway' }],
});
let text = '';
const models = new Set();
let chunks = 0;
let usage;
for await (const chunk of stream) {
  chunks++;
  models.add(chunk.model);
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
console.log(JSON.stringify({ text, models: [...models], chunks, usage }));
