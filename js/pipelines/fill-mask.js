// fill-mask: tokenize (C++), run the masked LM (ORT), softmax / targets / top-k / decoded sequences
// (C++), exactly as Python transformers' FillMaskPipeline (several masks per input included).
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, unwrap } from '../core.js';
import { checkOptions, invalidArgument, runEncoded, textList } from './encoded-batch.js';

export class FillMaskPipeline extends Pipeline {
  /**
   * @param {string|string[]} texts each with at least one mask token (tokenizer.mask_token)
   * @param {{top_k?: number, targets?: string|string[]}} options
   * @returns per input: [{score, token, token_str, sequence}] for one mask, one such list per mask
   *   for several; an array of those for an array input.
   */
  async _call(texts, options = {}) {
    checkOptions('fill-mask', options, ['top_k', 'targets'], ['tokenizer_kwargs']);
    const { top_k = 5, targets = null } = options ?? {};
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
        throw invalidArgument(`fill-mask: the input is ${seq} tokens but this model takes at most ${max} (fill-mask does not truncate, as in transformers: shorten the text).`);
      }
    };
    const results = await runEncoded(this, items, null, 'none', (batch, outputs, handle) => {
      const logits = outputs.logits;
      if (!logits || logits.dims.length !== 3) {
        throw new Error(`fill-mask: the model returned no [batch, tokens, vocab] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
      }
      const [, seq, vocab] = logits.dims;
      return JSON.parse(unwrap(core.fillMask(handle, batch, floatData(logits, 'fill-mask (logits)'), seq, vocab, top_k, targetIds), 'fill-mask'));
    }, check);
    const shaped = results.map((perMask) => (perMask.length === 1 ? perMask[0] : perMask));
    return batched ? shaped : shaped[0];
  }
}
