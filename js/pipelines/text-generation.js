// text-generation (decoder-only: GPT-2, Llama, Qwen, ...), as transformers 4.57's
// TextGenerationPipeline: pipeline defaults max_new_tokens 256, do_sample true, temperature 0.7
// (under the model's own settings); output = prompt + new text (return_full_text) decoded with
// skip_special_tokens and clean_up_tokenization_spaces true; chat messages go through the
// tokenizer's chat template and come back with the assistant turn appended.
import { GenerationPipeline, tokenizerMaxLength } from './generation-base.js';
import { batchSizeOf, padTokenId } from './generation-batching.js';
import { generateBatch } from '../generation/batch.js';
import { learnedPositionTable } from '../generation/positions.js';
import { pipelineStreamer } from '../generation/streamer.js';

const PIPELINE_KEYS = ['return_full_text', 'return_text', 'return_tensors', 'clean_up_tokenization_spaces', 'skip_special_tokens',
  'add_special_tokens', 'prefix', 'signal', 'callback_function', 'streamer', 'batch_size', 'handle_long_generation'];
const DEFAULTS = { max_new_tokens: 256, do_sample: true, temperature: 0.7 };

function isChat(x) {
  return Array.isArray(x) && x.length > 0 && x.every((m) => m && typeof m === 'object' && typeof m.role === 'string');
}

function randomSeed() {
  return globalThis.crypto?.getRandomValues ? globalThis.crypto.getRandomValues(new Uint32Array(1))[0] : Math.floor(Math.random() * 2 ** 32);
}

export class TextGenerationPipeline extends GenerationPipeline {
  async _call(inputs, options = {}) {
    const single = typeof inputs === 'string' || isChat(inputs);
    const items = single ? [inputs] : inputs;
    if (!Array.isArray(items)) throw new TypeError('text-generation: the input must be a string, chat messages, or an array of them.');
    const { pipelineOptions, generation } = this.splitOptions(options, PIPELINE_KEYS);
    if (generation.seed === undefined) generation.seed = randomSeed();
    pipelineOptions.streamer = pipelineStreamer(this.tokenizer, pipelineOptions, 'text-generation', {
      skip_special_tokens: pipelineOptions.skip_special_tokens ?? true,
      clean_up_tokenization_spaces: pipelineOptions.clean_up_tokenization_spaces ?? true,
    });
    const batchSize = batchSizeOf(pipelineOptions, 'text-generation');
    const hole = pipelineOptions.handle_long_generation;
    if (hole !== undefined && hole !== null && hole !== 'hole') {
      throw Object.assign(new Error(`text-generation: handle_long_generation must be 'hole' (or unset), as in transformers; got ${JSON.stringify(hole)}.`),
        { code: 'INVALID_ARGUMENT' });
    }
    // A list with batch_size > 1 needs a pad token before anything runs (transformers' pad_collate_fn).
    const padId = !single && batchSize > 1 ? padTokenId(this.tokenizer, 'text-generation') : null;
    const resolved = await this.generativeModel.resolveConfig('', DEFAULTS, generation);
    const results = [];
    for (let first = 0; first < items.length; first += batchSize) {
      const chunk = items.slice(first, first + batchSize);
      if (chunk.length === 1) {
        results.push(await this._one(chunk[0], pipelineOptions, generation, resolved, single ? 'the input' : `inputs[${first}]`));
        continue;
      }
      if (pipelineOptions.streamer) {
        throw Object.assign(new Error('text-generation: a streamer works on one input at a time (batch_size 1), as in transformers.'),
          { code: 'INVALID_ARGUMENT' });
      }
      // A real batch: prompts padded on the left, attention_mask / position_ids from the padding.
      const prompts = chunk.map((item, j) => this._promptIds(item, pipelineOptions, resolved, `inputs[${first + j}]`, generation));
      const out = await generateBatch(this.generativeModel, prompts, {
        padId, task: '', pipelineDefaults: DEFAULTS, options: generation,
        signal: pipelineOptions.signal,
      });
      const per = out.sequences.length / chunk.length;
      chunk.forEach((item, j) => {
        const rows = out.sequences.slice(j * per, (j + 1) * per);
        // return_tensors: the padded rows, left padding included, as transformers returns them
        if (pipelineOptions.return_tensors) results.push(rows.map((seq) => ({ generated_token_ids: Array.from(seq) })));
        else results.push(this._outputs(item, prompts[j], rows.map((seq) => seq.subarray(out.padding[j])), pipelineOptions));
      });
    }
    return single ? results[0] : results;
  }

