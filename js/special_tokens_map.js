// special_tokens_map.json, as transformers 4.57 reads it (PreTrainedTokenizerBase._from_pretrained):
// only for a tokenizer_config.json without added_tokens_decoder (older repos; the file is "kept
// only for legacy"). Its entries then replace the config's, except additional_special_tokens,
// which keeps the config's list and appends the map's new tokens. The core then makes every
// special token an added token (a new id where the vocab lacks it), as PreTrainedTokenizerFast does.
import { getModelJSON } from './hub/index.js';

/** Whether transformers reads special_tokens_map.json next to this tokenizer_config.json. */
export function readsSpecialTokensMap(tokenizerConfig) {
  return !(tokenizerConfig && Object.hasOwn(tokenizerConfig, 'added_tokens_decoder'));
}

const content = (t) => (t !== null && typeof t === 'object' ? t.content : t);

/** tokenizerConfig with special_tokens_map.json's entries applied (a new object; null map: unchanged). */
export function withSpecialTokensMap(tokenizerConfig, specialTokensMap) {
  if (!specialTokensMap || typeof specialTokensMap !== 'object' || !readsSpecialTokensMap(tokenizerConfig)) return tokenizerConfig;
  const merged = { ...(tokenizerConfig ?? {}) };
  for (const [key, value] of Object.entries(specialTokensMap)) {
    if (key === 'additional_special_tokens' && Array.isArray(value)) {
      const list = [...(Array.isArray(merged[key]) ? merged[key] : [])];
      for (const token of value) {
        if (!list.some((t) => content(t) === content(token))) list.push(token);
      }
      merged[key] = list;
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** The config with the repo's special_tokens_map.json applied, fetched only where transformers reads it. */
export async function loadSpecialTokensMap(modelId, tokenizerConfig, options) {
  if (!readsSpecialTokensMap(tokenizerConfig)) return tokenizerConfig;
  const map = await getModelJSON(modelId, 'special_tokens_map.json', { ...options, fatal: false });
  return withSpecialTokensMap(tokenizerConfig, map);
}
