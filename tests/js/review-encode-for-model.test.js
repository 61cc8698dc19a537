// Review of the ids-only encode path (wasm/tokenizer/encode_ids.cpp) where the other tests do not
// reach it: encodeForModel (the model-input fast path of tokenizer() and the pipelines) WITH
// truncation, on every tokenizer.json of the shared fixtures, against HF's Rust `tokenizers` (npm
// binding 0.23.2: setTruncation + setPadding + encodeBatch). Singles and pairs, right and left
// padding, max_length values below and above the inputs' lengths, texts with the fixture's own
// added tokens glued to words (their early-exit split counts differ from model splits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const INVALID = new Set(['meta-llama__Llama-2-7b-hf']);  // Rust rejects it too (tokenizer-fixtures.test.js)
const fixtures = readdirSync(TOKENIZER_FIXTURES).sort()
  .filter((d) => existsSync(path.join(TOKENIZER_FIXTURES, d, 'tokenizer.json')) && !INVALID.has(d));
const paragraphs = corpusParagraphs();
const pick = (k, chars) => Array.from(paragraphs[(k * 7919) % paragraphs.length].toWellFormed()).slice(0, chars).join('');

function textsFor(json) {
  const added = (json.added_tokens ?? []).map((t) => t.content).slice(0, 4);
  const glued = added.map((t, i) => `${pick(i, 20)}${t}${pick(i + 1, 30)} ${t}`);
  const singles = [pick(1, 300), pick(2, 60), 'a', ' ', ...glued, pick(3, 120)];
  const seconds = [pick(4, 90), pick(5, 250), ...glued.slice().reverse(), 'b', '  ', pick(6, 40)];
  return { singles, pairs: singles.map((s, i) => [s, seconds[i % seconds.length]]) };
}

for (const name of fixtures) {
  test(`${name}: encodeForModel with truncation (ids-only path) equals Rust's truncated, padded batch`, async () => {
    const file = path.join(TOKENIZER_FIXTURES, name, 'tokenizer.json');
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text);
    const cfgFile = path.join(TOKENIZER_FIXTURES, name, 'tokenizer_config.json');
    const ours = await PreTrainedTokenizer.from_json(text, existsSync(cfgFile) ? JSON.parse(readFileSync(cfgFile, 'utf8')) : {});
    const { singles, pairs } = textsFor(json);
    const rust = tk.Tokenizer.fromFile(file);
    try {
      for (const max_length of [9, 24, 200]) {
        for (const left of [false, true]) {
          for (const withPairs of [false, true]) {
            const a = withPairs ? pairs.map((p) => p[0]) : singles;
            const b = withPairs ? pairs.map((p) => p[1]) : null;
            rust.setTruncation(max_length, { strategy: 'LongestFirst', direction: 'right', stride: 0 });
            // The binding's encodeBatch takes single sequences only: pairs go one by one, and are
            // padded here as Rust's BatchLongest padding does (pad id 3, mask 0, type id 0).
            let want;
            if (withPairs) {
              rust.disablePadding();
              const rows = await Promise.all(a.map((x, i) => rust.encode(x, b[i])));
              const longest = Math.max(...rows.map((e) => e.getIds().length));
              const pad = (v, fill) => {
                const p = new Array(longest - v.length).fill(fill);
                return left ? [...p, ...v] : [...v, ...p];
              };
              want = rows.map((e) => ({
                getIds: () => pad(e.getIds(), 3), getAttentionMask: () => pad(e.getAttentionMask(), 0), getTypeIds: () => pad(e.getTypeIds(), 0),
              }));
            } else {
              rust.setPadding({ padId: 3, padTypeId: 0, padToken: '<review-pad>', direction: left ? 'left' : 'right' });
              want = await rust.encodeBatch(a);
            }
            const r = ours.encodeForModel(a, b, { add_special_tokens: true, truncation: true, max_length, padding: true,
              pad_id: 3, padding_side: left ? 'left' : 'right' });
            const [batch, seq] = r.dims;
            const where = `max_length ${max_length}, ${left ? 'left' : 'right'} padding, ${withPairs ? 'pairs' : 'singles'}`;
            assert.equal(seq, want[0].getIds().length, `${where}: padded length`);
            const rows = (data) => Array.from({ length: batch }, (_, i) => Array.from(data.subarray(i * seq, (i + 1) * seq), Number));
            assert.deepEqual(rows(r.input_ids), want.map((e) => e.getIds()), `${where}: input_ids`);
            assert.deepEqual(rows(r.attention_mask), want.map((e) => e.getAttentionMask()), `${where}: attention_mask`);
            assert.deepEqual(rows(r.token_type_ids), want.map((e) => e.getTypeIds()), `${where}: token_type_ids`);
          }
        }
      }
    } finally {
      ours.dispose();
    }
  });
}
