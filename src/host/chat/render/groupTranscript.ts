// Writes a `/group` answer as whole sections, one at a time, so concurrent streams never interleave.
//
// Why this order: the first member to produce text streams live (the user sees progress at once);
// the others buffer. When the live member ends, the next member that has output takes over, its
// buffer flushed and its remaining text streamed live; members that already finished are written
// whole. Sections appear in order of who answered first, and each reads as one piece.

export interface TranscriptChunk {
  markdown: string;
}

interface MemberState {
  chunks: TranscriptChunk[];
  hasOutput: boolean;
  finished: boolean;
  written: boolean;
}

export class GroupTranscript {
  private readonly members: MemberState[];
  private live: number | undefined;
  /** Members in the order they produced output. */
  private readonly arrival: number[] = [];

  constructor(count: number, private readonly write: (chunk: TranscriptChunk) => void) {
    this.members = Array.from({ length: count }, () => ({ chunks: [], hasOutput: false, finished: false, written: false }));
  }

  /** Adds markdown to a member's section (its header should be the first append, with isOutput false). */
  append(index: number, chunk: TranscriptChunk, isOutput = true): void {
    const m = this.members[index];
    if (!m || m.finished || !chunk.markdown) return;
    if (isOutput && !m.hasOutput) {
      m.hasOutput = true;
      this.arrival.push(index);
    }
    if (this.live === index) {
      this.write(chunk);
      return;
    }
    m.chunks.push(chunk);
    if (this.live === undefined && m.hasOutput) this.goLive(index);
  }

  /** The member's last markdown (footer or error); its section is complete. */
  finish(index: number, closing: TranscriptChunk): void {
    const m = this.members[index];
    if (!m || m.finished) return;
    if (!m.hasOutput) {
      m.hasOutput = true;
      this.arrival.push(index);
    }
    m.chunks.push(closing);
    m.finished = true;
    if (this.live === index) {
      this.flush(index);
      this.live = undefined;
      this.advance();
    } else if (this.live === undefined) {
      this.advance();
    }
  }

  /** Writes whatever is left (cancellation, or all members done), in arrival then member order. */
  close(): void {
    if (this.live !== undefined) this.flush(this.live);
    this.live = undefined;
    const order = [...this.arrival, ...this.members.map((_, i) => i)];
    for (const i of order) if (!this.members[i].written && this.members[i].chunks.length) this.flush(i);
  }

  get allFinished(): boolean {
    return this.members.every((m) => m.finished);
  }

  private advance(): void {
    for (;;) {
      const next = this.arrival.find((i) => !this.members[i].written);
      if (next === undefined) return;
      if (this.members[next].finished) {
        this.flush(next);
        continue;
      }
      this.goLive(next);
      return;
    }
  }

  private goLive(index: number): void {
    this.live = index;
    this.flush(index);
    this.members[index].written = false;
  }

  private flush(index: number): void {
    const m = this.members[index];
    for (const chunk of m.chunks) this.write(chunk);
    m.chunks = [];
    m.written = true;
  }
}
