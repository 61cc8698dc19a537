// Special tokens of a tokenizer.json repo whose tokenizer_config.json names no tokenizer_class:
// transformers' AutoTokenizer then builds config.json's model type's fast class, whose __init__
// defaults give every special token the config leaves out (FacebookAI/roberta-base and
// facebook/bart-large-cnn have no special tokens in tokenizer_config.json, yet Python has <pad>,
// <mask>, ...). Which model types default to what is the core's knowledge
// (wasm/tokenizer/class_special_defaults.cpp); this module only fetches config.json for it.
import { getCore, unwrap } from './core.js';
import { getModelJSON } from './hub/index.js';
import { modelConfigText } from './tokenizer_legacy.js';

/**
 * The tokenizer config for the core: `config` plus the model type's class defaults for the special
 * tokens it does not mention (a null in the config stays null, as in Python), and config.json's
 * model_type where it was read (the class AutoTokenizer builds follows from it; else null). Reads
 * config.json only when the config names no tokenizer_class.
 * @returns {Promise<{config: object|null, modelType: string|null}>}
 */
export async function withClassDefaultsAndModelType(config, modelId, options) {
  if (config?.tokenizer_class) return { config, modelType: null };
  const modelConfig = await getModelJSON(modelId, 'config.json', { ...options, fatal: false });
  if (!modelConfig) return { config, modelType: null };
  const modelType = typeof modelConfig.model_type === 'string' ? modelConfig.model_type : null;
  const core = await getCore();
  const text = unwrap(core.tokenizerConfigWithClassDefaults(config ? JSON.stringify(config) : '',
    modelConfigText(modelConfig, modelId)), `config.json of '${modelId}'`);
  return { config: text === '' ? config : JSON.parse(text), modelType };
}
