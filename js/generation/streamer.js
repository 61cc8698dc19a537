// TextStreamer: receives token ids as generation produces them and emits decoded text pieces
// exactly as transformers' TextStreamer does: everything up to the last space (a word that the
// next token could still change, e.g. by a SentencePiece or BPE merge, waits), everything at once
// when the text ends with a CJK character or a newline. A multi-byte character split over tokens
// decodes to a trailing U+FFFD until complete; it is never printed early because it comes after
// the last space and is not CJK.

/** Python transformers' TextStreamer._is_chinese_char: the CJK Unified Ideographs blocks. */
const CJK_RANGES = [[0x4E00, 0x9FFF], [0x3400, 0x4DBF], [0x20000, 0x2A6DF], [0x2A700, 0x2B73F],
  [0x2B740, 0x2B81F], [0x2B820, 0x2CEAF], [0xF900, 0xFAFF], [0x2F800, 0x2FA1F]];

/** Whether the last code point of `text` is a CJK ideograph. */
function endsWithCjk(text) {
  let cp = text.codePointAt(text.length - 1);
  if (cp >= 0xDC00 && cp <= 0xDFFF && text.length >= 2) cp = text.codePointAt(text.length - 2);
  return CJK_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export class TextStreamer {
  /**
   * @param {import('../tokenizer.js').PreTrainedTokenizer} tokenizer
   * @param {{skip_prompt?: boolean, skip_special_tokens?: boolean, decode_kwargs?: object,
   *          callback_function?: (text: string) => void}} [options]
   */
  constructor(tokenizer, { skip_prompt = false, skip_special_tokens = true, decode_kwargs = {}, callback_function = null } = {}) {
    this.tokenizer = tokenizer;
    this.skipPrompt = skip_prompt;
    this.decodeOptions = { skip_special_tokens, ...decode_kwargs };
    this.callback = callback_function ?? ((text) => globalThis.process?.stdout?.write?.(text));
    this.ids = [];
    this.printed = 0;
    this.promptSeen = false;
  }

  /** The prompt (first call when not skipped) or one new token per call. */
  put(ids) {
    const list = Array.from(ids, Number);
    if (!this.promptSeen) {
      this.promptSeen = true;
      if (this.skipPrompt) return;
    }
    this.ids.push(...list);
    const text = this.tokenizer.decode(this.ids, this.decodeOptions);
    let piece = '';
    if (text.endsWith('\n')) {
      piece = text.slice(this.printed);
      this.ids = [];
      this.printed = 0;
    } else if (text.length > 0 && endsWithCjk(text)) {
      piece = text.slice(this.printed);
      this.printed = text.length;
    } else {
      const cut = text.lastIndexOf(' ') + 1;
      if (cut > this.printed) {
        piece = text.slice(this.printed, cut);
        this.printed = cut;
      }
    }
    if (piece) this.callback(piece);
  }

  /** Flushes what is left. */
  end() {
    if (this.ids.length > 0) {
      const text = this.tokenizer.decode(this.ids, this.decodeOptions);
      const piece = text.slice(this.printed);
      if (piece) this.callback(piece);
    }
    this.ids = [];
    this.printed = 0;
    this.promptSeen = false;
  }
}

/**
 * The streamer of one generation pipeline call: `streamer` as given, or, for `callback_function`
 * (a function receiving text pieces), a TextStreamer over the new tokens that decodes them as the
 * pipeline decodes its output, so the pieces add up to the new text the call returns.
 * @param {object} pipelineOptions the call's pipeline options (streamer, callback_function)
 * @param {string} task for error messages
 * @param {{skip_special_tokens: boolean, clean_up_tokenization_spaces: boolean}} decodeOptions
 */
export function pipelineStreamer(tokenizer, pipelineOptions, task, decodeOptions) {
  const { streamer = null, callback_function: callback = null } = pipelineOptions;
  if (callback === null) return streamer;
  if (typeof callback !== 'function') {
    throw new TypeError(`${task}: callback_function must be a function (it receives the generated text piece by piece).`);
  }
  if (streamer) {
    throw Object.assign(new Error(`${task}: pass a streamer or a callback_function, not both.`), { code: 'INVALID_ARGUMENT' });
  }
  return new TextStreamer(tokenizer, { skip_prompt: true, decode_kwargs: decodeOptions, callback_function: callback });
}
