// tokenizer(text, { text_target }) / tokenizer(null, { text_target }): transformers' target side.
// Python tokenizes text_target in "target mode" (PreTrainedTokenizerBase.__call__ ->
// _switch_to_target_mode): the multilingual seq2seq classes put the TARGET language's special tokens
// around it (set_tgt_lang_special_tokens), every other class tokenizes it as it tokenizes text.
// With text, the target's input_ids come back as `labels`; alone, the target encoding is the result.
// Classes whose target mode we cannot reproduce (Marian's target.spm, PLBart, ...) throw
// NOT_IMPLEMENTED rather than return source-side ids as labels.
import { buildOutputs, resolveSettings } from './tokenizer-options.js';
import { encodeFull } from './tokenizer-raw-full.js';

// The target language's tokens around the text: [prefix, suffix] with `L` for the language id.
const TARGET_LAYOUT = {
  mbart: [[], ['eos', 'L']], // MBartTokenizer (cc25, en-ro): X </s> tgt_lang
  mbart50: [['L'], ['eos']], // MBart50Tokenizer: tgt_lang X </s>
  m2m100: [['L'], ['eos']], // M2M100Tokenizer: __tgt__ X </s>
  nllb: [['L'], ['eos']], // NllbTokenizer (legacy_behaviour: as mBART cc25)
};
// transformers classes with a target mode of their own that wasmpipe does not implement.
const UNSUPPORTED = /^(Marian|PLBart|SeamlessM4T|Udop|Rag)Tokenizer/;

function error(code, message) {
  return Object.assign(new Error(message), { code });
}

const className = (tok) => tok.config?.tokenizer_class ?? tok.handle.sentencePieceClass ?? 'this tokenizer';

/** The target mode of the tokenizer's class (a TARGET_LAYOUT key), null when it has none. */
function targetKind(tok) {
  const cls = className(tok);
  if (UNSUPPORTED.test(cls)) {
    throw error('NOT_IMPLEMENTED', `tokenizer: text_target is not implemented for ${cls}: transformers tokenizes ` +
      'the target side with its own target vocabulary or special tokens there. Tokenize the target with a tokenizer ' +
      'built for the target side instead.');
  }
  if (/^MBart50/.test(cls)) return 'mbart50';
  if (/^MBart/.test(cls)) return 'mbart';
  if (/^M2M100/.test(cls)) return 'm2m100';
  if (/^Nllb/.test(cls)) return 'nllb';
  return null;
}

/**
 * transformers' __call__ with text_target / text_pair_target. `options` are tokenizer()'s; `text`
 * null/undefined = the target alone.
 * @param {import('./tokenizer.js').PreTrainedTokenizer} tok
 */
export function callWithTarget(tok, text, options) {
  const { text_target = null, text_pair_target = null, ...rest } = options;
  if (text_target === null || text_target === undefined) {
    if (text === null || text === undefined) throw error('INVALID_ARGUMENT', 'tokenizer: pass text or text_target.');
    throw error('INVALID_ARGUMENT', 'tokenizer: text_pair_target needs text_target.');
  }
  const kind = targetKind(tok);
  const source = text === null || text === undefined ? null : tok._call(text, rest);
  const { text_pair, ...targetOptions } = rest;
  let target;
  if (kind === null) {
    target = tok._call(text_target, { ...targetOptions, text_pair: text_pair_target });
  } else {
    target = languageTarget(tok, kind, text_target, text_pair_target, targetOptions);
  }
  if (source === null) return target;
  source.labels = target.input_ids;
  return source;
}

function languageId(tok, kind) {
  const lang = tok.tgt_lang !== undefined ? tok.tgt_lang : tok.config?.tgt_lang;
  const cls = className(tok);
  if (typeof lang !== 'string' || lang === '') {
    throw error('INVALID_ARGUMENT', `tokenizer: text_target needs the target language of ${cls}: set tokenizer.tgt_lang ` +
      `(tokenizer_config.json has no tgt_lang).`);
  }
  const token = kind === 'm2m100' ? `__${lang}__` : lang;
  const id = tok.handle.tokenToId(token);
  if (id === undefined || id === null) {
    throw error('INVALID_ARGUMENT', `tokenizer: unknown tgt_lang '${lang}': ${cls} has no language token '${token}'.`);
  }
  return id;
}

