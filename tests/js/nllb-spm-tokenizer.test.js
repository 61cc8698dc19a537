// NllbTokenizer built by the wasm core from sentencepiece.bpe.model alone (Tokenizer.fromSentencePiece,
// AutoTokenizer for a repo without tokenizer.json) against what Python transformers 4.57's
// AutoTokenizer builds for the same files (NllbTokenizerFast converted from the slow tokenizer):
// tests/fixtures/expected/nllb-spm-tokenizer.json from tests/fixtures/generate_nllb_spm.py, on a
// small BPE model with NLLB-200's real tokenizer_config.json. Ids with the src_lang prefix (default,
// fra_Latn, legacy_behaviour), ids and tokens without, language and <mask> ids, decode; bad src_lang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getCore } from '../../js/core.js';
import { AutoTokenizer } from '../../js/index.js';
import { MODEL_FIXTURES, ROOT, SHARED_FIXTURES } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const REPO = path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-nllb-spm');
const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/nllb-spm-tokenizer.json'), 'utf8'));
const core = await getCore();
const spm = readFileSync(path.join(REPO, 'sentencepiece.bpe.model'));
const config = JSON.parse(readFileSync(path.join(SHARED_FIXTURES, 'tokenizers/facebook__nllb-200-1.3B/tokenizer_config.json'), 'utf8'));

function load(extra = {}) {
  const tok = core.Tokenizer.fromSentencePiece(spm, JSON.stringify({ ...config, ...extra }), '', 'sentencepiece.bpe.model');
  assert.ok(!(tok instanceof Error), tok.message);
  return tok;
}

test(`NllbTokenizer from sentencepiece.bpe.model equals Python's NllbTokenizerFast on ${expected.texts.length} texts`, () => {
  for (const [name, c] of Object.entries(expected.cases)) {
    const tok = load(c.kwargs);
    try {
      expected.texts.forEach((text, i) => assert.deepEqual(Array.from(tok.encodeIds(text, null, true)), c.ids[i], `${name} ${JSON.stringify(text)}`));
      assert.deepEqual(Array.from(tok.encodeIds(expected.texts[2], expected.texts[3], true)), c.pair_ids, `${name} pair`);
    } finally {
      tok.delete();
    }
  }
  const tok = load();
  try {
    expected.texts.forEach((text, i) => {
      const got = tok.encode(text, null, false);
      assert.deepEqual(Array.from(got.ids), expected.ids[i], JSON.stringify(text));
      // Python's convert_ids_to_tokens (an lstrip token's encoding value keeps the stripped space, as in Rust)
      assert.deepEqual(Array.from(got.ids, (id) => tok.idToToken(id)), expected.tokens[i], JSON.stringify(text));
    });
    for (const [code, id] of Object.entries(expected.lang_ids)) assert.equal(tok.tokenToId(code), id, code);
    assert.equal(tok.tokenToId('<mask>'), expected.mask_id);
    expected.cases.fra_Latn.ids.forEach((ids, i) => {
      assert.equal(tok.decode(Int32Array.from(ids), false, false), expected.decode[i], `decode ${ids}`);
      assert.equal(tok.decode(Int32Array.from(ids), true, false), expected.decode_skip[i], `decode skip ${ids}`);
    });
  } finally {
    tok.delete();
  }
  const bad = core.Tokenizer.fromSentencePiece(spm, JSON.stringify({ ...config, src_lang: 'xx_Zzzz' }), '', 'sentencepiece.bpe.model');
  assert.ok(bad instanceof Error);
  assert.equal(bad.code, 'INVALID_ARGUMENT');
  assert.match(bad.message, /src_lang 'xx_Zzzz'.*valid: ace_Arab, ace_Latn, .*zul_Latn\)/);
});

test('AutoTokenizer.from_pretrained loads an NLLB repo without tokenizer.json from the local Hub server', async () => {
  const hub = await useLocalHub();
  try {
    const tok = await AutoTokenizer.from_pretrained('wasmpipe-test/tiny-nllb-spm');
    expected.texts.forEach((text, i) => assert.deepEqual(tok.encode(text), expected.cases.default.ids[i], JSON.stringify(text)));
    tok.dispose();
  } finally {
    await hub.close();
  }
});
