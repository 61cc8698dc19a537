// token-classification / ner: tokenize (C++), run the model (ORT), label and aggregate tokens (C++)
// exactly as Python transformers' TokenClassificationPipeline (aggregation none / simple / first /
// average / max, ignore_labels, character offsets).
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, loadedCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';
import { checkOptions, floatFromBits, invalidArgument, textList } from './encoded-batch.js';
import { RunnerPool, checked, modelInputs, recordBytes, records, utf8Slicer, writeLogits, writeTexts } from './task-io.js';

const STRATEGIES = ['none', 'simple', 'first', 'average', 'max'];
// transformers' fast classes that refuse pre-tokenized input without add_prefix_space.
const BYTE_LEVEL_CLASSES = /^(GPT2|Roberta|Bart|Longformer|LED|Blenderbot|Mvp|Deberta)Tokenizer(Fast)?$/;

export class TokenClassificationPipeline extends Pipeline {
  async dispose() {
    await this._queue;
    this._runners?.delete();
    this._runners = null;
    await super.dispose();
  }

  /**
   * @param {string|string[]|string[][]} texts (lists of words with is_split_into_words)
   * @param {{ignore_labels?: string[], aggregation_strategy?: 'none'|'simple'|'first'|'average'|'max', stride?: number,
   *   is_split_into_words?: boolean, delimiter?: string, offset_mapping?: number[][]|number[][][]}} options
   *   offset_mapping: Python's, [start, end] per model input token used instead of the tokenizer's
   *   offsets (see _offsetMapping: every text uses the first text's list, as in transformers 4.57).
   *   stride: as Python's, texts longer than model_max_length are labelled in windows of that many
   *   tokens overlapping by `stride` tokens, each aggregated alone, and where the windows' entities
   *   overlap the longest (then the best scored) is kept. Without aggregation_strategy the windows
   *   use strategy none (`index` is then the token's position in its window); an explicit 'none' is
   *   refused, as in Python.
   * @returns entities ({entity, score, index, word, start, end}, or {entity_group, score, word,
   *   start, end} when aggregated); start/end are UTF-16 indices into the text (String#slice).
   */
  async _call(texts, options = {}) {
    checkOptions(this.task, options, ['ignore_labels', 'aggregation_strategy', 'stride', 'is_split_into_words', 'delimiter', 'offset_mapping']);
    const { ignore_labels = ['O'], aggregation_strategy = 'none', stride = null, is_split_into_words = false, delimiter = null,
      offset_mapping = null } = options ?? {};
    // Python's argument handler checks offset_mapping before the words are looked at.
    const offsets = this._offsetMapping(offset_mapping, texts, is_split_into_words);
    const words = is_split_into_words ? this._words(texts, delimiter) : null;
    const { batched, items } = words ?? textList(this.task, texts);
    // Case-insensitive, as Python's AggregationStrategy[name.upper()].
    const strategy = typeof aggregation_strategy === 'string' ? aggregation_strategy.toLowerCase() : aggregation_strategy ?? 'none';
    if (!STRATEGIES.includes(strategy)) {
      throw invalidArgument(`${this.task}: aggregation_strategy must be one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(aggregation_strategy)}.`);
    }
    const ignore = ignore_labels ?? ['O'];
    if (!Array.isArray(ignore) || ignore.some((l) => typeof l !== 'string')) {
      throw new TypeError(`${this.task}: ignore_labels must be an array of label names, e.g. ['O'].`);
    }
    const windowStride = this._stride(stride, options?.aggregation_strategy, strategy);
    if ((words?.counts ?? items).length === 0) return [];
    const core = loadedCore() ?? await getCore(); // no await hop once it is loaded
    this._runners ??= new RunnerPool(() => unwrap(core.TokenClassificationRunner.create(this.tokenizer.handle, this.configText), this.task));
    const entry = this._runners.take();
    try {
      const { runner, state } = entry;
      const ignoreJson = JSON.stringify(ignore);
      if (ignoreJson !== state.ignoreJson) { // most calls repeat the last list: it crosses once
        state.ignoreJson = null;
        unwrap(runner.setIgnoreLabels(ignoreJson), this.task);
        state.ignoreJson = ignoreJson;
      }
      if (words) unwrap(runner.setWords(JSON.stringify(words.counts), words.delimiter), this.task);
      writeTexts(core, entry, items, this.task);
      const seq = checked(entry, core._wasmpipe_ner_encode(entry.at, items.length, windowStride), this.task);
      const rows = core._wasmpipe_ner_rows(entry.at); // texts, or all their windows (stride)
      const outputs = await this.run('model', textFeeds(this.sessions.model, modelInputs(core, entry, rows, seq)));
      const logits = outputs.logits;
      if (!logits || logits.dims.length !== 3) {
        throw new Error(`${this.task}: the model returned no [batch, tokens, labels] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
      }
      writeLogits(core, entry, floatData(logits, `${this.task} (logits)`), this.task);
      if (offsets !== null) unwrap(runner.setOffsetMapping(offsets), this.task); // for the next classify only
      const count = checked(entry, core._wasmpipe_ner_classify(entry.at, logits.dims[1], logits.dims[2], STRATEGIES.indexOf(strategy)), this.task);
      // Labels are indices into the runner's label table, fetched when it grew (before the views
      // below are taken: the call allocates in wasm memory).
      const tableSize = core.HEAPU32[core._wasmpipe_task_records(entry.io) >>> 2];
      if (tableSize !== state.labels?.length) state.labels = JSON.parse(runner.labelTable());
      const r = records(core, entry, count, this.task);
      // Per text: its entity count, then [label, word offset, word bytes, start, end, score bits,
      // index] each, given Python's keys in Python's order. Words are stored one after another.
      let wordBytes = 0;
      for (let at = 1; at < count;) {
        for (let n = r[at++]; n > 0; n--, at += 7) wordBytes = r[at + 1] + r[at + 2];
      }
      const wordAt = utf8Slicer(core, recordBytes(core, entry), wordBytes);
      const results = [];
      for (let at = 1; at < count;) {
        const entities = [];
        for (let n = r[at++]; n > 0; n--, at += 7) {
          const label = state.labels[r[at]], word = wordAt(r[at + 1], r[at + 2]), score = floatFromBits(r[at + 5]);
          entities.push(strategy === 'none'
            ? { entity: label, score, index: r[at + 6], word, start: r[at + 3], end: r[at + 4] }
            : { entity_group: label, score, word, start: r[at + 3], end: r[at + 4] });
        }
        results.push(entities);
      }
      return batched ? results : results[0];
    } finally {
      this._runners.give(entry);
    }
  }

  // is_split_into_words (Python's): a list of words is one text (its result still comes in a list),
  // a list of such lists a batch; each text is its words joined by `delimiter` (default ' '), and
  // start/end index that text. Returns {batched, items: every word, counts: words per text, delimiter}.
  _words(inputs, delimiter) {
    if (delimiter !== null && typeof delimiter !== 'string') throw new TypeError(`${this.task}: delimiter must be a string, got ${typeof delimiter}.`);
    if (!Array.isArray(inputs) || inputs.length === 0) {
      if (Array.isArray(inputs)) throw invalidArgument(`${this.task}: At least one input is required.`);
      throw invalidArgument(`${this.task}: When \`is_split_into_words=True\`, \`sentence\` must be a list of tokens.`);
    }
    const texts = inputs.every((t) => Array.isArray(t)) ? inputs : [inputs];
    const items = [];
    const counts = texts.map((words, i) => {
      if (!Array.isArray(words)) throw invalidArgument(`${this.task}: When \`is_split_into_words=True\`, \`sentence\` must be a list of tokens (inputs[${i}]).`);
      words.forEach((w, j) => {
        if (typeof w !== 'string') throw new TypeError(`${this.task}: word ${j} of text ${i} must be a string, got ${w === null ? 'null' : typeof w}.`);
        items.push(w);
      });
      return words.length;
    });
    const cls = this.tokenizer.config?.tokenizer_class ?? '';
    // Python's byte-level BPE classes assert this (their words would be encoded without the space).
    if (BYTE_LEVEL_CLASSES.test(cls) && this.tokenizer.config?.add_prefix_space !== true) {
      throw invalidArgument(`${this.task}: You need to instantiate ${cls.replace(/(Fast)?$/, 'Fast')} with add_prefix_space=True to use it with pretokenized inputs.`);
    }
    return { batched: true, items, counts, delimiter: delimiter ?? ' ' };
  }

  // Python's offset_mapping (for tokenizers without offsets of their own; any tokenizer here): the
  // (start, end) of each token of the model input, special tokens included, used instead of the
  // tokenizer's. As in transformers 4.57: one text's list of [start, end] pairs (Python's list of
  // tuples) or a list with one list per text, which must match the number of inputs; then EVERY
  // text and every stride window uses the first text's list (preprocess hands the whole list to
  // each, postprocess reads [0]), token i taking entry i. Returns that list as JSON, or null.
  // Offsets are UTF-16 units, as start/end are; spans past the text are reported as given.
  // is_split_into_words: entries are relative to the token's word (Python adds the word's start);
  // the number of inputs is Python's len(inputs) (the words of a single list), and a single list
  // of words reads entry [0] of offset_mapping as given (Python re-calls itself with the original).
  _offsetMapping(offsetMapping, inputs, splitIntoWords) {
    if (offsetMapping === null || offsetMapping === undefined) return null;
    if (!Array.isArray(offsetMapping)) {
      throw new TypeError(`${this.task}: offset_mapping must be an array of [start, end] pairs (or one such array per text).`);
    }
    if (offsetMapping.length === 0) throw invalidArgument(`${this.task}: offset_mapping is empty: give a [start, end] pair per token.`);
    const pair = (p) => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number');
    const perText = pair(offsetMapping[0]) ? [offsetMapping] : offsetMapping;
    const count = Array.isArray(inputs) ? inputs.length : 1;
    if (perText.length !== count) {
      throw invalidArgument(`${this.task}: offset_mapping should have the same batch size as the input (${perText.length} lists of offsets for ${count} inputs).`);
    }
    const singleWordList = splitIntoWords && Array.isArray(inputs) && !inputs.every((t) => Array.isArray(t));
    const first = singleWordList ? offsetMapping[0] : perText[0];
    if (!Array.isArray(first)) throw invalidArgument(`${this.task}: offset_mapping[0] must be an array of [start, end] pairs.`);
    return JSON.stringify(first);
  }

  // Python's checks of `stride`, in its order (an int below model_max_length, no explicit strategy
  // "none"); the C++ tokenizer refuses one >= what a window keeps. Returns -1 without a stride.
  _stride(stride, givenStrategy, strategy) {
    if (stride === null || stride === undefined) return -1;
    if (typeof stride !== 'number' || !Number.isInteger(stride)) {
      throw new TypeError(`${this.task}: stride must be an integer number of tokens, got ${JSON.stringify(stride)}.`);
    }
    if (stride < 0) throw invalidArgument(`${this.task}: stride must be >= 0, got ${stride}.`);
    const max = this.tokenizer.model_max_length;
    if (stride > 0x7fffffff || (typeof max === 'number' && stride >= max)) {
      throw invalidArgument(`${this.task}: \`stride\` (${stride}) must be less than \`tokenizer.model_max_length\` (${max}, or even lower if the tokenizer adds special tokens).`);
    }
    if (givenStrategy !== undefined && givenStrategy !== null && strategy === 'none') {
      throw invalidArgument(`${this.task}: \`stride\` was provided to process all the text but \`aggregation_strategy="none"\`, please select another one instead (simple, first, average or max).`);
    }
    return stride;
  }
}
