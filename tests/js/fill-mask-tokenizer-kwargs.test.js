// fill-mask `tokenizer_kwargs` (truncation, max_length) against Python transformers' FillMaskPipeline
// on the committed tiny fill-mask models (WordPiece, byte-level BPE, SentencePiece Unigram): an
// input far longer than the model takes, short ones, a batch, and Python's errors
// (tests/fixtures/generate_token_options.py -> expected/fill-mask-options.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const REF = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/fill-mask-options.json'), 'utf8'));

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

function assertClose(got, want, where) {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got) && got.length === want.length, `${where}: ${JSON.stringify(got)?.slice(0, 200)} vs ${JSON.stringify(want).slice(0, 200)}`);
    want.forEach((w, i) => assertClose(got[i], w, `${where}[${i}]`));
  } else if (want && typeof want === 'object') {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) assertClose(got[k], want[k], `${where}.${k}`);
  } else if (typeof want === 'number' && !Number.isInteger(want)) {
    assert.ok(Math.abs(got - want) <= 1e-5 + 1e-4 * Math.abs(want), `${where}: ${got} vs ${want}`);
  } else {
    assert.equal(got, want, where);
  }
}

for (const [name, m] of Object.entries(REF.models)) {
  test(`fill-mask ${name}: tokenizer_kwargs truncation equals Python transformers (fp32)`, async () => {
    const fill = await pipeline('fill-mask', m.repo_id, { dtype: 'fp32' });
    try {
      const r = m.tokenizer_kwargs;
      const long = r.texts.find((t) => t.key === 'long');
      assert.ok(long.tokens > m.model_max_length, 'the long input only works truncated');
      let results = 0;
      for (const t of r.texts) {
        for (const { options, result, error } of t.outputs) {
          const where = `${t.key} ${JSON.stringify(options)}`;
          if (error) {
            await assert.rejects(fill(t.text, options), (e) => e.code === 'INVALID_ARGUMENT', `${where} (Python: ${error.type}: ${error.message.slice(0, 80)})`);
          } else {
            assertClose(await fill(t.text, options), result, where);
            results++;
          }
        }
      }
      assert.ok(results >= 15, `${results} successful calls compared`);
      assertClose(await fill(r.batch.inputs, r.batch.options), r.batch.result, 'batch');
      // Python's errors (no mask left, no second sequence, too long untruncated); still usable after.
      for (const [key, { options, error }] of Object.entries(r.errors)) {
        assert.ok(error, `${key}: Python refused it`);
        await assert.rejects(fill(long.text, options), (e) => e.code === 'INVALID_ARGUMENT', `${key} (Python: ${error.type}: ${error.message.slice(0, 80)})`);
      }
      await assert.rejects(fill(long.text, { tokenizer_kwargs: { padding: true } }), (e) => e.code === 'NOT_IMPLEMENTED');
      const first = long.outputs.find((o) => o.result);
      assertClose(await fill(long.text, first.options), first.result, 'after errors');
    } finally {
      await fill.dispose();
    }
  });
}
