// The task registry: names, aliases, default models, and pipeline() itself.
import { loadTextPipeline } from './base.js';
import { TextClassificationPipeline } from './text-classification.js';
import { loadGenerationPipeline } from './generation-base.js';
import { SummarizationPipeline, Text2TextGenerationPipeline, TranslationPipeline } from './text2text-generation.js';
import { TextGenerationPipeline } from './text-generation.js';
import { QuestionAnsweringPipeline } from './question-answering.js';
import { FeatureExtractionPipeline } from './feature-extraction.js';
import { TokenClassificationPipeline } from './token-classification.js';
import { FillMaskPipeline } from './fill-mask.js';
import { ZeroShotClassificationPipeline } from './zero-shot-classification.js';

const TASKS = {
  'text-classification': {
    pipeline: TextClassificationPipeline,
    default: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
  },
  summarization: { pipeline: SummarizationPipeline, default: 'Xenova/distilbart-cnn-6-6', load: loadGenerationPipeline },
  translation: { pipeline: TranslationPipeline, default: 'Xenova/t5-small', load: loadGenerationPipeline },
  'text2text-generation': { pipeline: Text2TextGenerationPipeline, default: 'Xenova/flan-t5-small', load: loadGenerationPipeline },
  'text-generation': { pipeline: TextGenerationPipeline, default: 'Xenova/gpt2', load: loadGenerationPipeline },
  'question-answering': { pipeline: QuestionAnsweringPipeline, default: 'Xenova/distilbert-base-cased-distilled-squad' },
  'feature-extraction': { pipeline: FeatureExtractionPipeline, default: 'Xenova/all-MiniLM-L6-v2' },
  'token-classification': { pipeline: TokenClassificationPipeline, default: 'Xenova/bert-base-multilingual-cased-ner-hrl' },
  'fill-mask': { pipeline: FillMaskPipeline, default: 'Xenova/bert-base-uncased' },
  'zero-shot-classification': { pipeline: ZeroShotClassificationPipeline, default: 'Xenova/distilbert-base-uncased-mnli' },
};
const ALIASES = { 'sentiment-analysis': 'text-classification', embeddings: 'feature-extraction', ner: 'token-classification' };
// Tasks users know from transformers.js that wasmpipe does not have (wasmpipe is text-only for now):
// a clear error, not a guess.
const PLANNED = ['image-classification', 'image-to-text', 'object-detection', 'image-segmentation',
  'zero-shot-image-classification', 'depth-estimation', 'image-feature-extraction', 'automatic-speech-recognition',
  'audio-classification', 'text-to-audio', 'text-to-speech', 'zero-shot-audio-classification', 'document-question-answering'];

/**
 * pipeline(task, model?, { device, dtype, revision, progress_callback })
 * @returns {Promise<Function & {dispose(): Promise<void>}>}
 */
export async function pipeline(task, model = null, options = {}) {
  if (typeof task !== 'string') throw new TypeError(`pipeline(): task must be a string such as 'sentiment-analysis'.`);
  // translation_xx_to_yy is translation with the languages in the task name (as in Python).
  const name = ALIASES[task] ?? (/^translation_.+_to_.+$/.test(task) ? 'translation' : task);
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
  const taskName = name === 'translation' ? task : name;
  return (entry.load ?? loadTextPipeline)(entry.pipeline, taskName, model ?? entry.default, options);
}

export const SUPPORTED_TASKS = Object.freeze([...Object.keys(TASKS), ...Object.keys(ALIASES)]);
