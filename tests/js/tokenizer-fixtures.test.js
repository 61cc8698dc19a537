// Every tokenizer.json in the shared fixtures, through wasmpipe's wasm build, against HF's Rust
// `tokenizers` (npm binding) over every corpus paragraph plus adversarial strings: ids, tokens,
// offsets, type ids, special-tokens mask, with and without special tokens, pairs, and decode with
// and without skip_special_tokens. A tokenizer wasmpipe cannot load yet must say so with
// NOT_IMPLEMENTED naming the component, and must be listed in NOT_YET below: the list only
// shrinks (a listed tokenizer that loads fails this test until it is removed and checked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { RawEncoder } from '../../js/tokenizer-raw.js';
import { encodeFull } from '../../js/tokenizer-raw-full.js';
import { decodeIds } from '../../js/tokenizer-raw-decode.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';
import { transformersDecode } from './helpers/transformers-decode.js';

// fixture -> the component wasmpipe reports as unsupported (empty: every fixture loads).
const NOT_YET = {};

// Files Rust rejects too: both must refuse them with a clear error.
// Llama-2's copy has 4 merges whose U+00A0 became a space (fixtures' PROVENANCE.md).
const INVALID = { 'meta-llama__Llama-2-7b-hf': /model\.merges\[18917\]/ };

const ADVERSARIAL = [
  '', ' ', '   \t\n  ', '\n\n\n', 'a'.repeat(200_000), 'x y'.repeat(5000),
  'ok \uD800 lone high, lone low \uDC00 end', '👩‍👩‍👧‍👦 👍🏽 🏳️‍🌈', 'e\u0301\u0302\u0303 a\u20DD',
  'مرحبا بالعالم ‏שלום‏', 'ctrl\u0000\u0001\u0007\u001b[0m\u007f\u0085\u200b\u2028\u2029\uFEFF end',
  '[CLS] [SEP] [MASK] <s></s> <|endoftext|> <pad>', 'İstanbul ǅ ß ﬁ Ⅻ ①',
];

// Rust's node binding reports code-point offsets; ours are UTF-16 units (what String#slice uses).
// units[i] = UTF-16 position of code point i.
function utf16Units(text) {
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return units;
}

const fixtures = readdirSync(TOKENIZER_FIXTURES).sort()
  .filter((d) => existsSync(path.join(TOKENIZER_FIXTURES, d, 'tokenizer.json')));
const paragraphs = corpusParagraphs();
// As they are: lone surrogates included, which the raw path's TextEncoder and Rust's binding both
// read as U+FFFD (Embind's encodeIds gets them well-formed).
const inputs = [...paragraphs, ...ADVERSARIAL];
const core = await getCore();

test('NOT_YET and INVALID only name fixtures that exist', () => {
  for (const name of [...Object.keys(NOT_YET), ...Object.keys(INVALID)]) assert.ok(fixtures.includes(name), `unknown fixture ${name}`);
});

