// token-classification `is_split_into_words` (and `delimiter`): lists of words encoded as
// pre-tokenized input, entities' start/end in the words joined by the delimiter, against Python
// transformers' TokenClassificationPipeline on the committed tiny NER models: WordPiece and Unigram
// (byte-level RoBERTa without add_prefix_space is refused, as Python asserts), strategies, stride,
// a batch, errors (tests/fixtures/generate_token_options.py -> expected/token-classification-options.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const REF = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/token-classification-options.json'), 'utf8'));

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

const utf16 = (text, cp) => Array.from(text).slice(0, cp).join('').length;
function nerWant(text, rows) {
  return rows.map((row) => {
    const keys = REF.meta.row_keys[row.length === 6 ? 'none' : 'grouped'];
    const e = Object.fromEntries(keys.map((k, i) => [k, row[i]]));
    return { ...e, start: utf16(text, e.start), end: utf16(text, e.end) };
  });
}
function assertClose(got, want, where) {
  assert.equal(got.length, want.length, `${where}: ${got.length} entities, Python ${want.length}`);
  want.forEach((w, i) => {
    const g = got[i];
    assert.deepEqual(Object.keys(g).sort(), Object.keys(w).sort(), `${where}[${i}] keys`);
    for (const k of Object.keys(w)) {
      if (k === 'score') assert.ok(Math.abs(g.score - w.score) <= 1e-5 + 1e-4 * Math.abs(w.score), `${where}[${i}].score ${g.score} vs ${w.score}`);
      else assert.equal(g[k], w[k], `${where}[${i}].${k}`);
    }
  });
}
const matches = (pyType) => (e) => (pyType === 'TypeError' ? e instanceof TypeError : e.code === 'INVALID_ARGUMENT');

for (const [name, m] of Object.entries(REF.models)) {
  test(`ner ${name}: is_split_into_words equals Python transformers (fp32)`, async () => {
    const ner = await pipeline('token-classification', m.repo_id, { dtype: 'fp32' });
    try {
      const r = m.is_split_into_words;
      let compared = 0;
      for (const t of r.texts) {
        for (const { options, rows, error } of t.outputs) {
          const where = `${t.key} ${JSON.stringify(options)}`;
          if (error) {
            await assert.rejects(ner(t.words, options), matches(error.type), `${where} (Python: ${error.type}: ${error.message.slice(0, 80)})`);
            continue;
          }
          const text = t.words.join(options.delimiter ?? ' ');
          const got = await ner(t.words, options);
          assert.equal(got.length, rows.length, `${where}: one result per text`);
          got.forEach((g, i) => assertClose(g, nerWant(text, rows[i]), where));
          compared++;
        }
      }
      const b = r.batch;
      if (b.error) {
        await assert.rejects(ner(b.inputs, b.options), matches(b.error.type));
      } else {
        const got = await ner(b.inputs, b.options);
        assert.equal(got.length, b.inputs.length);
        got.forEach((g, i) => assertClose(g, nerWant(b.inputs[i].join(' '), b.rows[i]), `batch[${i}]`));
      }
      for (const [key, { inputs, error }] of Object.entries(r.errors)) {
        assert.ok(error, `${key}: Python refused it`);
        await assert.rejects(ner(inputs, { is_split_into_words: true }), matches(error.type), `${key} (Python: ${error.type}: ${error.message})`);
      }
      if (name !== 'ner-roberta') assert.ok(compared >= 7, `${compared} calls compared`);
    } finally {
      await ner.dispose();
    }
  });
}
