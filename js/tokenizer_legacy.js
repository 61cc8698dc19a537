// Repos without tokenizer.json: vocab.json + merges.txt (GPT-2, RoBERTa, BART, CLIP, Whisper), built
// by the C++ core the way transformers converts the slow tokenizer. The JS side only gathers the
// files transformers reads for such a repo: tokenizer_config.json, special_tokens_map.json (its
// values win, as in transformers), added_tokens.json, and config.json (model_type, when the
// tokenizer config names no tokenizer_class).
import { unwrap } from './core.js';
import { getModelJSON, getModelText } from './hub/index.js';

const SPECIAL_NAMES = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token',
  'additional_special_tokens'];

// transformers' AutoConfig fallback for a config.json without model_type: the longest model type
// the repo name contains. Listed: the types built from vocab.json + merges.txt, and the longer types
// that contain one of them (so 'xlm-roberta' is not taken for 'roberta'; the core rejects those).
const NAME_TYPES = ['roberta-prelayernorm', 'gpt_neox_japanese', 'xlm-roberta-xl', 'chinese_clip', 'xlm-roberta',
  'gpt_bigcode', 'longformer', 'gpt_neox', 'altclip', 'clipseg', 'codegen', 'gpt_neo', 'roberta', 'whisper', 'plbart',
  'mbart', 'xclip', 'bart', 'clip', 'gpt2', 'led', 'mvp'];

/** config.json's text for the core, with a model_type guessed from the repo name when it has none. */
export function modelConfigText(config, modelId) {
  if (config?.model_type) return JSON.stringify(config);
  const guess = NAME_TYPES.find((t) => String(modelId).includes(t));
  return guess ? JSON.stringify({ ...(config ?? {}), model_type: guess }) : (config ? JSON.stringify(config) : '');
}

/** The merged tokenizer config transformers' slow tokenizer would see. */
export function mergeLegacyConfig(tokenizerConfig, specialTokensMap, addedTokens) {
  const merged = { ...(tokenizerConfig ?? {}) };
  for (const name of SPECIAL_NAMES) {
    if (specialTokensMap && Object.hasOwn(specialTokensMap, name)) merged[name] = specialTokensMap[name];
  }
  if (addedTokens) {
    const decoder = { ...(merged.added_tokens_decoder ?? {}) };
    const known = new Set(Object.values(decoder).map((t) => (typeof t === 'string' ? t : t.content)));
    for (const [content, id] of Object.entries(addedTokens)) {
      if (Object.hasOwn(decoder, String(id)) || known.has(content)) continue;
      decoder[String(id)] = { content, lstrip: false, rstrip: false, normalized: true, single_word: false, special: false };
    }
    merged.added_tokens_decoder = decoder;
  }
  return merged;
}

/**
 * The core Tokenizer of a vocab.json + merges.txt repo, with the config it was built from; null when
 * the repo lacks either file.
 */
export async function loadVocabMerges(core, modelId, tokenizerConfig, options) {
  const soft = { ...options, fatal: false };
  const [vocab, merges, specialMap, added, config] = await Promise.all([
    getModelText(modelId, 'vocab.json', soft),
    getModelText(modelId, 'merges.txt', soft),
    getModelJSON(modelId, 'special_tokens_map.json', soft),
    getModelJSON(modelId, 'added_tokens.json', soft),
    tokenizerConfig?.tokenizer_class ? null : getModelJSON(modelId, 'config.json', soft),
  ]);
  // Both or nothing: a vocab.json without merges.txt belongs to another format (Marian, ...).
  if (vocab === null || merges === null) return null;
  const merged = mergeLegacyConfig(tokenizerConfig, specialMap, added);
  const handle = unwrap(core.Tokenizer.fromVocabMerges(vocab, merges, JSON.stringify(merged),
    tokenizerConfig?.tokenizer_class ? '' : modelConfigText(config, modelId)),
    `vocab.json + merges.txt of '${modelId}'`);
  return { handle, config: merged };
}