for (const name of fixtures) {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const cfgFile = path.join(dir, 'tokenizer_config.json');
  const load = () => core.Tokenizer.fromJSON(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'),
    existsSync(cfgFile) ? readFileSync(cfgFile, 'utf8') : '');

  if (INVALID[name]) {
    test(`${name}: rejected with a clear error, as Rust rejects it`, () => {
      assert.throws(() => tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json')));
      const r = load();
      if (!(r instanceof Error)) r.delete();
      assert.ok(r instanceof Error, 'wasmpipe loaded a file Rust rejects');
      assert.equal(r.code, 'INVALID_FILE', r.message);
      assert.match(r.message, INVALID[name]);
    });
    continue;
  }

  if (NOT_YET[name]) {
    test(`${name}: not supported yet, and says which component`, () => {
      const r = load();
      if (!(r instanceof Error)) {
        r.delete();
        assert.fail(`${name} loads now: remove it from NOT_YET so it is checked against Rust`);
      }
      assert.equal(r.code, 'NOT_IMPLEMENTED', r.message);
      assert.match(r.message, new RegExp(`'${NOT_YET[name]}'`));
    });
    continue;
  }

  test(`${name}: equals HF Rust tokenizers on ${inputs.length} inputs (ids, tokens, offsets, type ids, special mask, decode)`, async () => {
    const rust = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
    const ours = load();
    assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
    const raw = new RawEncoder(core, ours);
    try {
      const runs = [
        { label: 'no special tokens', add: false, pair: false },
        { label: 'special tokens', add: true, pair: false },
        { label: 'pairs', add: true, pair: true },
      ];
      for (const run of runs) {
        const started = performance.now();
        const items = run.pair ? inputs.slice(0, -1).map((p, i) => [p, inputs[i + 1]]) : inputs.map((p) => [p, null]);
        const expected = run.pair
          ? await Promise.all(items.map(([a, b]) => rust.encode(a, b, { addSpecialTokens: run.add })))
          : await rust.encodeBatch(items.map(([a]) => a), { addSpecialTokens: run.add });
        let mismatches = 0, first = null;
        items.forEach(([a, b], i) => {
          // The full encoding as tokenizer() / encodeWithOffsets() get it (js/tokenizer-raw-full.js).
          const [got] = encodeFull(raw, [a], b === null ? null : [b], { addSpecialTokens: run.add, batch: false });
          const gotOffsets = Array.from({ length: got.ids.length }, (_, j) => [got.offsets[2 * j], got.offsets[2 * j + 1]]);
          const want = expected[i];
          const sequenceIds = want.getSequenceIds();
          const unitsA = utf16Units(a), unitsB = b === null ? null : utf16Units(b);
          const wantOffsets = want.getOffsets().map(([s0, e0], j) => {
            const units = sequenceIds[j] === 1 && unitsB ? unitsB : unitsA;
            return [units[s0], units[e0]];
          });
          const checks = {
            ids: [Array.from(got.ids), want.getIds()],
            ids_only: [Array.from(ours.encodeIds(a.toWellFormed(), b?.toWellFormed() ?? null, run.add)), want.getIds()],
            raw_ids: [raw.encode(a, b, run.add), want.getIds()],  // encode()'s path (js/tokenizer-raw.js)
            tokens: [got.tokens, want.getTokens()],
            type_ids: [Array.from(got.type_ids), want.getTypeIds()],
            sequence_ids: [Array.from(got.sequence_ids), sequenceIds.map((s) => s ?? -1)],
            special_tokens_mask: [Array.from(got.special_tokens_mask), want.getSpecialTokensMask()],
            offsets: [gotOffsets, wantOffsets],
          };
          for (const [field, [g, w]] of Object.entries(checks)) {
            if (JSON.stringify(g) !== JSON.stringify(w)) {
              mismatches++;
              first ??= { field, i, text: a.slice(0, 120), got: JSON.stringify(g).slice(0, 300), want: JSON.stringify(w).slice(0, 300) };
              break;
            }
          }
        });
        assert.equal(mismatches, 0, `${run.label}: ${mismatches}/${items.length} differ; first: ${JSON.stringify(first, null, 1)}`);
        if (process.env.WASMPIPE_TIMING) console.log(`${name} ${run.label}: ${(performance.now() - started).toFixed(0)} ms`);
      }
      // decode, with and without skipping special tokens (a sample keeps this quick)
      for (const text of inputs.filter((_, i) => i % 50 === 0)) {
        const ids = ours.encodeIds(text.toWellFormed(), null, true);
        for (const skip of [false, true]) {
          const want = transformersDecode(cfgFile, await rust.decode(Array.from(ids), skip));
          // tokenizer.decode()'s path (js/tokenizer-raw-decode.js)
          assert.equal(decodeIds(raw, ids, skip, false), want, `decode(skip=${skip}) of ${JSON.stringify(text.slice(0, 60))}`);
        }
      }
    } finally {
      ours.delete();
    }
  });
}
