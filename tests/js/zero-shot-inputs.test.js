// zero-shot-classification's model inputs, as the pipeline gets them from its ZeroShotRunner
// (wasm/bindings/token_tasks_io.cpp over wasm/pipelines/zero_shot_inputs.h: each text and each
// hypothesis tokenized once, the pairs written into one padded buffer) against HF's Rust
// `tokenizers` encoding every (text, hypothesis) pair on its own with Python's zero-shot
// truncation: only_first at model_max_length, and none for a pair whose hypothesis alone leaves
// no room (Python retries without truncation when tokenizers says "too short").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { AutoTokenizer } from '../../js/index.js';
import { getCore } from '../../js/core.js';
import { checked, modelInputs, writeTexts } from '../../js/pipelines/task-io.js';
import { MODEL_FIXTURES } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';
import { sharedPathOf } from '../server/shared-files.js';
import { longText } from './helpers/qa-fixtures.js';

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

const TEXTS = [
  'I have a problem with my iphone that needs to be resolved asap!!',
  longText(700), // beyond 512 tokens: the text is cut, the hypothesis kept whole
  'Café crème brûlée à la française 👍🏽',
];
const LABELS = ['urgent', 'not urgent', 'phone', longText(520), 'Ünïcödé, naïve'];
const TEMPLATE = 'This example is {}.';

/** Rust's encoding of one pair as Python's zero-shot tokenizes it. */
async function pythonPair(rust, plain, text, hypothesis) {
  try {
    return await rust.encode(text, hypothesis, { addSpecialTokens: true });
  } catch (e) {
    assert.match(String(e), /too short/, `${String(e)}`);
    return plain.encode(text, hypothesis, { addSpecialTokens: true });
  }
}

for (const name of ['zero-shot-bert-nli', 'zero-shot-roberta-nli']) {
  test(`${name}: all (text, hypothesis) pairs equal HF Rust tokenizers with only_first truncation, padded on the right`, async () => {
    const core = await getCore();
    const tok = await AutoTokenizer.from_pretrained(`wasmpipe-test/${name}`);
    // The repo's tokenizer.json may be served from ../shared/fixtures (shared-files.json).
    const repoDir = path.join(MODEL_FIXTURES, 'wasmpipe-test', name);
    const file = sharedPathOf(repoDir, 'tokenizer.json') ?? path.join(repoDir, 'tokenizer.json');
    const rust = tk.Tokenizer.fromFile(file);
    rust.setTruncation(tok.model_max_length, { strategy: 'OnlyFirst' });
    const plain = tk.Tokenizer.fromFile(file);
    plain.disableTruncation();
    const config = fs.readFileSync(path.join(repoDir, 'config.json'), 'utf8');
    const runner = core.ZeroShotRunner.create(tok.handle, config);
    assert.ok(!(runner instanceof Error), String(runner?.message));
    const task = { runner, at: runner.address(), io: runner.io() }; // a RunnerPool entry
    // The pipeline's calls (js/pipelines/zero-shot-classification.js): labels, texts, then the inputs.
    const encode = (texts, template, labels) => {
      const set = runner.setLabels(template, JSON.stringify(labels));
      if (set instanceof Error) return set;
      writeTexts(core, task, texts, 'test');
      const seq = checked(task, core._wasmpipe_zero_shot_encode(task.at, texts.length), 'test');
      const rows = texts.length * labels.length;
      const { input_ids, attention_mask, token_type_ids } = modelInputs(core, task, rows, seq);
      return { rows, seq, parts: [input_ids, attention_mask, token_type_ids] };
    };
    try {
      assert.equal(tok.model_max_length, 512);
      for (const [texts, labels] of [[TEXTS, LABELS], [TEXTS.slice(0, 1), LABELS.slice(0, 2)], [TEXTS.slice(1), LABELS]]) {
        const got = encode(texts, TEMPLATE, labels);
        assert.ok(!(got instanceof Error), String(got?.message));
        const want = [];
        for (const text of texts) {
          for (const label of labels) want.push(await pythonPair(rust, plain, text, TEMPLATE.replace('{}', label)));
        }
        const rows = want.length;
        const seq = Math.max(...want.map((e) => e.getLength()));
        assert.deepEqual([got.rows, got.seq], [rows, seq], 'inputs [3][pairs][longest]');
        const padId = tok.pad_token_id;
        want.forEach((e, r) => {
          const row = (k) => Array.from(got.parts[k].subarray(r * seq, (r + 1) * seq), Number);
          const pad = (a, v) => [...a, ...Array(seq - a.length).fill(v)];
          assert.deepEqual(row(0), pad(e.getIds(), padId), `pair ${r}: input_ids`);
          assert.deepEqual(row(1), pad(e.getAttentionMask(), 0), `pair ${r}: attention_mask`);
          assert.deepEqual(row(2), pad(e.getTypeIds(), 0), `pair ${r}: token_type_ids`);
        });
        if (texts === TEXTS) assert.ok(want.some((e) => e.getLength() === 512) && want.some((e) => e.getLength() > 512), 'truncated and untruncated pairs');
      }
      // Bad input: a clear error, and the next call works.
      const err = encode(TEXTS, 'No slot here.', LABELS);
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.match(err.message, /hypothesis_template/);
      const notList = runner.setLabels(TEMPLATE, '{"not": "a list"}');
      assert.equal(notList.code, 'INVALID_ARGUMENT');
      assert.match(notList.message, /candidate_labels/);
      assert.throws(() => checked(task, core._wasmpipe_zero_shot_encode(task.at, 1 << 20), 'test'), { code: 'INTERNAL' }, 'more texts than the input buffer holds');
      const again = encode(TEXTS.slice(0, 1), TEMPLATE, LABELS.slice(0, 2));
      assert.deepEqual([again.rows, again.seq], [2, Math.max(...(await Promise.all(LABELS.slice(0, 2).map((l) => pythonPair(rust, plain, TEXTS[0], TEMPLATE.replace('{}', l))))).map((e) => e.getLength()))]);
    } finally {
      runner.delete();
      tok.dispose();
    }
  });
}
