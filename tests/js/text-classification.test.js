// text-classification on the generated tiny models, loaded through the local Hub server, against
// the outputs Python transformers recorded (tests/fixtures/generate.py): tokenizer ids, pipeline
// scores (fp32, within 1e-5), pairs, batches, and the quantized model against Python onnxruntime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline, AutoTokenizer } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/text-classification.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

function assertScores(got, want, tol, where) {
  assert.equal(got.length, want.length, `${where}: number of labels`);
  got.forEach((g, i) => {
    assert.equal(g.label, want[i].label, `${where}: label #${i} (${JSON.stringify(got)} vs ${JSON.stringify(want)})`);
    assert.ok(Math.abs(g.score - want[i].score) <= tol, `${where}: ${g.label} score ${g.score} vs ${want[i].score}`);
  });
}

for (const [name, m] of Object.entries(expected.models)) {
  const id = m.repo_id;

  test(`${name}: tokenizer ids equal Python transformers`, async () => {
    const tok = await AutoTokenizer.from_pretrained(id);
    try {
      for (const s of m.single) {
        const enc = tok(s.text, { truncation: true, return_tensor: false });
        assert.deepEqual(enc.input_ids, s.input_ids, `input_ids of ${JSON.stringify(s.text.slice(0, 60))}`);
        assert.deepEqual(enc.attention_mask, s.attention_mask);
        if (s.token_type_ids) assert.deepEqual(enc.token_type_ids, s.token_type_ids);
      }
      for (const p of m.pairs) {
        const enc = tok(p.text, { text_pair: p.text_pair, truncation: true, return_tensor: false });
        assert.deepEqual(enc.input_ids, p.input_ids, `pair ids of ${p.text}`);
        if (p.token_type_ids) assert.deepEqual(enc.token_type_ids, p.token_type_ids);
      }
    } finally {
      tok.dispose();
    }
  });

  test(`${name}: fp32 pipeline equals Python transformers within 1e-5`, async () => {
    const classify = await pipeline('text-classification', id, { dtype: 'fp32' });
    try {
      for (const s of m.single) {
        const where = JSON.stringify(s.text.slice(0, 40));
        assertScores(await classify(s.text, { top_k: null }), s.pipeline.top_k_none, 1e-5, where);
        assertScores(await classify(s.text), s.pipeline.default, 1e-5, `${where} (top_k default)`);
      }
      for (const p of m.pairs) {
        assertScores(await classify({ text: p.text, text_pair: p.text_pair }, { top_k: null }), p.pipeline.top_k_none, 1e-5, `pair ${p.text}`);
      }
      const batch = await classify(m.batch.inputs, { top_k: null });
      assert.equal(batch.length, m.batch.inputs.length);
      batch.forEach((r, i) => assertScores(r, m.batch.pipeline.top_k_none[i], 1e-5, `batch[${i}]`));
      // top_k = 2 keeps the two best, in order.
      const two = await classify(m.single[0].text, { top_k: 2 });
      assertScores(two, m.single[0].pipeline.top_k_none.slice(0, 2), 1e-5, 'top_k 2');
    } finally {
      await classify.dispose();
    }
  });

  test(`${name}: q8 (model_quantized.onnx) equals Python onnxruntime on the same file`, async () => {
    const classify = await pipeline('sentiment-analysis', id, { dtype: 'q8' });
    try {
      assert.equal(classify.dtype.model, 'q8');
      for (const s of m.single) {
        const got = await classify(s.text, { top_k: null });
        const labels = Object.values(m.id2label);
        for (const g of got) {
          const want = s.onnx.quantized.scores[labels.indexOf(g.label)];
          assert.ok(Math.abs(g.score - want) < 1e-4, `${JSON.stringify(s.text.slice(0, 40))}: ${g.label} ${g.score} vs ${want}`);
        }
      }
    } finally {
      await classify.dispose();
    }
  });
}

test('default dtype on wasm is q8, like transformers.js', async () => {
  const classify = await pipeline('text-classification', 'wasmpipe-test/tiny-bert-sst2');
  try {
    assert.equal(classify.dtype.model, 'q8');
  } finally {
    await classify.dispose();
  }
});
