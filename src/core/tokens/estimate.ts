// How many tokens a text costs, estimated per script in one pass over its characters, without a
// tokenizer's vocabulary: BPE tokenizers agree closely on what a run of letters, digits, spaces,
// punctuation or ideographs costs, and that is what is counted here. The weights were calibrated
// against o200k_base (gpt-tokenizer) on English prose, source code, Chinese and mixed text; see
// bench/tokens.ts for the table and the cost, and test/unit/tokens.test.ts for the bounds. A
// tokenizer package would be exact for one family only, weighs megabytes and costs ~100x more.

/** A run of ASCII letters costs one token per this many letters (English words are mostly one). */
const LETTERS_PER_TOKEN = 8;
/** o200k groups digits by three. */
const DIGITS_PER_TOKEN = 3;
/** ASCII punctuation merges in pairs and triples (`);`, `=>`, `://`), less often than letters do. */
const PUNCTUATION_PER_TOKEN = 4;
/**
 * Han ideographs: o200k spends 0.72 of a token on each (Qwen's and DeepSeek's vocabularies less,
 * cl100k about 1.05); a little more is counted, since over-counting is the safe side.
 */
const TOKENS_PER_IDEOGRAPH = 0.78;
/** Kana, Hangul, full-width punctuation: about one token each. */
const TOKENS_PER_SYLLABLE = 1;
/** Other letters (accented Latin, Cyrillic, Greek, Arabic...): a few per token. */
const OTHER_LETTERS_PER_TOKEN = 2.6;
/** An emoji or another character outside the basic plane: a few bytes, often two tokens. */
const TOKENS_PER_ASTRAL = 2;

/** What kind of run the characters being read belong to (numbers: this is the hot loop). */
const Run = { None: 0, Letters: 1, Digits: 2, Punctuation: 3, Space: 4, Other: 5 } as const;
type Run = (typeof Run)[keyof typeof Run];

/** The estimated token count of `text` (0 for the empty string). */
export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let run: Run = Run.None;
  let length = 0;
  // Ends the current run: its characters are costed together, as a BPE merge would see them.
  const close = (): void => {
    if (run === Run.None) return;
    switch (run) {
      case Run.Letters:
        tokens += Math.ceil(length / LETTERS_PER_TOKEN);
        break;
      case Run.Digits:
        tokens += Math.ceil(length / DIGITS_PER_TOKEN);
        break;
      case Run.Punctuation:
        tokens += Math.ceil(length / PUNCTUATION_PER_TOKEN);
        break;
      case Run.Space:
        // One space joins the word after it, indentation joins the line break before it; other
        // runs (alignment) cost a token per two spaces.
        if (length > 1 && !afterLineBreak) tokens += Math.ceil(length / 2);
        break;
      case Run.Other:
        tokens += Math.ceil(length / OTHER_LETTERS_PER_TOKEN);
        break;
    }
    afterLineBreak = false;
    run = Run.None;
    length = 0;
  };
  let afterLineBreak = false;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: Run;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      // A capital after a small letter starts a new piece (camelCase splits there).
      if (c <= 90 && run === Run.Letters && previous >= 97) close();
      kind = Run.Letters;
    } else if (c >= 48 && c <= 57) kind = Run.Digits;
    else if (c === 32 || c === 9) kind = Run.Space;
    else if (c === 10 || c === 13) {
      // A line break is a token of its own, often merged with the indentation after it.
      close();
      if (c === 10) tokens += 1;
      afterLineBreak = true;
      previous = c;
      continue;
    } else if (c < 128) kind = Run.Punctuation;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) {
      close();
      tokens += TOKENS_PER_IDEOGRAPH;
      previous = c;
      continue;
    } else if ((c >= 0x3000 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x206f)) {
      close();
      tokens += TOKENS_PER_SYLLABLE;
      previous = c;
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      close();
      tokens += TOKENS_PER_ASTRAL;
      i++; // the low surrogate
      previous = c;
      continue;
    } else kind = Run.Other;
    if (kind !== run) {
      close();
      run = kind;
    }
    length++;
    previous = c;
  }
  close();
  return Math.ceil(tokens);
}
