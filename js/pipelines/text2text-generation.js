// text2text-generation, summarization, translation (seq2seq: T5, BART, Marian, M2M100/NLLB,
// mBART). Behaviour follows transformers 4.57's Text2TextGenerationPipeline family: the prefix
// from config (task_specific_params[task].prefix), pipeline generation defaults
// (max_new_tokens 256, num_beams 4) under the model's own, output decoded with
// skip_special_tokens and without clean-up.
import { GenerationPipeline, tokenizerMaxLength } from './generation-base.js';
import { resolveLanguages } from './translation-languages.js';
import { batchSizeOf, padTokenId } from './generation-batching.js';
import { generateBatch } from '../generation/batch.js';
import { pipelineStreamer } from '../generation/streamer.js';

const PIPELINE_KEYS = ['return_text', 'return_tensors', 'clean_up_tokenization_spaces', 'truncation', 'src_lang', 'tgt_lang', 'signal', 'streamer', 'callback_function', 'batch_size'];
const DEFAULTS = { max_new_tokens: 256, num_beams: 4 };

function parseTexts(inputs, task) {
  const batched = Array.isArray(inputs);
  const texts = batched ? inputs : [inputs];
  texts.forEach((t, i) => {
    if (typeof t !== 'string') {
      throw new TypeError(`${task}: ${batched ? `inputs[${i}]` : 'the input'} must be a string, got ${t === null ? 'null' : typeof t}.`);
    }
  });
  return { batched, texts };
}

/** Python's `truncation` for one text (a TruncationStrategy): true = cut, false = keep, null = not given. */
function truncationChoice(value, task) {
  if (value === undefined || value === null) return null;
  if (value === true || value === 'longest_first' || value === 'only_first') return true;
  if (value === false || value === 'do_not_truncate') return false;
  throw Object.assign(new Error(`${task}: truncation must be true, false, 'longest_first', 'only_first' or 'do_not_truncate', got ${JSON.stringify(value)}.`),
    { code: 'INVALID_ARGUMENT' });
}

function randomSeed() {
  return globalThis.crypto?.getRandomValues ? globalThis.crypto.getRandomValues(new Uint32Array(1))[0] : Math.floor(Math.random() * 2 ** 32);
}

export class Text2TextGenerationPipeline extends GenerationPipeline {
  static outputKey = 'generated_text';
  static encoderDecoder = true;

  /** The task_specific_params key (translation overrides it with translation_xx_to_yy). */
  taskKey() { return this.task; }

  /**
   * Encoder input ids of one text. transformers 4.57's text2text / summarization / translation
   * pipelines pass `truncation` to the tokenizer, default DO_NOT_TRUNCATE; truncation: true cuts
   * at the tokenizer's model_max_length (on its truncation side, special tokens kept), silently.
   * Not given, the input stays whole wherever the model can read it, so the ids are Python's: T5
   * (relative positions) reads any length, with the warning Python's tokenizer logs once. Past a
   * learned position table (config.json max_position_embeddings: BART, mBART, Marian) Python fails
   * inside the model (IndexError); there wasmpipe cuts the input as truncation: true does (at the
   * table's end if that is shorter) and says so in a warning, so a long article still gets a
   * summary. truncation: false keeps the input whole and is refused past the table.
   * @param {(text: string, maxLength: number|null) => number[]} encodeTo the ids of a text, cut to maxLength
   */
  encodeInput(text, truncation, encodeTo) {
    const choice = truncationChoice(truncation, this.task);
    let ids = encodeTo(text, null);
    const tokMax = tokenizerMaxLength(this.tokenizer);
    if (choice === true && tokMax !== null && ids.length > tokMax) return encodeTo(text, tokMax);
    const posMax = Number.isInteger(this.config.max_position_embeddings) && this.config.max_position_embeddings > 0
      ? this.config.max_position_embeddings : null;
    if (posMax !== null && ids.length > posMax) {
      if (choice === false) {
        throw Object.assign(new Error(`${this.task}: the input has ${ids.length} tokens but this model reads at most ${posMax} ` +
          '(config.json max_position_embeddings), and truncation: false keeps it whole (Python\'s pipeline fails on it: IndexError). ' +
          'Shorten it, or pass truncation: true.'), { code: 'INVALID_ARGUMENT' });
      }
      const [limit, source] = tokMax !== null && tokMax < posMax ? [tokMax, 'the tokenizer\'s model_max_length'] : [posMax, 'config.json max_position_embeddings'];
      const original = ids.length;
      ids = encodeTo(text, limit);
      console.warn(`${this.task}: the input has ${original} tokens, more than the ${posMax} positions this model reads ` +
        `(config.json max_position_embeddings; Python's pipeline fails on it with an IndexError); it was truncated to ${ids.length} tokens ` +
        `at ${source}, as truncation: true does. Pass truncation: true to do so without this warning, or shorten the input.`);
      return ids;
    }
    if (tokMax !== null && ids.length > tokMax && !this._warnedLongInput) {
      this._warnedLongInput = true; // once, as Python's tokenizer warns once
      console.warn(`${this.task}: Token indices sequence length is longer than the specified maximum sequence length for this model ` +
        `(${ids.length} > ${tokMax}); the input is kept whole, as in transformers. Pass truncation: true to cut it.`);
    }
    return ids;
  }

