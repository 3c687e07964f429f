// Attached context (#file, selections) as text the model can read, bounded so a large file
// cannot crowd out the question.
import * as vscode from 'vscode';

const MAX_CHARS_PER_REFERENCE = 20_000;
const MAX_CHARS_TOTAL = 60_000;

export async function readReferences(references: readonly vscode.ChatPromptReference[], token: vscode.CancellationToken): Promise<string> {
  const blocks: string[] = [];
  let total = 0;
  for (const ref of references) {
    if (token.isCancellationRequested || total >= MAX_CHARS_TOTAL) break;
    const block = await readOne(ref.value);
    if (!block) continue;
    const text = block.text.length > MAX_CHARS_PER_REFERENCE ? `${block.text.slice(0, MAX_CHARS_PER_REFERENCE)}\n…(truncated)` : block.text;
    total += text.length;
    blocks.push(`File: ${block.label}\n\`\`\`\n${text}\n\`\`\``);
  }
  return blocks.length ? `Context attached by the user:\n\n${blocks.join('\n\n')}` : '';
}

async function readOne(value: unknown): Promise<{ label: string; text: string } | undefined> {
  try {
    if (value instanceof vscode.Uri) {
      const document = await vscode.workspace.openTextDocument(value);
      return { label: vscode.workspace.asRelativePath(value), text: document.getText() };
    }
    if (value instanceof vscode.Location) {
      const document = await vscode.workspace.openTextDocument(value.uri);
      const range = value.range.isEmpty ? undefined : value.range;
      const where = range ? `:${range.start.line + 1}-${range.end.line + 1}` : '';
      return { label: vscode.workspace.asRelativePath(value.uri) + where, text: document.getText(range) };
    }
    if (typeof value === 'string' && value.trim()) return { label: 'text', text: value };
  } catch {
    // A binary or deleted file is left out; the question still goes through.
  }
  return undefined;
}
