// zero-shot-classification: one NLI pair (text, hypothesis) per candidate label, tokenized (C++,
// each text and each hypothesis once), run as one batch (ORT), scored from the entailment logits
// (C++), exactly as Python transformers' ZeroShotClassificationPipeline.
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, loadedCore, unwrap } from '../core.js';
import { checkOptions, floatFromBits, invalidArgument, textList } from './encoded-batch.js';
import { RunnerPool, modelInputs, records, checked, logitsBuffer, writeFloatsAt, writeTexts } from './task-io.js';
import { textFeeds } from '../backend/onnx.js';

const QUANTIZED = /^(q8|int8|uint8|q4|q4f16|bnb4)$/;
const WHAT = 'zero-shot-classification';

export class ZeroShotClassificationPipeline extends Pipeline {
  async dispose() {
    await this._queue;
    this._runners?.delete();
    this._runners = null;
    await super.dispose();
  }

  /**
   * classifier(texts, candidate_labels, { hypothesis_template, multi_label }) or
   * classifier(texts, { candidate_labels, hypothesis_template, multi_label }).
   * candidate_labels: an array, or one comma-separated string.
   * @returns {sequence, labels, scores} (labels best first), or an array of them.
   */
  async _call(texts, candidate_labels, options = {}) {
    if (candidate_labels && typeof candidate_labels === 'object' && !Array.isArray(candidate_labels)) {
      options = candidate_labels;
      candidate_labels = options.candidate_labels;
    }
    checkOptions('zero-shot-classification', options, ['candidate_labels', 'hypothesis_template', 'multi_label']);
    const { hypothesis_template = 'This example is {}.', multi_label = false } = options ?? {};
    const { batched, items } = textList('zero-shot-classification', texts);
    const core = loadedCore() ?? await getCore(); // no await hop once it is loaded
    let labels;
    if (typeof candidate_labels === 'string') {
      labels = JSON.parse(unwrap(core.zeroShotSplitLabels(candidate_labels), 'zero-shot-classification'));
    } else if (Array.isArray(candidate_labels) && candidate_labels.every((l) => typeof l === 'string')) {
      labels = candidate_labels;
    } else {
      throw new TypeError('zero-shot-classification: candidate_labels must be an array of strings or a comma-separated string.');
    }
    if (typeof hypothesis_template !== 'string') throw new TypeError('zero-shot-classification: hypothesis_template must be a string.');
    if (labels.length === 0 || items.length === 0 || items.some((t) => t.length === 0)) {
      // Python's message and rule (an empty text counts as no sequence).
      throw invalidArgument('zero-shot-classification: You must include at least one label and at least one sequence.');
    }
    // Every (text, hypothesis) pair, tokenized in C++ with each text and each hypothesis tokenized
    // once (the hypotheses are kept across calls that repeat the template and labels), comes back
    // as one right-padded [3][pairs][seq] int64 buffer (wasm/pipelines/zero_shot_inputs.h).
    const labelsJson = JSON.stringify(labels);
    this._runners ??= new RunnerPool(() => unwrap(core.ZeroShotRunner.create(this.tokenizer.handle, this.configText), WHAT));
    const entry = this._runners.take();
    try {
      const { runner, state } = entry;
      if (labelsJson !== state.labelsJson || hypothesis_template !== state.template) { // calls usually repeat them
        state.labelsJson = null;
        unwrap(runner.setLabels(hypothesis_template, labelsJson), WHAT);
        Object.assign(state, { labelsJson, template: hypothesis_template });
      }
      writeTexts(core, entry, items, WHAT);
      const seq = checked(entry, core._wasmpipe_zero_shot_encode(entry.at, items.length), WHAT);
      const rows = items.length * labels.length;
      const { input_ids, attention_mask, token_type_ids } = modelInputs(core, entry, rows, seq);
      // All pairs go in one batch, except for models with dynamically quantized activations (q8, q4,
      // ...): their activation scale is computed over the whole batch, so a pair's scores would depend
      // on its batch-mates (and on padding). Those run one unpadded pair at a time, as Python does.
      const perPair = QUANTIZED.test(this.dtype?.model ?? '');
      const batches = perPair ? Array.from({ length: rows }, (_, r) => [r, 1]) : [[0, rows]];
      // Each part's logits go straight into the runner's buffer, at its rows.
      let logitsAt = 0;
      let numClasses = 0;
      for (const [first, count] of batches) {
        const rowLength = perPair ? attention_mask.subarray(first * seq, (first + 1) * seq).indexOf(0n) : -1;
        const len = rowLength < 0 ? seq : rowLength; // right padding: the pair's own length
        const part = (data) => (perPair ? data.subarray(first * seq, first * seq + len) : data);
        const inputs = { input_ids: part(input_ids), attention_mask: part(attention_mask), token_type_ids: part(token_type_ids), dims: [count, perPair ? len : seq] };
        const outputs = await this.run('model', textFeeds(this.sessions.model, inputs));
        const out = outputs.logits;
        if (!out || out.dims.length !== 2) {
          throw new Error(`zero-shot-classification: the model returned no [batch, classes] 'logits' output (got ${Object.keys(outputs).join(', ')}).`);
        }
        if (logitsAt === 0) {
          numClasses = out.dims[1];
          logitsAt = logitsBuffer(core, entry, rows * numClasses, WHAT);
        }
        if (out.dims[0] !== count || out.dims[1] !== numClasses) {
          throw new Error(`zero-shot-classification: the model returned logits [${out.dims.join(', ')}] for ${count} pair(s), expected [${count}, ${numClasses}].`);
        }
        writeFloatsAt(core, logitsAt, first * numClasses, floatData(out, 'zero-shot-classification (logits)'));
      }
      const r = records(core, entry, core._wasmpipe_zero_shot_classify(entry.at, numClasses, multi_label ? 1 : 0), WHAT);
      // Per text, per label best first: [index into labels, score bits].
      const shaped = items.map((sequence, i) => {
        const at = 2 * i * labels.length;
        return {
          sequence,
          labels: Array.from({ length: labels.length }, (_, j) => labels[r[at + 2 * j]]),
          scores: Array.from({ length: labels.length }, (_, j) => floatFromBits(r[at + 2 * j + 1])),
        };
      });
      return batched ? shaped : shaped[0];
    } finally {
      this._runners.give(entry);
    }
  }
}
