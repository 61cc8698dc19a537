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
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';
import { ADVERSARIAL, compareWithRust, comparedLine } from './helpers/rust-compare.js';

// fixture -> the component wasmpipe reports as unsupported (empty: every fixture loads).
const NOT_YET = {};

// Files Rust rejects too: both must refuse them with a clear error.
// Llama-2's copy has 4 merges whose U+00A0 became a space (fixtures' PROVENANCE.md).
const INVALID = { 'meta-llama__Llama-2-7b-hf': /model\.merges\[18917\]/ };

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

  test(`${name}: equals HF Rust tokenizers on ${inputs.length} inputs (ids, tokens, offsets, type ids, special mask, decode)`, async (t) => {
    const rust = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
    const ours = load();
    assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
    try {
      const started = performance.now();
      const counts = await compareWithRust(core, ours, rust, inputs, { cfgFile });
      t.diagnostic(comparedLine(name, counts));
      if (process.env.WASMPIPE_TIMING) console.log(`${name}: ${(performance.now() - started).toFixed(0)} ms`);
    } finally {
      ours.delete();
    }
  });
}
