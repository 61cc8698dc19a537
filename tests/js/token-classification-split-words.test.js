// token-classification `is_split_into_words` (and `delimiter`): lists of words encoded as
// pre-tokenized input, entities' start/end in the words joined by the delimiter, against Python
// transformers' TokenClassificationPipeline on the committed tiny NER models: WordPiece and Unigram
// (byte-level RoBERTa without add_prefix_space is refused, as Python asserts), strategies, stride,
// a batch, errors (tests/fixtures/generate_token_options.py -> expected/token-classification-options.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline } from '../../js/index.js';
import { REF, assertEntities as assertClose, matchesPythonError as matches, nerWant } from './helpers/ner-options.js';
import { useLocalHub } from './helpers/server.js';

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

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
