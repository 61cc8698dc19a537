// The task registry: names, aliases, default models, and pipeline() itself.
import { loadTextPipeline } from './base.js';
import { TextClassificationPipeline } from './text-classification.js';
import { TokenClassificationPipeline } from './token-classification.js';
import { FillMaskPipeline } from './fill-mask.js';
import { ZeroShotClassificationPipeline } from './zero-shot-classification.js';

const TASKS = {
  'text-classification': {
    pipeline: TextClassificationPipeline,
    default: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
  },
  'token-classification': { pipeline: TokenClassificationPipeline, default: 'Xenova/bert-base-multilingual-cased-ner-hrl' },
  'fill-mask': { pipeline: FillMaskPipeline, default: 'Xenova/bert-base-uncased' },
  'zero-shot-classification': { pipeline: ZeroShotClassificationPipeline, default: 'Xenova/distilbert-base-uncased-mnli' },
};
const ALIASES = { 'sentiment-analysis': 'text-classification', ner: 'token-classification' };
// Tasks users know from transformers.js that wasmpipe does not have yet: a clear error, not a guess.
const PLANNED = ['question-answering', 'summarization', 'translation', 'text2text-generation', 'text-generation',
  'feature-extraction'];

/**
 * pipeline(task, model?, { device, dtype, revision, progress_callback })
 * @returns {Promise<Function & {dispose(): Promise<void>}>}
 */
export async function pipeline(task, model = null, options = {}) {
  if (typeof task !== 'string') throw new TypeError(`pipeline(): task must be a string such as 'sentiment-analysis'.`);
  const name = ALIASES[task] ?? task;
  const entry = TASKS[name];
  if (!entry) {
    if (PLANNED.includes(name) || PLANNED.includes(task)) {
      const err = new Error(`pipeline('${task}') is not implemented in this version of wasmpipe yet.`);
      err.code = 'NOT_IMPLEMENTED';
      throw err;
    }
    throw new Error(`Unknown task '${task}'. Supported: ${[...Object.keys(TASKS), ...Object.keys(ALIASES)].join(', ')}.`);
  }
  if (model !== null && model !== undefined && typeof model !== 'string') {
    throw new TypeError(`pipeline('${task}'): model must be a model id string (e.g. '${entry.default}').`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`pipeline('${task}'): options must be an object.`);
  return loadTextPipeline(entry.pipeline, name, model ?? entry.default, options);
}

export const SUPPORTED_TASKS = Object.freeze([...Object.keys(TASKS), ...Object.keys(ALIASES)]);
