// M2M100Tokenizer built by the wasm core from sentencepiece.bpe.model + vocab.json
// (Tokenizer.fromM2M100, AutoTokenizer for such a repo) against Python transformers 4.57's slow
// M2M100Tokenizer on the same files (tests/fixtures/expected/m2m100-tokenizer.json, from
// tests/fixtures/generate_m2m.py): ids with the src_lang prefix and </s> for several src_lang,
// ids and tokens without special tokens, a pair, language-token ids, decode with and without
// special tokens; for the repo as on the Hub ('listed': special_tokens_map.json names the
// language tokens) and without that list ('unlisted'); spm_encode (Debian's sentencepiece) on every
// corpus line, its pieces mapped through vocab.json; plus bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { getCore } from '../../js/core.js';
import { AutoTokenizer } from '../../js/index.js';
import { resolveLanguages } from '../../js/pipelines/translation-languages.js';
import { useLocalHub } from './helpers/server.js';
import { MODEL_FIXTURES, ROOT, SHARED_FIXTURES } from './helpers/paths.js';

const REPO = path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-m2m100-tokenizer');
const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/m2m100-tokenizer.json'), 'utf8'));
const core = await getCore();
const spm = readFileSync(path.join(REPO, 'sentencepiece.bpe.model'));
const vocab = readFileSync(path.join(REPO, 'vocab.json'), 'utf8');
const baseConfig = JSON.parse(readFileSync(path.join(REPO, 'tokenizer_config.json'), 'utf8'));
const specialMap = JSON.parse(readFileSync(path.join(REPO, 'special_tokens_map.json'), 'utf8'));
const configs = {
  listed: { ...baseConfig, additional_special_tokens: specialMap.additional_special_tokens },
  unlisted: baseConfig,
};

function load(config) {
  const tok = core.Tokenizer.fromM2M100(spm, vocab, JSON.stringify(config));
  assert.ok(!(tok instanceof Error), tok.message);
  return tok;
}

for (const [variant, config] of Object.entries(configs)) {
  const e = expected[variant];
  test(`M2M100Tokenizer (${variant}): ids with src_lang prefix equal Python for ${e.with_special.length} src_lang x ${expected.texts.length} texts`, () => {
    for (const { src_lang: src, ids } of e.with_special) {
      const tok = load(src ? { ...config, src_lang: src } : config);
      try {
        expected.texts.forEach((text, i) => {
          assert.deepEqual(Array.from(tok.encodeIds(text, null, true)), ids[i], `src_lang ${src} ${JSON.stringify(text)}`);
        });
      } finally {
        tok.delete();
      }
    }
  });

  test(`M2M100Tokenizer (${variant}): ids, tokens, pair, language ids and decode equal Python`, () => {
    const tok = load(config);
    try {
      expected.texts.forEach((text, i) => {
        const got = tok.encode(text, null, false);
        assert.deepEqual(Array.from(got.ids), e.ids[i], JSON.stringify(text));
        assert.deepEqual(got.tokens, e.tokens[i], JSON.stringify(text));
      });
      assert.deepEqual(Array.from(tok.encodeIds(e.pair.a, e.pair.b, true)), e.pair.ids);
      for (const [code, id] of Object.entries(e.lang_ids)) assert.equal(tok.tokenToId(`__${code}__`), id, code);
      e.decode_ids.forEach((ids, i) => {
        const want = Int32Array.from(ids);
        assert.equal(tok.decode(want, false, false), e.decode[i], `decode ${ids}`);
        assert.equal(tok.decode(want, true, false), e.decode_skip[i], `decode skip ${ids}`);
      });
      assert.deepEqual(Array.from(tok.allSpecialIds()).sort((a, b) => a - b), e.all_special_ids);
    } finally {
      tok.delete();
    }
  });
}

