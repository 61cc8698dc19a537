// token-classification / ner: tokenize (C++), run the model (ORT), label and aggregate tokens (C++)
// exactly as Python transformers' TokenClassificationPipeline (aggregation none / simple / first /
// average / max, ignore_labels, character offsets).
import { Pipeline } from './base.js';
import { unwrap } from '../core.js';
import { checkOptions, floatFromBits, invalidArgument, parseCoreJson, runEncoded, textList } from './encoded-batch.js';

const STRATEGIES = ['none', 'simple', 'first', 'average', 'max'];

export class TokenClassificationPipeline extends Pipeline {
  async dispose() {
    this._classifier?.delete();
    this._classifier = null;
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
    const results = await runEncoded(this, items, null, 'longest_first', (batch, outputs, handle, core) => {
      const logits = outputs.logits;
      if (!logits || logits.dims.length !== 3) {
        throw new Error(`${this.task}: the model returned no [batch, tokens, labels] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
      }
      const [, seq, numLabels] = logits.dims;
      if (this._classifier?.numLabels() !== numLabels) {
        this._classifier?.delete();
        this._classifier = unwrap(core.TokenClassifier.create(this.configText, numLabels), this.task);
      }
      const rows = parseCoreJson(unwrap(this._classifier.classify(handle, batch, logits.data, seq, strategy, JSON.stringify(ignore)), this.task));
      // [label, word, start, end, score bits, index?] -> Python's keys, in Python's order.
      return rows.map((entities) => entities.map(strategy === 'none'
        ? ([entity, word, start, end, bits, index]) => ({ entity, score: floatFromBits(bits), index, word, start, end })
        : ([entity_group, word, start, end, bits]) => ({ entity_group, score: floatFromBits(bits), word, start, end })));
    });
    return batched ? results : results[0];
  }
}
