// The components and options of issue 3 that no shared tokenizer.json fixture uses (see
// tests/tokenizer-coverage.md), each swapped into a real fixture (tests/js/helpers/tokenizer-variants.js)
// and compared with HF's Rust `tokenizers` (npm binding) on a sample of the corpus plus adversarial
// strings: ids, tokens, offsets, type ids, special-tokens mask, pairs, decode with and without
// skip_special_tokens (tests/js/helpers/rust-compare.js, as tokenizer-fixtures.test.js does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { corpusParagraphs } from './helpers/paths.js';
import { ADVERSARIAL, compareWithRust, comparedLine } from './helpers/rust-compare.js';
import { VARIANTS, DROPOUT_VARIANT, REJECTED, fixtureJson } from './helpers/tokenizer-variants.js';
import { tokenizerFeatures } from '../tools/tokenizer-features.mjs';

// Every 120th paragraph (about 8 of each corpus file: every script and code) and the adversarial
// strings cut to 5000 characters (the 200k one alone took most of the time) keep the file short.
const SAMPLE = corpusParagraphs().filter((_, i) => i % 120 === 0);
const inputs = [...SAMPLE, ...ADVERSARIAL.map((s) => s.slice(0, 5000))];
const core = await getCore();

function loadBoth(json) {
  const text = JSON.stringify(json);
  const rust = tk.Tokenizer.fromString(text);
  const ours = core.Tokenizer.fromJSON(text, '');
  assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
  return { rust, ours };
}

// Texts Rust refuses to encode (a Unigram without unk_id meeting an unknown character) must give
// an Error here too; the others are returned for the field-by-field comparison.
async function keepWhatRustEncodes(rust, ours, texts) {
  const kept = [];
  let refused = 0;
  for (const text of texts) {
    const rustError = await rust.encode(text, null, { addSpecialTokens: false }).then(() => null, (e) => e);
    if (!rustError) { kept.push(text); continue; }
    const got = ours.encodeIds(text.toWellFormed(), null, false);
    assert.ok(got instanceof Error, `Rust refuses ${JSON.stringify(text.slice(0, 60))} (${rustError.message}) but wasmpipe encoded it`);
    refused++;
  }
  assert.ok(refused > 0 && kept.length > 0, `${refused} refused, ${kept.length} kept: the sample must have both`);
  return kept;
}

for (const v of REJECTED) {
  test(`${v.name}: refused, as Rust refuses it`, () => {
    const text = JSON.stringify(v.build());
    assert.throws(() => tk.Tokenizer.fromString(text));
    const r = core.Tokenizer.fromJSON(text, '');
    if (!(r instanceof Error)) r.delete();
    assert.ok(r instanceof Error, 'wasmpipe loaded a file Rust refuses');
    assert.equal(r.code, 'INVALID_FILE', r.message);
  });
}

for (const v of VARIANTS) {
  test(`${v.name}: equals HF Rust tokenizers`, async (t) => {
    const json = v.build();
    const has = tokenizerFeatures(json);
    for (const f of v.features) assert.ok(has.has(f), `the variant does not exercise ${f}`);
    const { rust, ours } = loadBoth(json);
    try {
      let texts = [...(v.texts ?? []), ...inputs];
      if (v.rustMayThrow) texts = await keepWhatRustEncodes(rust, ours, texts);
      const counts = await compareWithRust(core, ours, rust, texts, { decodeEvery: 10 });
      t.diagnostic(comparedLine(v.name, counts));
    } finally {
      ours.delete();
    }
  });
}

test(`${DROPOUT_VARIANT.name}: ignored at inference (equals Rust without dropout; Rust's own output is random)`, async (t) => {
  const json = fixtureJson(DROPOUT_VARIANT.base);
  json.model.dropout = DROPOUT_VARIANT.dropout;
  assert.ok(tokenizerFeatures(json).has('model.BPE.dropout'));
  const ours = core.Tokenizer.fromJSON(JSON.stringify(json), '');
  assert.ok(!(ours instanceof Error), `load failed: ${ours?.message}`);
  json.model.dropout = null;
  const rust = tk.Tokenizer.fromString(JSON.stringify(json));
  try {
    const counts = await compareWithRust(core, ours, rust, inputs, { decodeEvery: 10, pairs: false });
    t.diagnostic(comparedLine(DROPOUT_VARIANT.name, counts));
  } finally {
    ours.delete();
  }
});
