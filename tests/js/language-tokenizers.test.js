// NLLB / mBART (cc25) / mBART-50 tokenizers loaded from tokenizer.json against Python transformers
// 4.57's NllbTokenizerFast / MBartTokenizerFast / MBart50TokenizerFast, whose __init__ replaces the
// file's post_processor with a template from tokenizer_config.json's src_lang and NLLB's
// legacy_behaviour (set_src_lang_special_tokens): tokenizer(text), tokenizer(text, text_pair) (ids,
// token_type_ids), a padded batch and encode(), for several config variants (one without
// tokenizer_class: config.json's model_type mbart picks MBartTokenizerFast), over the local Hub
// (AutoTokenizer.from_pretrained) and PreTrainedTokenizer.from_json. Expected values:
// tests/fixtures/expected/language-tokenizers.json from tests/fixtures/generate_language_tokenizers.py,
// which also records Rust `tokenizers` on the unmodified file (the ids before this fix).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer } from '../../js/index.js';
import { useLocalHub } from './helpers/server.js';
import { MODEL_FIXTURES, ROOT } from './helpers/paths.js';

const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/language-tokenizers.json'), 'utf8'));
const REPO_DIR = (repo) => path.join(MODEL_FIXTURES, 'wasmpipe-test', repo);

let tmp, hub;

/** The repo's tokenizer files with the variant's tokenizer_config.json, as generate_language_tokenizers.py writes them. */
function writeVariant(name, { repo, patch }) {
  const dir = path.join(tmp, 'lang', name);
  for (const f of ['tokenizer.json', 'special_tokens_map.json', 'config.json']) cpSync(path.join(REPO_DIR(repo), f), path.join(dir, f));
  const config = patchedConfig(repo, patch);
  writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config));
}

function patchedConfig(repo, patch) {
  const config = JSON.parse(readFileSync(path.join(REPO_DIR(repo), 'tokenizer_config.json'), 'utf8'));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete config[k];
    else config[k] = v;
  }
  return config;
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-lang-'));
  for (const [name, v] of Object.entries(EXPECTED.variants)) writeVariant(name, v);
  hub = await useLocalHub({ roots: [tmp] });
});

after(async () => {
  await hub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function checkVariant(tok, name, v) {
  const { texts, pairs } = EXPECTED;
  texts.forEach((text, i) => {
    assert.deepEqual(tok(text, { return_tensor: false }).input_ids, v.ids[i], `${name} tokenizer(${JSON.stringify(text)})`);
    assert.deepEqual(tok.encode(text), v.encode[i], `${name} encode(${JSON.stringify(text)})`);
  });
  pairs.forEach(([a, b], i) => {
    const out = tok(a, { text_pair: b, return_tensor: false, return_token_type_ids: true });
    assert.deepEqual(out.input_ids, v.pair_ids[i], `${name} pair ${i}`);
    assert.deepEqual(out.token_type_ids, v.pair_type_ids[i], `${name} pair type ids ${i}`);
    assert.deepEqual(tok.encode(a, { text_pair: b }), v.pair_ids[i], `${name} encode pair ${i}`);
  });
  const batch = tok(texts.slice(0, 2), { padding: true });
  assert.deepEqual(batch.input_ids.tolist().map((r) => r.map(Number)), v.batch_ids, `${name} padded batch`);
}

for (const [name, v] of Object.entries(EXPECTED.variants)) {
  test(`${name}: AutoTokenizer from tokenizer.json equals Python's ${v.class}`, async () => {
    checkVariant(await AutoTokenizer.from_pretrained(`lang/${name}`), name, v);
  });
}

test('from_json applies the same src_lang template', async () => {
  for (const name of ['nllb-legacy-fra', 'mbart-ro', 'mbart50-de']) {
    const v = EXPECTED.variants[name];
    const bytes = readFileSync(path.join(REPO_DIR(v.repo), 'tokenizer.json'));
    const config = patchedConfig(v.repo, v.patch);
    checkVariant(await PreTrainedTokenizer.from_json(new Uint8Array(bytes), config), name, v);
    // text, and a parsed file without a post_processor key (the full-parse path; Python sets it all the same)
    checkVariant(await PreTrainedTokenizer.from_json(bytes.toString('utf8'), config), `${name} (text)`, v);
    const { post_processor: _, ...rest } = JSON.parse(bytes.toString('utf8'));
    checkVariant(await PreTrainedTokenizer.from_json(rest, config), `${name} (no post_processor key)`, v);
  }
});

test('the oracle tells the file template from the class template', () => {
  // Without the rewrite these variants would give the file's own template (recorded with Rust tokenizers).
  for (const name of ['nllb-legacy', 'nllb-fra', 'mbart-ro', 'mbart50-de']) {
    assert.notDeepEqual(EXPECTED.variants[name].ids, EXPECTED.variants[name].file_template_ids, name);
  }
});

test('an unknown src_lang is refused with a clear error; the next load works', async () => {
  const bytes = readFileSync(path.join(REPO_DIR('tiny-nllb'), 'tokenizer.json'));
  const config = patchedConfig('tiny-nllb', { src_lang: 'xx_Yyyy' });
  await assert.rejects(PreTrainedTokenizer.from_json(bytes, config), (e) => e.code === 'INVALID_ARGUMENT' && /src_lang 'xx_Yyyy'/.test(e.message));
  await assert.rejects(PreTrainedTokenizer.from_json(bytes, { ...config, src_lang: 7 }), (e) => e.code === 'INVALID_ARGUMENT');
  const v = EXPECTED.variants['nllb-default'];
  checkVariant(await PreTrainedTokenizer.from_json(bytes, patchedConfig('tiny-nllb', {})), 'nllb-default', v);
});