// The target encodings of the multilingual classes: the core encodes them with the target side's
// template in place of the post-processor, as Python's _switch_to_target_mode does
// (set_tgt_lang_special_tokens: prefix A [B] suffix, no special token between A and B), so
// truncation (every strategy, stride, overflowing windows), padding and offsets are the ones of
// tokenizer() (wasm/bindings/tokenizer_raw_full.cpp).
function languageTarget(tok, kind, textTarget, textPairTarget, options) {
  const { add_special_tokens = true, return_tensor = true, return_attention_mask = true, return_token_type_ids = null,
    return_special_tokens_mask = false, return_length = false, return_offsets_mapping = false,
    return_overflowing_tokens = false, stride = 0 } = options;
  // M2M100Tokenizer is a Python ("slow") tokenizer only: transformers has no offsets for it, and its
  // overflowing tokens come back in another shape (overflowing_tokens, num_truncated_tokens).
  if (tok.handle.slowTruncation() && (return_offsets_mapping || return_overflowing_tokens || stride)) {
    throw error('NOT_IMPLEMENTED', `tokenizer: with text_target, ${className(tok)} (a Python-only tokenizer in transformers) ` +
      'does not implement return_offsets_mapping (transformers raises NotImplementedError too), return_overflowing_tokens ' +
      'or stride.');
  }
  const batched = Array.isArray(textTarget);
  const texts = batched ? textTarget : [textTarget];
  if (batched && texts.length === 0) throw new TypeError('text_target must be a string or a non-empty array of strings.');
  texts.forEach((t, i) => {
    if (typeof t !== 'string') throw new TypeError(`text_target${batched ? `[${i}]` : ''} must be a string, got ${t === null ? 'null' : typeof t}.`);
  });
  const pairs = targetPairs(textPairTarget, batched, texts.length);
  const settings = resolveSettings(tok, options);
  // Without special tokens the target is the bare text (and pair): no language needed.
  const template = { prefix: [], suffix: [], pair_type_id: 0 };
  if (add_special_tokens) {
    const ids = { L: languageId(tok, kind), eos: tok.handle.tokenToId(tok.eos_token ?? '</s>') };
    const [before, after] = kind === 'nllb' && tok.config.legacy_behaviour === true ? TARGET_LAYOUT.mbart : TARGET_LAYOUT[kind];
    template.prefix = before.map((k) => ids[k]);
    template.suffix = after.map((k) => ids[k]);
    // M2M100 (slow): create_token_type_ids_from_sequences gives B and the suffix type 1; the fast
    // classes' templates ($A $B) type 0. (Without special tokens Python gives 0 everywhere.)
    if (kind === 'm2m100') template.pair_type_id = 1;
  }
  const encodings = encodeFull(tok._rawEncoder(), texts, pairs, {
    addSpecialTokens: !!add_special_tokens, truncation: settings.truncation, padding: settings.padding, template,
  });
  return buildOutputs(encodings, {
    batched, return_tensor, return_token_type_ids: return_token_type_ids ?? tok.return_token_type_ids,
    return_attention_mask, return_overflowing_tokens, return_offsets_mapping, return_special_tokens_mask, return_length,
  });
}

// text_pair_target as a list matching the targets (null without one).
function targetPairs(pairs, batched, count) {
  if (pairs === null || pairs === undefined) return null;
  if (batched !== Array.isArray(pairs) || (batched && pairs.length !== count)) {
    throw new TypeError(`text_pair_target must be ${batched ? `an array of ${count} strings, one per text_target` : 'a string, as text_target is'}.`);
  }
  const list = batched ? pairs : [pairs];
  list.forEach((t, i) => {
    if (typeof t !== 'string') throw new TypeError(`text_pair_target${batched ? `[${i}]` : ''} must be a string, got ${t === null ? 'null' : typeof t}.`);
  });
  return list;
}
