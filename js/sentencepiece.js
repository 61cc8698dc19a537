// Repos that ship SentencePiece files instead of tokenizer.json: the C++ core builds the
// tokenizer transformers' AutoTokenizer would give (its slow -> fast conversion; Marian's slow
// MarianTokenizer). The class comes from tokenizer_config.json, else from config.json's model_type.
import { unwrap } from './core.js';
import { getModelFile, getModelJSON } from './hub/index.js';
import { mergeLegacyConfig } from './tokenizer_legacy.js';

// Files transformers' SentencePiece tokenizers read, by name (first found wins).
export const SENTENCEPIECE_FILES = ['tokenizer.model', 'spiece.model', 'spm.model', 'sentencepiece.bpe.model'];

// config.json model_type -> the slow tokenizer class AutoTokenizer picks for it.
const CLASS_BY_MODEL_TYPE = {
  t5: 'T5Tokenizer', mt5: 'T5Tokenizer', umt5: 'T5Tokenizer', llama: 'LlamaTokenizer', mistral: 'LlamaTokenizer',
  'deberta-v2': 'DebertaV2Tokenizer', xlnet: 'XLNetTokenizer', marian: 'MarianTokenizer',
  // transformers' TOKENIZER_MAPPING_NAMES (their fast classes are converted from these)
  mbart: 'MBartTokenizer', mbart50: 'MBart50Tokenizer', camembert: 'CamembertTokenizer', 'xlm-roberta': 'XLMRobertaTokenizer',
  'xlm-roberta-xl': 'XLMRobertaTokenizer', xmod: 'XLMRobertaTokenizer', 'kosmos-2': 'XLMRobertaTokenizer',
  metaclip_2: 'XLMRobertaTokenizer',
};

/**
 * The core Tokenizer for a SentencePiece repo, or null when the repo has none of its files.
 * @param {any} core the Embind module
 * @param {string} modelId
 * @param {object|null} tokenizerConfig parsed tokenizer_config.json
 */
export async function loadSentencePieceTokenizer(core, modelId, tokenizerConfig, options) {
  const opt = { ...options, fatal: false };
  const configText = tokenizerConfig ? JSON.stringify(tokenizerConfig) : '';
  let cls = tokenizerConfig?.tokenizer_class ?? null;
  if (!cls) {
    const modelConfig = await getModelJSON(modelId, 'config.json', opt);
    cls = CLASS_BY_MODEL_TYPE[modelConfig?.model_type] ?? null;
  }
  if (cls === null || cls.replace(/Fast$/, '') === 'MarianTokenizer') {
    const source = await getModelFile(modelId, 'source.spm', opt);
    if (source) {
      const [vocab, target] = await Promise.all([getModelFile(modelId, 'vocab.json', opt), getModelFile(modelId, 'target.spm', opt)]);
      if (!vocab) {
        const err = new Error(`'${modelId}' has source.spm but no vocab.json: a Marian tokenizer needs both.`);
        err.code = 'INVALID_FILE';
        throw err;
      }
      // target.spm decodes (MarianTokenizer decodes generated target ids with it)
      const handle = unwrap(core.Tokenizer.fromMarian(source, new TextDecoder().decode(vocab), configText, target ?? null),
        `source.spm + vocab.json of '${modelId}'`);
      // The class, also where no config names it: text_target must refuse it (js/tokenizer-target.js).
      return Object.assign(handle, { sentencePieceClass: 'MarianTokenizer' });
    }
  }
  if (cls?.replace(/Fast$/, '') === 'M2M100Tokenizer') return loadM2M100(core, modelId, tokenizerConfig, opt);
  for (const file of SENTENCEPIECE_FILES) {
    const bytes = await getModelFile(modelId, file, opt);
    if (!bytes) continue;
    if (!cls) {
      const err = new Error(`'${modelId}' has ${file} but neither tokenizer_config.json's tokenizer_class nor ` +
        'config.json\'s model_type says which tokenizer it is; add a tokenizer_config.json with "tokenizer_class".');
      err.code = 'INVALID_FILE';
      throw err;
    }
    return unwrap(core.Tokenizer.fromSentencePiece(bytes, configText, cls, file), `${file} of '${modelId}'`);
  }
  return null;
}

// M2M100Tokenizer (slow only): sentencepiece.bpe.model segments, vocab.json maps pieces to ids; the
// language tokens become special only where special_tokens_map.json lists them (as in transformers).
async function loadM2M100(core, modelId, tokenizerConfig, opt) {
  const [spm, vocab, specialMap] = await Promise.all([getModelFile(modelId, 'sentencepiece.bpe.model', opt),
    getModelFile(modelId, 'vocab.json', opt), getModelJSON(modelId, 'special_tokens_map.json', opt)]);
  if (!spm || !vocab) {
    const err = new Error(`'${modelId}' is an M2M100Tokenizer repo without ${spm ? 'vocab.json' : 'sentencepiece.bpe.model'}: ` +
      'it needs both (or a tokenizer.json).');
    err.code = 'INVALID_FILE';
    throw err;
  }
  const config = JSON.stringify(mergeLegacyConfig(tokenizerConfig, specialMap, null));
  return unwrap(core.Tokenizer.fromM2M100(spm, new TextDecoder().decode(vocab), config),
    `sentencepiece.bpe.model + vocab.json of '${modelId}'`);
}
