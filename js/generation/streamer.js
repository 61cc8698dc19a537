// TextStreamer: receives token ids as generation produces them and emits decoded text pieces,
// never cutting a multi-byte character (a trailing U+FFFD means the bytes are incomplete) and,
// like transformers' TextStreamer, holding text back until a word ends so SentencePiece/BPE
// merges with the next token cannot change what was already emitted.
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
    } else if (!text.endsWith('\uFFFD')) {
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
