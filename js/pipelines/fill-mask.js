// fill-mask: tokenize (C++), run the masked LM (ORT), softmax / targets / top-k / decoded sequences
// (C++), exactly as Python transformers' FillMaskPipeline (several masks per input included).
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, unwrap } from '../core.js';
import { checkOptions, invalidArgument, runEncoded, textList } from './encoded-batch.js';

export class FillMaskPipeline extends Pipeline {
  /**
   * @param {string|string[]} texts each with at least one mask token (tokenizer.mask_token)
   * @param {{top_k?: number, targets?: string|string[], tokenizer_kwargs?: {truncation?: boolean|string, max_length?: number}}} options
   *   tokenizer_kwargs: what Python passes to the tokenizer; `truncation` and `max_length` are
   *   implemented (e.g. {truncation: true} for inputs longer than the model takes).
   * @returns per input: [{score, token, token_str, sequence}] for one mask, one such list per mask
   *   for several; an array of those for an array input.
   */
  async _call(texts, options = {}) {
    checkOptions('fill-mask', options, ['top_k', 'targets', 'tokenizer_kwargs']);
    const { top_k = 5, targets = null, tokenizer_kwargs = null } = options ?? {};
    const { truncation, maxLength } = tokenizerTruncation(tokenizer_kwargs);
    const { batched, items } = textList('fill-mask', texts);
    // The core takes a 32-bit top_k: a larger one would wrap (2 ** 32 + 1 -> 1).
    if (!Number.isInteger(top_k) || top_k < 0 || top_k > 0xFFFFFFFF) {
      throw new TypeError(`fill-mask: top_k must be a non-negative integer of at most 4294967295, got ${top_k}.`);
    }
    const mask = this.tokenizer.mask_token;
    if (mask === undefined) throw invalidArgument('fill-mask: this tokenizer defines no mask_token, so it cannot fill masks.');
    if (items.length === 0) return [];
    const core = await getCore();
    let targetIds = null;
    if (targets !== null && targets !== undefined) {
      const list = Array.isArray(targets) ? targets : [targets];
      if (list.some((t) => typeof t !== 'string')) throw new TypeError('fill-mask: targets must be a string or an array of strings.');
      targetIds = unwrap(core.fillMaskTargets(this.tokenizer.handle, JSON.stringify(list)), 'fill-mask: targets');
    }
    const max = this.tokenizer.model_max_length ?? this.config.max_position_embeddings;
    const check = (batch, handle) => {
      const counts = unwrap(core.fillMaskCount(handle, batch), 'fill-mask');
      counts.forEach((n, i) => {
        if (n === 0) throw invalidArgument(`fill-mask: no mask_token (${mask}) found on the input${batched ? ` inputs[${i}]` : ''}.`);
      });
      const seq = batch.longest();
      if (max !== undefined && seq > max) {
        throw invalidArgument(`fill-mask: the input is ${seq} tokens but this model takes at most ${max} (fill-mask does not truncate by default, as in transformers: shorten the text or pass tokenizer_kwargs: {truncation: true}).`);
      }
    };
    const results = await runEncoded(this, items, null, truncation, (batch, outputs, handle) => {
      const logits = outputs.logits;
      if (!logits || logits.dims.length !== 3) {
        throw new Error(`fill-mask: the model returned no [batch, tokens, vocab] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
      }
      const [, seq, vocab] = logits.dims;
      return JSON.parse(unwrap(core.fillMask(handle, batch, floatData(logits, 'fill-mask (logits)'), seq, vocab, top_k, targetIds), 'fill-mask'));
    }, check, maxLength);
    const shaped = results.map((perMask) => (perMask.length === 1 ? perMask[0] : perMask));
    return batched ? shaped : shaped[0];
  }
}

// Python's tokenizer(text, **tokenizer_kwargs) truncation for one text: truncation true /
// 'longest_first' / 'only_first' cut it at max_length (default model_max_length); max_length alone
// truncates too (Python warns and defaults to 'longest_first'); false / 'do_not_truncate' do not.
function tokenizerTruncation(kwargs) {
  if (kwargs === null || kwargs === undefined) return { truncation: 'none', maxLength: 0 };
  if (typeof kwargs !== 'object' || Array.isArray(kwargs)) throw new TypeError('fill-mask: tokenizer_kwargs must be an object, e.g. {truncation: true}.');
  for (const key of Object.keys(kwargs)) {
    if (key !== 'truncation' && key !== 'max_length') {
      throw Object.assign(new Error(`fill-mask: tokenizer_kwargs.${key} is not implemented in wasmpipe yet (truncation and max_length are).`), { code: 'NOT_IMPLEMENTED' });
    }
  }
  const { truncation = null, max_length: maxLength = null } = kwargs;
  if (maxLength !== null && (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 0x7fffffff)) {
    throw invalidArgument(`fill-mask: tokenizer_kwargs.max_length must be a positive integer, got ${JSON.stringify(maxLength)}.`);
  }
  const cut = truncation === true || truncation === 'longest_first' || truncation === 'only_first' || (truncation === null && maxLength !== null);
  if (!cut && truncation !== false && truncation !== 'do_not_truncate' && truncation !== null) {
    throw invalidArgument(`fill-mask: tokenizer_kwargs.truncation must be true, false, 'longest_first', 'only_first' or 'do_not_truncate' for one text (no second sequence to truncate), got ${JSON.stringify(truncation)}.`);
  }
  // For a single text Rust's only_first cuts the same tokens as longest_first.
  return { truncation: cut ? 'longest_first' : 'none', maxLength: cut ? maxLength ?? 0 : 0 };
}