  /** The prompt's ids: a string (with prefix / special tokens) or chat messages via the template. */
  _promptIds(item, pipelineOptions, resolved, where, generation) {
    const chat = isChat(item);
    let ids;
    if (chat) {
      if (typeof this.tokenizer.apply_chat_template !== 'function') {
        throw Object.assign(new Error('text-generation: chat messages need tokenizer.apply_chat_template, which this version of wasmpipe does not have yet. Pass a string prompt.'),
          { code: 'NOT_IMPLEMENTED' });
      }
      // A chat ending with an assistant message is a prefill: continue that message (as HF does,
      // render without a generation prompt and cut everything after the final message's text).
      const continueFinal = item[item.length - 1].role === 'assistant';
      let rendered = this.tokenizer.apply_chat_template(item, { tokenize: false, add_generation_prompt: !continueFinal });
      if (continueFinal) {
        const final = String(item[item.length - 1].content ?? '');
        const at = rendered.lastIndexOf(final.trim());
        if (at < 0) throw new Error('text-generation: the chat template does not contain the final assistant message; cannot continue it.');
        rendered = rendered.slice(0, at + final.trimStart().length);
      }
      ids = this.tokenizer.encode(rendered, { add_special_tokens: false });
    } else if (typeof item === 'string') {
      const prefix = pipelineOptions.prefix ?? '';
      ids = this.tokenizer.encode(prefix + item, { add_special_tokens: pipelineOptions.add_special_tokens ?? true });
    } else {
      throw new TypeError(`text-generation: ${where} must be a string or chat messages [{role, content}].`);
    }
    if (ids.length === 0) {
      throw Object.assign(new Error(`text-generation: the prompt${where === 'the input' ? '' : ` ${where}`} is empty (no tokens): give some text to continue.`),
        { code: 'INVALID_ARGUMENT' });
    }
    const fitted = pipelineOptions.handle_long_generation === 'hole' ? this._hole(ids, generation, resolved, where) : ids;
    return this._fitTable(fitted, generation, resolved, where);
  }

  /**
   * handle_long_generation: 'hole', as transformers 4.57's TextGenerationPipeline.preprocess: the
   * new tokens are max_new_tokens when the call gives it, else max_length - the prompt's length;
   * when prompt + new tokens exceed the tokenizer's model_max_length, the prompt keeps its last
   * (model_max_length - new tokens) tokens. Without 'hole' the prompt is never cut: a model with a
   * learned position table then fails at the step that passes its end, in Python (IndexError) and
   * here (a clear error, js/generation/positions.js).
   */
  _hole(ids, generation, resolved, where) {
    let newTokens = generation.max_new_tokens;
    if (newTokens === undefined || newTokens === null) {
      newTokens = (generation.max_length ?? resolved.max_length) - ids.length;
      if (!(newTokens >= 0)) {
        throw Object.assign(new Error(`text-generation: handle_long_generation 'hole' cannot tell how many new tokens are expected: the prompt` +
          `${where === 'the input' ? '' : ` ${where}`} has ${ids.length} tokens, more than max_length ${generation.max_length ?? resolved.max_length} ` +
          '(Python raises the same ValueError). Pass max_new_tokens.'), { code: 'INVALID_ARGUMENT' });
      }
    }
    const limit = tokenizerMaxLength(this.tokenizer);
    if (limit === null || ids.length + newTokens <= limit) return ids;
    const keep = limit - newTokens;
    if (keep <= 0) {
      throw Object.assign(new Error(`text-generation: handle_long_generation 'hole' cannot cut the prompt${where === 'the input' ? '' : ` ${where}`}: ` +
        `${newTokens} new tokens leave no room in the tokenizer's model_max_length ${limit} (Python raises the same ValueError). Lower max_new_tokens.`),
      { code: 'INVALID_ARGUMENT' });
    }
    return ids.slice(ids.length - keep);
  }

