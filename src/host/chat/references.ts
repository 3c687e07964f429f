// Attached context (#file, selections, long pastes) read whole: the participant fits it to the
// largest enabled window (render/fitPrompt.ts) and says what it cut, if it must.
import * as vscode from 'vscode';
import type { Attachment } from './render/fitPrompt';

/** More than the largest window (1M tokens) holds: a file this large is cut here already. */
const MAX_CHARS_PER_REFERENCE = 8_000_000;

export async function readReferences(references: readonly vscode.ChatPromptReference[], token: vscode.CancellationToken): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const ref of references) {
    if (token.isCancellationRequested) break;
    const block = await readOne(ref.value);
    if (block) out.push({ label: block.label, text: block.text.slice(0, MAX_CHARS_PER_REFERENCE) });
  }
  return out;
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
