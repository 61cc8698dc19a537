// Language-code tokenizers loaded from tokenizer.json (NLLB, mBART cc25, mBART-50): Python's
// NllbTokenizerFast / MBartTokenizerFast / MBart50TokenizerFast __init__ call
// set_src_lang_special_tokens(src_lang), which REPLACES the file's post_processor with a template
// built from tokenizer_config.json's src_lang (default eng_Latn / en_XX) and, for NLLB,
// legacy_behaviour. Without this, the file's own template (whatever language and order it was
// saved with) would decide, and tokenizer(text) / encode() would differ from Python's.

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// config.json model_type -> the class AutoTokenizer builds when tokenizer_config.json names none
// (transformers' TOKENIZER_MAPPING_NAMES)
const CLASS_BY_MODEL_TYPE = { mbart: 'MBartTokenizer', mbart50: 'MBart50Tokenizer', nllb: 'NllbTokenizer', 'nllb-moe': 'NllbTokenizer' };

/** 'nllb' | 'mbart' | 'mbart50' for the classes whose __init__ rewrites the template, else null. */
function languageClass(config, modelType) {
  const cls = String(config?.tokenizer_class ?? CLASS_BY_MODEL_TYPE[modelType] ?? '').replace(/Fast$/, '');
  if (cls === 'NllbTokenizer') return 'nllb';
  if (cls === 'MBartTokenizer') return 'mbart';
  if (cls === 'MBart50Tokenizer') return 'mbart50';
  return null;
}

const contentOf = (t) => (typeof t === 'string' ? t : t?.content);

function invalid(message) {
  return Object.assign(new Error(message), { code: 'INVALID_ARGUMENT' });
}

/** A token's id in the parsed tokenizer.json: its added token, else its model vocab entry. */
function tokenId(json, token) {
  const added = (Array.isArray(json.added_tokens) ? json.added_tokens : []).find((t) => t?.content === token);
  if (added) return added.id;
  const vocab = json.model?.vocab;
  if (Array.isArray(vocab)) {  // Unigram: [[piece, score], ...], the id is the index
    const i = vocab.findIndex((e) => Array.isArray(e) && e[0] === token);
    return i < 0 ? undefined : i;
  }
  return vocab && Object.hasOwn(vocab, token) ? vocab[token] : undefined;
}

/**
 * The post_processor Python's set_src_lang_special_tokens builds: [src] $A </s> (NLLB, mBART-50),
 * $A </s> [src] (mBART cc25, NLLB with legacy_behaviour); pairs put $B right after $A.
 */
function languageTemplate(kind, config, json, addedOnly = false) {
  const src = config.src_lang ?? (kind === 'nllb' ? 'eng_Latn' : 'en_XX');
  const eos = contentOf(config.eos_token) ?? '</s>';
  if (typeof src !== 'string') throw invalid(`tokenizer_config.json: src_lang must be a language code string, got ${JSON.stringify(src)}.`);
  const srcId = tokenId(json, src), eosId = tokenId(json, eos);
  if (addedOnly && (srcId === undefined || eosId === undefined)) return null;
  // Python would silently take <unk> for an unknown code; refuse as the SentencePiece loader does.
  if (srcId === undefined) {
    throw invalid(`tokenizer_config.json: src_lang '${src}' is not a token of this tokenizer.json; use one of its language codes.`);
  }
  if (eosId === undefined) throw invalid(`tokenizer_config.json: eos_token '${eos}' is not a token of this tokenizer.json.`);
  const seq = (id) => ({ Sequence: { id, type_id: 0 } });
  const special = (id) => ({ SpecialToken: { id, type_id: 0 } });
  const suffixLang = kind === 'mbart' || (kind === 'nllb' && config.legacy_behaviour === true);
  const [prefix, suffix] = suffixLang ? [[], [eos, src]] : [[src], [eos]];
  return {
    type: 'TemplateProcessing',
    single: [...prefix.map(special), seq('A'), ...suffix.map(special)],
    pair: [...prefix.map(special), seq('A'), seq('B'), ...suffix.map(special)],
    special_tokens: Object.fromEntries([[src, srcId], [eos, eosId]].map(([t, id]) => [t, { id: t, ids: [id], tokens: [t] }])),
  };
}

/**
 * Where the top-level keys `wanted` have their values in a tokenizer.json's UTF-8 bytes, as
 * {key: [start, end]}, scanning only up to the last of them (HF writes added_tokens and
 * post_processor before the large model section); null if the file is not a JSON object or lacks one.
 * JSON's structural characters are ASCII, so multi-byte UTF-8 never matches them.
 */
function topLevelValues(bytes, wanted) {
  const found = {};
  let depth = 0, inString = false, escaped = false, keyStart = -1, key = null, expectKey = false, valueStart = -1;
  const close = (i) => {
    if (valueStart >= 0 && wanted.includes(key)) found[key] = [valueStart, i];
    valueStart = -1;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) {
        inString = false;
        if (depth === 1 && expectKey) { key = decoder.decode(bytes.subarray(keyStart, i)); expectKey = false; }
      }
    } else if (c === 0x22) { inString = true; keyStart = i + 1; }
    else if (c === 0x7b || c === 0x5b) {  // { [
      if (depth === 0 && c !== 0x7b) return null;
      if (++depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {  // } ]
      if (depth === 1) close(i);
      if (--depth === 0) break;
    } else if (depth === 1 && c === 0x3a) valueStart = i + 1;  // :
    else if (depth === 1 && c === 0x2c) {  // ,
      close(i);
      expectKey = true;
      if (wanted.every((k) => k in found)) break;
    }
  }
  return wanted.every((k) => k in found) ? found : null;
}

/** The file's bytes with the template as post_processor, without parsing the (large) model section. */
function spliceTemplate(bytes, kind, config) {
  const at = topLevelValues(bytes, ['added_tokens', 'post_processor']);
  if (!at) return null;
  let added;
  try {
    added = JSON.parse(decoder.decode(bytes.subarray(...at.added_tokens)));
  } catch {
    return null;
  }
  const template = languageTemplate(kind, config, { added_tokens: added }, true);
  if (!template) return null;  // a token outside added_tokens: the full parse looks in the vocab
  const middle = encoder.encode(` ${JSON.stringify(template)}`);
  const [start, end] = at.post_processor;
  const out = new Uint8Array(start + middle.length + bytes.length - end);
  out.set(bytes.subarray(0, start));
  out.set(middle, start);
  out.set(bytes.subarray(end), start + middle.length);
  return out;
}

/**
 * tokenizer.json (bytes or text) as the class's __init__ leaves it: unchanged for other classes,
 * else with the src_lang template as its post_processor.
 * @param {Uint8Array|string} json
 * @param {object|null} config the tokenizer_config.json the tokenizer is built with
 * @param {string|null} modelType config.json's model_type (decides where config names no tokenizer_class)
 */
export function withLanguagePostProcessor(json, config, modelType = null) {
  const kind = languageClass(config, modelType);
  if (!kind) return json;
  const bytes = typeof json === 'string' ? encoder.encode(json) : json;
  const spliced = spliceTemplate(bytes, kind, config);
  if (spliced) return spliced;
  let parsed;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    return json;  // the core reports where the file is broken
  }
  parsed.post_processor = languageTemplate(kind, config, parsed);
  return JSON.stringify(parsed);
}