  /**
   * A prompt longer than a learned position table (GPT-2's n_positions; 'hole' may have left it
   * so): transformers fails at its first step (IndexError). wasmpipe cuts it on the left as 'hole'
   * would with model_max_length at the table's size (the last size - new tokens tokens: Python's
   * ids for that cut) and says so in a warning. A prompt that fits is never cut: its ids are
   * Python's, and a generation that runs past the table fails at that step as in Python
   * (js/generation/positions.js).
   */
  _fitTable(ids, generation, resolved, where) {
    const table = learnedPositionTable(this.config, false);
    if (!table || ids.length <= table.size) return ids;
    const newTokens = generation.max_new_tokens ?? resolved.max_new_tokens ?? Math.max(0, (generation.max_length ?? resolved.max_length) - ids.length);
    const keep = table.size - newTokens;
    const prompt = `the prompt${where === 'the input' ? '' : ` ${where}`}`;
    if (keep <= 0) {
      throw Object.assign(new Error(`text-generation: ${prompt} has ${ids.length} tokens, more than the ${table.size} positions this model ` +
        `reads (config.json ${table.key}), and ${newTokens} new tokens leave no room to keep part of it: lower max_new_tokens.`), { code: 'INVALID_ARGUMENT' });
    }
    console.warn(`text-generation: ${prompt} has ${ids.length} tokens, more than the ${table.size} positions this model reads ` +
      `(config.json ${table.key}; transformers fails on it with an IndexError); it was cut on the left to its last ${keep} tokens, ` +
      `leaving room for ${newTokens} new tokens, as handle_long_generation: 'hole' does with model_max_length ${table.size}.`);
    return ids.slice(ids.length - keep);
  }

  async _one(item, pipelineOptions, generation, resolved, where) {
    const ids = this._promptIds(item, pipelineOptions, resolved, where, generation);
    const streamer = pipelineOptions.streamer;
    if (streamer) {
      if (resolved.num_beams > 1 || resolved.num_return_sequences > 1) {
        throw Object.assign(new Error('text-generation: a streamer needs one sequence (num_beams 1, num_return_sequences 1), as in transformers.'),
          { code: 'INVALID_ARGUMENT' });
      }
      streamer.put(ids);
    }
    const out = await this.generativeModel.generate(ids, {
      task: '', pipelineDefaults: DEFAULTS, options: generation, signal: pipelineOptions.signal,
      onStep: streamer ? (gen) => streamer.put(gen.nextTokens()) : null,
    });
    streamer?.end();
    return this._outputs(item, ids, out.sequences, pipelineOptions);
  }

  /** The pipeline's outputs for one input from its generated rows (prompt + new ids each). */
  _outputs(item, ids, sequences, pipelineOptions) {
    const chat = isChat(item);
    const decodeOptions = {
      skip_special_tokens: pipelineOptions.skip_special_tokens ?? true,
      clean_up_tokenization_spaces: pipelineOptions.clean_up_tokenization_spaces ?? true,
    };
    if (pipelineOptions.return_tensors) return sequences.map((s) => ({ generated_token_ids: Array.from(s) }));
    const promptText = this.tokenizer.decode(ids, decodeOptions);
    const fullText = pipelineOptions.return_full_text ?? true;
    return sequences.map((seq) => {
      const text = this.tokenizer.decode(seq, decodeOptions);
      const newText = text.slice(promptText.length);
      if (chat) {
        const last = item[item.length - 1];
        const messages = last.role === 'assistant'
          ? [...item.slice(0, -1), { ...last, content: last.content + newText }]
          : [...item, { role: 'assistant', content: newText }];
        return { generated_text: fullText ? messages : newText };
      }
      return { generated_text: fullText ? (typeof item === 'string' ? item : '') + newText : newText };
    });
  }
}
