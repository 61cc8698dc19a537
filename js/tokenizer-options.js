// tokenizer(text, options): turns transformers' padding / truncation options into the core's
// explicit settings, and the core's encodings into transformers' outputs. The rules are Python
// transformers' (`_get_padding_truncation_strategies`, fast tokenizers' `_batch_encode_plus`),
// which transformers.js follows where it has the option; see docs in types/index.d.ts.
import { Tensor } from './tensor.js';

const TRUNCATION = new Map([
  [true, 'longest_first'], ['longest_first', 'longest_first'], ['only_first', 'only_first'], ['only_second', 'only_second'],
  [false, null], ['do_not_truncate', null],
]);
const PADDING = new Map([[true, 'longest'], ['longest', 'longest'], ['max_length', 'max_length'], [false, null], ['do_not_pad', null]]);

function invalid(message) {
  const err = new Error(message);
  err.code = 'INVALID_ARGUMENT';
  return err;
}

function side(value, what) {
  if (value !== 'left' && value !== 'right') throw invalid(`${what} must be 'left' or 'right', got ${JSON.stringify(value)}.`);
  return value;
}

function count(value, what, { positive = false } = {}) {
  if (!Number.isInteger(value) || value < (positive ? 1 : 0)) {
    throw invalid(`${what} must be a ${positive ? 'positive' : 'non-negative'} integer, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * The core's {truncation, padding} settings for one call, or throws a clear INVALID_ARGUMENT.
 * `tok` gives model_max_length, padding_side, truncation_side and the pad token.
 */
export function resolveSettings(tok, { padding = false, truncation = null, max_length = null, stride = 0,
  pad_to_multiple_of = null, padding_side = null, truncation_side = null } = {}) {
  if (!PADDING.has(padding)) {
    throw invalid(`padding must be true, false, 'longest', 'max_length' or 'do_not_pad', got ${JSON.stringify(padding)}.`);
  }
  if (truncation !== null && !TRUNCATION.has(truncation)) {
    throw invalid(`truncation must be true, false, 'longest_first', 'only_first', 'only_second' or 'do_not_truncate', got ${JSON.stringify(truncation)}.`);
  }
  if (max_length !== null) count(max_length, 'max_length');
  count(stride, 'stride');
  if (pad_to_multiple_of !== null) count(pad_to_multiple_of, 'pad_to_multiple_of', { positive: true });
  let padStrategy = PADDING.get(padding);
  // Python: max_length without truncation and without padding means truncation (with a warning).
  let truncStrategy = truncation === null ? (max_length !== null && padStrategy === null ? 'longest_first' : null)
    : TRUNCATION.get(truncation);
  let length = max_length;
  const modelMax = tok.model_max_length;
  const needLength = padStrategy === 'max_length' || truncStrategy !== null;
  if (length === null && needLength) {
    if (modelMax === undefined || modelMax === null || !Number.isFinite(modelMax) || modelMax > 1e12) {
      throw invalid(`${padStrategy === 'max_length' ? "padding: 'max_length'" : 'truncation'} needs max_length: ` +
        'this tokenizer has no model_max_length in tokenizer_config.json.');
    }
    length = modelMax;
  }
  if (stride > 0 && truncStrategy === null) {
    throw invalid('stride needs truncation (truncation: true or a strategy, and max_length).');
  }
  const settings = { truncation: null, padding: null };
  if (truncStrategy !== null) {
    settings.truncation = {
      max_length: length, stride, strategy: truncStrategy,
      direction: side(truncation_side ?? tok.truncation_side, 'truncation_side'),
    };
  }
  if (padStrategy !== null) {  // pad_to_multiple_of without padding does nothing, as in Python
    const pad = tok.resolvedPadToken();
    if (!pad) {
      throw invalid('Asking to pad but the tokenizer has no padding token (neither pad_token nor eos_token): ' +
        'set tokenizer.pad_token to a token of its vocabulary, or pass padding: false.');
    }
    settings.padding = {
      strategy: padStrategy, direction: side(padding_side ?? tok.padding_side, 'padding_side'),
      pad_id: pad.id, pad_token: pad.token, pad_type_id: 0,
      ...(padStrategy === 'max_length' ? { max_length: length } : {}),
      ...(pad_to_multiple_of !== null ? { pad_to_multiple_of } : {}),
    };
  }
  return settings;
}

// The encoding field of each output (js/tokenizer-raw-full.js).
const FIELDS = { input_ids: 'ids', attention_mask: 'attention_mask', token_type_ids: 'type_ids',
  special_tokens_mask: 'special_tokens_mask', offset_mapping: 'offsets' };

/**
 * transformers' outputs from the core's encodings (one per input). Keys, in transformers.js order:
 * input_ids, attention_mask, token_type_ids, then Python's special_tokens_mask, offset_mapping,
 * length, overflow_to_sample_mapping. Tensors are int64 [rows, seq] ([rows, seq, 2] for
 * offset_mapping, [rows] for length and overflow_to_sample_mapping).
 */
export function buildOutputs(encodings, { batched, return_tensor = true, return_token_type_ids = true,
  return_attention_mask = true, return_overflowing_tokens = false, return_offsets_mapping = false,
  return_special_tokens_mask = false, return_length = false }) {
  const rows = [];
  const sample = [];
  encodings.forEach((e, i) => {
    rows.push(e);
    sample.push(i);
    if (return_overflowing_tokens) for (const o of e.overflowing) { rows.push(o); sample.push(i); }
  });
  const columns = { input_ids: (e) => Array.from(e.ids) };
  if (return_attention_mask) columns.attention_mask = (e) => Array.from(e.attention_mask);
  if (return_token_type_ids) columns.token_type_ids = (e) => Array.from(e.type_ids);
  if (return_special_tokens_mask) columns.special_tokens_mask = (e) => Array.from(e.special_tokens_mask);
  if (return_offsets_mapping) {
    columns.offset_mapping = (e) => Array.from({ length: e.ids.length }, (_, j) => [e.offsets[2 * j], e.offsets[2 * j + 1]]);
  }
  const result = {};
  if (return_tensor) {
    const seq = rows.length ? rows[0].ids.length : 0;
    if (rows.some((e) => e.ids.length !== seq)) {
      throw invalid('Unable to create a tensor from inputs of different lengths: pass padding: true (and truncation: true), ' +
        'or return_tensor: false.');
    }
    for (const name of Object.keys(columns)) {
      // Straight from the encodings' typed arrays (offsets: flat [start, end] pairs already).
      const field = FIELDS[name];
      const data = new BigInt64Array(rows.length * (name === 'offset_mapping' ? 2 * seq : seq));
      let k = 0;
      for (const e of rows) for (const v of e[field]) data[k++] = BigInt(v);
      result[name] = new Tensor('int64', data, name === 'offset_mapping' ? [rows.length, seq, 2] : [rows.length, seq]);
    }
    if (return_length) result.length = new Tensor('int64', BigInt64Array.from(rows, (e) => BigInt(e.ids.length)), [rows.length]);
    if (return_overflowing_tokens) result.overflow_to_sample_mapping = new Tensor('int64', BigInt64Array.from(sample, BigInt), [rows.length]);
    return result;
  }
  for (const [name, column] of Object.entries(columns)) result[name] = rows.map(column);
  if (return_length) result.length = rows.map((e) => e.ids.length);
  if (return_overflowing_tokens) result.overflow_to_sample_mapping = sample;
  // Like Python: one input without overflow gives plain lists, not a batch of one.
  if (!batched && !return_overflowing_tokens) for (const name of Object.keys(result)) result[name] = result[name][0];
  return result;
}
