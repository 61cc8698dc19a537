// Special tokens of a tokenizer.json repo whose tokenizer_config.json names no tokenizer_class:
// transformers' AutoTokenizer then builds config.json's model type's fast class, whose __init__
// defaults give every special token the config leaves out (FacebookAI/roberta-base and
// facebook/bart-large-cnn have no special tokens in tokenizer_config.json, yet Python has <pad>,
// <mask>, ...). Listed: the model types whose class defaults were checked against transformers 4.57
// (tests/fixtures/review/special_defaults_refs.py); other types keep what tokenizer.json and the
// config give (BERT's WordPiece defaults are derived by the core).
import { getModelJSON } from './hub/index.js';
import { modelConfigText } from './tokenizer_legacy.js';

// RobertaTokenizerFast and the classes built like it make a plain-string mask token lstrip.
// model_input_names: these classes' (no token_type_ids), which decide tokenizer()'s outputs.
const INPUT_NAMES = ['input_ids', 'attention_mask'];
const ROBERTA_LIKE = {
  model_input_names: INPUT_NAMES,
  bos_token: '<s>', eos_token: '</s>', sep_token: '</s>', cls_token: '<s>', unk_token: '<unk>', pad_token: '<pad>',
  mask_token: { content: '<mask>', lstrip: true, rstrip: false, normalized: false, single_word: false, special: true },
};
const ENDOFTEXT = { model_input_names: INPUT_NAMES, bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>' };
// model_type -> the special-token defaults of its fast class (Roberta, Bart, Longformer,
// XLMRoberta, GPT2, GPTNeoX TokenizerFast).
const DEFAULTS = new Map([
  ['roberta', ROBERTA_LIKE], ['bart', ROBERTA_LIKE], ['longformer', ROBERTA_LIKE], ['xlm-roberta', ROBERTA_LIKE],
  ['gpt2', ENDOFTEXT], ['gpt_neox', ENDOFTEXT],
]);

/**
 * The tokenizer config for the core: `config` plus the model type's class defaults for the special
 * tokens it does not mention (a null in the config stays null, as in Python). Reads config.json only
 * when the config names no tokenizer_class.
 */
export async function withClassSpecialDefaults(config, modelId, options) {
  if (config?.tokenizer_class) return config;
  const modelConfig = await getModelJSON(modelId, 'config.json', { ...options, fatal: false });
  if (!modelConfig) return config;
  const defaults = DEFAULTS.get(JSON.parse(modelConfigText(modelConfig, modelId)).model_type);
  if (!defaults) return config;
  const merged = { ...(config ?? {}) };
  for (const [name, value] of Object.entries(defaults)) {
    if (!Object.hasOwn(merged, name)) merged[name] = value;
  }
  return merged;
}