  /** The ids of a text with the tokenizer's special tokens, cut to maxLength (null: whole). */
  encodeText(text, maxLength) {
    if (maxLength === null) return this.tokenizer.encode(text);
    return Array.from(this.tokenizer._call(text, { truncation: true, max_length: maxLength, return_tensor: false }).input_ids, Number);
  }

  async _call(inputs, options = {}) {
    const { batched, texts } = parseTexts(inputs, this.task);
    const { pipelineOptions, generation } = this.splitOptions(options, PIPELINE_KEYS);
    if (generation.seed === undefined) generation.seed = randomSeed();
    const extra = this.translationSettings?.(pipelineOptions, generation) ?? {};
    const task = extra.task ?? this.taskKey();
    const resolved = await this.generativeModel.resolveConfig(task, DEFAULTS, generation);
    const key = this.constructor.outputKey;
    const batchSize = batchSizeOf(pipelineOptions, this.task);
    const streamer = pipelineStreamer(this.tokenizer, pipelineOptions, this.task, {
      skip_special_tokens: true, clean_up_tokenization_spaces: pipelineOptions.clean_up_tokenization_spaces ?? false,
    });
    if (streamer && (resolved.num_beams > 1 || resolved.num_return_sequences > 1)) {
      throw Object.assign(new Error(`${this.task}: a streamer needs one sequence (num_beams 1, num_return_sequences 1), as in transformers.`),
        { code: 'INVALID_ARGUMENT' });
    }
    if (streamer && batchSize > 1 && texts.length > 1) {
      throw Object.assign(new Error(`${this.task}: a streamer works on one input at a time (batch_size 1), as in transformers.`),
        { code: 'INVALID_ARGUMENT' });
    }
    const decode = (seq) => {
      if (pipelineOptions.return_tensors) return { [`${key.replace('_text', '')}_token_ids`]: Array.from(seq) };
      return {
        [key]: this.tokenizer.decode(seq, {
          skip_special_tokens: true,
          clean_up_tokenization_spaces: pipelineOptions.clean_up_tokenization_spaces ?? false,
        }),
      };
    };
    const encode = (text, i) => {
      const prefix = extra.encode ? '' : (resolved.prefix ?? '');
      const ids = this.encodeInput(prefix + text, pipelineOptions.truncation, extra.encode ?? ((t, max) => this.encodeText(t, max)));
      if (ids.length === 0) {
        throw Object.assign(new Error(`${this.task}: ${batched ? `inputs[${i}]` : 'the input'} tokenizes to no tokens.`), { code: 'INVALID_ARGUMENT' });
      }
      return ids;
    };
    // A list with batch_size > 1 needs a pad token before anything runs (transformers' pad_collate_fn).
    const padId = batched && batchSize > 1 ? padTokenId(this.tokenizer, this.task) : null;
    const call = { task, pipelineDefaults: DEFAULTS, options: generation, signal: pipelineOptions.signal };
    const results = [];
    for (let first = 0; first < texts.length; first += batchSize) {
      const chunk = texts.slice(first, first + batchSize).map((t, j) => encode(t, first + j));
      if (chunk.length > 1) {  // a real batch: the encoder input padded on the tokenizer's side
        const out = await generateBatch(this.generativeModel, chunk, { ...call, padId, padSide: this.tokenizer.padding_side });
        const per = out.sequences.length / chunk.length;
        for (let i = 0; i < chunk.length; i++) results.push(out.sequences.slice(i * per, (i + 1) * per).map(decode));
        continue;
      }
      if (streamer) streamer.put([resolved.decoder_start_token_id ?? resolved.bos_token_id]); // HF streams the decoder prompt first
      const out = await this.generativeModel.generate(chunk[0], {
        ...call, onStep: streamer ? (gen) => streamer.put(gen.nextTokens()) : null,
      });
      streamer?.end();
      results.push(out.sequences.map(decode));
    }
    // Python: a list of strings with one sequence each gives a flat list of dicts.
    if (batched && results.every((r) => r.length === 1)) return results.map((r) => r[0]);
    return batched ? results : results[0];
  }
}

export class SummarizationPipeline extends Text2TextGenerationPipeline {
  static outputKey = 'summary_text';
}

export class TranslationPipeline extends Text2TextGenerationPipeline {
  static outputKey = 'translation_text';

  /**
   * Python's TranslationPipeline: the task_specific_params key is the task name, or for plain
   * 'translation' the model's first translation_* key (pipeline() picks it once, so src_lang /
   * tgt_lang do not change the T5 prefix); src_lang/tgt_lang (else the languages in that key)
   * select the language tokens of multilingual tokenizers.
   */
  translationSettings(pipelineOptions, generation) {
    const pattern = /^translation_(.+)_to_(.+)$/;
    const params = this.config.task_specific_params;
    const firstKey = params && typeof params === 'object' ? Object.keys(params).find((k) => k.startsWith('translation')) : undefined;
    const task = pattern.test(this.task) ? this.task : (firstKey ?? this.task);
    let src = pipelineOptions.src_lang;
    let tgt = pipelineOptions.tgt_lang;
    if (src === undefined && tgt === undefined) [, src, tgt] = pattern.exec(task) ?? [];
    const settings = { task };
    const languages = resolveLanguages(this, src, tgt);
    if (languages) {
      if (generation.forced_bos_token_id === undefined) generation.forced_bos_token_id = languages.forced_bos_token_id;
      settings.encode = languages.encode;
    }
    return settings;
  }
}
