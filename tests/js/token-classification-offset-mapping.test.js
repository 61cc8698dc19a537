// token-classification `offset_mapping` (Python's call option: the (start, end) of each model input
// token, used instead of the tokenizer's offsets) against Python transformers 4.57 on the committed
// tiny NER models (WordPiece, byte-level BPE, Unigram): the tokenizer's own offsets, whole-word
// spans, shifted spans (start/end, is_subword, words of aggregated entities change), non-ASCII text,
// one text's list wrapped in a list, a batch (every text uses the first text's list, as Python's
// pipeline hands it), stride windows, is_split_into_words (entries relative to each word), and Python's errors (batch size, empty, too short, malformed),
// after which the pipeline still works (tests/fixtures/generate_token_offset_mapping.py ->
// expected/token-classification-offset-mapping.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { assertEntities } from './helpers/ner-options.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const REF = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/token-classification-offset-mapping.json'), 'utf8'));

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

/** Python str index (code points) -> JS string index (UTF-16 units); past the end, one unit each
 * (offsets the user gave past the text are reported as given). */
function utf16(text, cp) {
  const chars = Array.from(text);
  return chars.slice(0, cp).join('').length + Math.max(0, cp - chars.length);
}

/** The recorded rows (meta.row_keys) as Python's entity objects, offsets in UTF-16 units. */
function nerWant(text, rows) {
  return rows.map((row) => {
    const keys = REF.meta.row_keys[row.length === 6 ? 'none' : 'grouped'];
    const e = Object.fromEntries(keys.map((k, i) => [k, row[i]]));
    return { ...e, start: utf16(text, e.start), end: utf16(text, e.end) };
  });
}

// The recorded offset_mapping (code points into the text it was made for; every text of a call
// uses the first list, so the first text converts them) in UTF-16 units; other shapes as they are.
function ourOffsets(inputs, mapping, words) {
  if (words) return mapping;  // relative to (BMP-only) words: code points are UTF-16 units
  const first = Array.isArray(inputs) ? inputs[0] : inputs;
  const isPair = (p) => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number');
  const convert = (list) => list.map((p) => (isPair(p) ? [utf16(first, p[0]), utf16(first, p[1])] : p));
  if (!Array.isArray(mapping) || mapping.length === 0) return mapping;
  return isPair(mapping[0]) ? convert(mapping) : mapping.map((list) => (Array.isArray(list) ? convert(list) : list));
}

for (const [name, m] of Object.entries(REF.models)) {
  test(`ner ${name}: offset_mapping equals Python transformers (fp32)`, async () => {
    const ner = await pipeline('token-classification', m.repo_id, { dtype: 'fp32' });
    try {
      let compared = 0;
      for (const c of m.cases) {
        const where = `${c.name} ${JSON.stringify(c.options)}`;
        const words = c.options.is_split_into_words === true;
        const options = { ...c.options, offset_mapping: ourOffsets(c.inputs, c.offset_mapping, words) };
        if (c.error) {
          await assert.rejects(ner(c.inputs, options), (e) => e instanceof Error && e.code === 'INVALID_ARGUMENT' && e.message.length > 20,
            `${where} (Python: ${c.error.type}: ${c.error.message})`);
          assert.ok(Array.isArray(await ner(REF.models[name].cases[0].inputs)), `${where}: works after the error`);
          continue;
        }
        const got = await ner(c.inputs, options);
        if (words) {  // one result per list of words (a single list: a list of one result, as Python)
          const texts = c.inputs.every((t) => Array.isArray(t)) ? c.inputs : [c.inputs];
          assert.equal(got.length, texts.length, `${where}: one result per text`);
          got.forEach((g, i) => assertEntities(g, nerWant(texts[i].join(' '), c.rows[i]), `${where} [${i}]`));
        } else if (Array.isArray(c.inputs)) {
          assert.equal(got.length, c.inputs.length, `${where}: one result per text`);
          got.forEach((g, i) => assertEntities(g, nerWant(c.inputs[i], c.rows[i]), `${where} [${i}]`));
        } else {
          assertEntities(got, nerWant(c.inputs, c.rows), where);
        }
        compared++;
      }
      assert.ok(compared >= 18, `${compared} calls compared`);
    } finally {
      await ner.dispose();
    }
  });
}

test('offset_mapping: a bad shape (TypeError), bad entries; spans past the text kept as given', async () => {
  const ner = await pipeline('token-classification', REF.models['ner-bert'].repo_id, { dtype: 'fp32' });
  try {
    const text = 'My name is Wolfgang.';
    await assert.rejects(ner(text, { offset_mapping: 'no' }), TypeError);
    const spans = Array.from({ length: 12 }, () => [0, 2]);
    spans[2] = [3, -1];
    await assert.rejects(ner(text, { offset_mapping: spans }), (e) => e.code === 'INVALID_ARGUMENT' && /offset_mapping\[2\]/.test(e.message));
    spans[2] = [1.5, 2];
    await assert.rejects(ner(text, { offset_mapping: spans }), (e) => e.code === 'INVALID_ARGUMENT' && /offset_mapping\[2\]/.test(e.message));
    await assert.rejects(ner('a 👍 b', { offset_mapping: [[0, 0], [0, 1], [2, 3], [0, 0]] }),  // 3: inside the surrogate pair
      (e) => e.code === 'INVALID_ARGUMENT' && /surrogate/.test(e.message));
    // Entries of special tokens are never read (Python only reads the others): [SEP]'s may be anything;
    // a span past the end or reversed is reported as given (Python slices it to '').
    spans[2] = [30, 40];
    spans[3] = [7, 3];
    const n = ner.tokenizer(text, { return_tensor: false }).input_ids.length;
    spans[n - 1] = null;  // [SEP]'s
    const got = await ner(text, { offset_mapping: spans, aggregation_strategy: 'none', ignore_labels: [] });
    assert.deepEqual(got.find((e) => e.index === 2) && [got.find((e) => e.index === 2).start, got.find((e) => e.index === 2).end], [30, 40]);
    assert.deepEqual([got.find((e) => e.index === 3).start, got.find((e) => e.index === 3).end], [7, 3]);
    // The next call without offset_mapping uses the tokenizer's offsets again.
    const own = await ner(text);
    assert.deepEqual(own.map((e) => text.slice(e.start, e.end).toLowerCase().replace(/^#+/, '')), own.map((e) => e.word.toLowerCase().replace(/^#+/, '')));
  } finally {
    await ner.dispose();
  }
});
