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

export class TokenClassificationPipeline extends Pipeline {
  async dispose() {
    await this._queue;
    this._runners?.delete();
    this._runners = null;
    await super.dispose();
  }

  /**
   * @param {string|string[]} texts
   * @param {{ignore_labels?: string[], aggregation_strategy?: 'none'|'simple'|'first'|'average'|'max'}} options
   * @returns entities ({entity, score, index, word, start, end}, or {entity_group, score, word,
   *   start, end} when aggregated); start/end are UTF-16 indices into the text (String#slice).
   */
  async _call(texts, options = {}) {
    checkOptions(this.task, options, ['ignore_labels', 'aggregation_strategy'], ['stride', 'is_split_into_words', 'offset_mapping', 'delimiter']);
    const { ignore_labels = ['O'], aggregation_strategy = 'none' } = options ?? {};
    const { batched, items } = textList(this.task, texts);
    // Case-insensitive, as Python's AggregationStrategy[name.upper()].
    const strategy = typeof aggregation_strategy === 'string' ? aggregation_strategy.toLowerCase() : aggregation_strategy ?? 'none';
    if (!STRATEGIES.includes(strategy)) {
      throw invalidArgument(`${this.task}: aggregation_strategy must be one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(aggregation_strategy)}.`);
    }
    const ignore = ignore_labels ?? ['O'];
    if (!Array.isArray(ignore) || ignore.some((l) => typeof l !== 'string')) {
      throw new TypeError(`${this.task}: ignore_labels must be an array of label names, e.g. ['O'].`);
    }
    if (items.length === 0) return [];
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
      writeTexts(core, entry, items, this.task);
      const seq = checked(entry, core._wasmpipe_ner_encode(entry.at, items.length), this.task);
      const outputs = await this.run('model', textFeeds(this.sessions.model, modelInputs(core, entry, items.length, seq)));
      const logits = outputs.logits;
      if (!logits || logits.dims.length !== 3) {
        throw new Error(`${this.task}: the model returned no [batch, tokens, labels] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
      }
      writeLogits(core, entry, floatData(logits, `${this.task} (logits)`), this.task);
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
}