const SPM_ENCODE = '/usr/bin/spm_encode';
const required = process.env.WASMPIPE_REQUIRE_REFERENCE && process.env.WASMPIPE_REQUIRE_REFERENCE !== '0';
test('M2M100Tokenizer: ids equal spm_encode pieces mapped through vocab.json on every corpus line',
  { skip: !existsSync(SPM_ENCODE) && !required && 'spm_encode not installed' }, () => {
    const dir = path.join(SHARED_FIXTURES, 'corpus');
    // Lines with the special tokens' text are split on them first (checked against Python above).
    const lines = readdirSync(dir).sort().flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
      .filter((l) => l.trim() && !/<\/?s>|<unk>|<pad>/.test(l));
    const run = spawnSync(SPM_ENCODE, ['--model', path.join(REPO, 'sentencepiece.bpe.model'), '--output_format=piece'],
      { input: lines.join('\n') + '\n', maxBuffer: 1 << 28, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const pieces = run.stdout.split('\n');
    const ids = JSON.parse(vocab);
    const tok = load(baseConfig);
    try {
      const bad = [];
      lines.forEach((line, i) => {
        const want = pieces[i] ? pieces[i].split(' ').map((p) => ids[p] ?? ids['<unk>']) : [];
        if (JSON.stringify(Array.from(tok.encodeIds(line, null, false))) !== JSON.stringify(want)) bad.push(i);
      });
      assert.equal(bad.length, 0, `${bad.length}/${lines.length} lines differ, e.g. ${JSON.stringify(lines[bad[0]])}`);
    } finally {
      tok.delete();
    }
  });

test('M2M100Tokenizer: bad src_lang, language_codes and files give clear errors; the module keeps working', () => {
  const bad = core.Tokenizer.fromM2M100(spm, vocab, JSON.stringify({ ...baseConfig, src_lang: 'xx' }));
  assert.ok(bad instanceof Error);
  assert.equal(bad.code, 'INVALID_ARGUMENT');
  assert.match(bad.message, /src_lang 'xx'.*valid: af, am, ar, .*zh, zu\)/);
  const codes = core.Tokenizer.fromM2M100(spm, vocab, JSON.stringify({ ...baseConfig, language_codes: 'nllb' }));
  assert.ok(codes instanceof Error);
  assert.match(codes.message, /language_codes.*"m2m100" or "wmt21"/);
  const wmt = core.Tokenizer.fromM2M100(spm, vocab, JSON.stringify({ ...baseConfig, language_codes: 'wmt21', src_lang: 'af' }));
  assert.ok(wmt instanceof Error);
  assert.match(wmt.message, /valid: en, ha, is, ja, cs, ru, zh, de\)/);
  const truncated = core.Tokenizer.fromM2M100(spm.subarray(0, 1000), vocab, JSON.stringify(baseConfig));
  assert.ok(truncated instanceof Error);
  assert.equal(truncated.code, 'INVALID_FILE');
  const noUnk = core.Tokenizer.fromM2M100(spm, JSON.stringify({ '<s>': 0, '</s>': 1 }), JSON.stringify(baseConfig));
  assert.ok(noUnk instanceof Error);
  assert.match(noUnk.message, /vocab\.json: unk_token '<unk>' is not in the vocabulary/);
  const ok = load(baseConfig);
  assert.deepEqual(Array.from(ok.encodeIds(expected.texts[2], null, true)), expected.unlisted.with_special[0].ids[2]);
  ok.delete();
});

test('AutoTokenizer.from_pretrained loads an M2M100 repo without tokenizer.json from the local Hub server', async () => {
  const hub = await useLocalHub();
  try {
    const tok = await AutoTokenizer.from_pretrained('wasmpipe-test/tiny-m2m100-tokenizer');
    const e = expected.listed;
    expected.texts.forEach((text, i) => assert.deepEqual(tok.encode(text), e.with_special[0].ids[i], JSON.stringify(text)));
    const i = expected.texts.indexOf('translate __fr__ and __de__ here');
    assert.equal(tok.decode(e.decode_ids[i], { skip_special_tokens: true }), e.decode_skip[i]);
    // The translation pipeline's inputs: Python's _build_translation_inputs sets src_lang and
    // encodes with special tokens; tgt_lang is the forced BOS.
    const pipe = { config: { model_type: 'm2m_100' }, tokenizer: tok };
    const fr = e.with_special.find((c) => c.src_lang === 'fr');
    const langs = resolveLanguages(pipe, 'fr', 'de');
    expected.texts.forEach((text, j) => assert.deepEqual(langs.encode(text), fr.ids[j], `translation ${JSON.stringify(text)}`));
    assert.equal(langs.forced_bos_token_id, e.lang_ids.de);
    assert.throws(() => resolveLanguages(pipe, 'fr', 'xx'),
      (err) => err.code === 'INVALID_ARGUMENT' && /unknown tgt_lang 'xx'.*\(valid: af, am, ar, .*, zh, zu\)/.test(err.message));
    assert.throws(() => resolveLanguages(pipe, 'eng', 'de'), (err) => err.code === 'INVALID_ARGUMENT' && /unknown src_lang 'eng'/.test(err.message));
    assert.deepEqual(resolveLanguages(pipe, 'zh', 'en').encode(expected.texts[2]), e.with_special.find((c) => c.src_lang === 'zh').ids[2]);
    tok.dispose();
  } finally {
    await hub.close();
  }
});
