// Substring search over the catalog's search texts without scanning them all: an index of every
// three-character piece of each text, built once per catalog list on the first search. A query
// checks only the texts that hold its two rarest pieces; one or two characters match so many
// models that a plain scan is as fast.

const PIECE = 3;

/** Three UTF-16 code units as one number (each is under 2^16, so the key stays under 2^48). */
function pieceKey(text: string, start: number): number {
  return (text.charCodeAt(start) * 65536 + text.charCodeAt(start + 1)) * 65536 + text.charCodeAt(start + 2);
}

/** The ascending positions found in both ascending lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

export class TextIndex {
  /** Piece → ascending positions of the texts that hold it. */
  private readonly postings = new Map<number, number[]>();

  constructor(private readonly texts: readonly string[]) {
    texts.forEach((text, position) => {
      for (let start = 0; start + PIECE <= text.length; start++) {
        const key = pieceKey(text, start);
        const list = this.postings.get(key);
        if (!list) this.postings.set(key, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    });
  }

  /** Positions, ascending, of the texts that contain `query` (already lower-cased like the texts). */
  matching(query: string): number[] {
    if (query.length < PIECE) return this.scan(query, this.texts.map((_, i) => i));
    const lists: number[][] = [];
    for (let start = 0; start + PIECE <= query.length; start++) {
      const list = this.postings.get(pieceKey(query, start));
      if (!list) return [];
      lists.push(list);
    }
    lists.sort((a, b) => a.length - b.length);
    const candidates = lists.length > 1 ? intersect(lists[0], lists[1]) : lists[0];
    return query.length === PIECE ? candidates : this.scan(query, candidates);
  }

  private scan(query: string, positions: readonly number[]): number[] {
    return positions.filter((i) => this.texts[i].includes(query));
  }
}
