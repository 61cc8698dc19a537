// Repos without tokenizer.json, and what tokenizer_config.json changes on top of tokenizer.json,
// through the wasm build:
// - vocab.json + merges.txt (GPT-2, RoBERTa, BART, Whisper), converted like transformers'
//   slow -> fast converters, equal HF Rust tokenizers loading the same model's tokenizer.json
//   (ids, tokens, offsets, special mask on every corpus paragraph; decode on a sample);
// - distilgpt2 and CLIP-large (only vocab.json + merges.txt exist) and the same four equal Python
//   transformers' converted tokenizers (tests/fixtures/expected/tokenizer_refs.json);
// - tokenizer.json + tokenizer_config.json equal Python AutoTokenizer (add_bos_token / add_eos_token
//   templates, BERT normalizer options, special tokens), with and without special tokens;
// - AutoTokenizer.from_pretrained picks vocab.json + merges.txt when nothing else is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { AutoTokenizer, PreTrainedTokenizer } from '../../js/index.js';
import { modelConfigText } from '../../js/tokenizer_legacy.js';
import { ROOT, TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';
import { firstDifference } from './helpers/rust-compare.js';

const core = await getCore();
const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/tokenizer_refs.json'), 'utf8'));
const read = (name, file) => {
  const f = path.join(TOKENIZER_FIXTURES, name, file);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
// The texts of a reference entry: the first paragraph_count shared paragraphs, then its specials.
const textsOf = (ref) => [...refs.paragraphs.slice(0, ref.paragraph_count), ...ref.specials];

// As AutoTokenizer does: without a tokenizer_class, config.json's model_type, else a type guessed from
// the repo name (the roberta-base and distilgpt2 copies have none; Python guessed the same).
function loadLegacy(name) {
  const config = read(name, 'config.json');
  const t = core.Tokenizer.fromVocabMerges(read(name, 'vocab.json'), read(name, 'merges.txt'),
    read(name, 'tokenizer_config.json'), modelConfigText(config ? JSON.parse(config) : null, name));
  assert.ok(!(t instanceof Error), `${name}: ${t.message}`);
  return t;
}

function utf16Units(text) {
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return units;
}

const paragraphs = corpusParagraphs().map((p) => p.toWellFormed());

for (const name of ['gpt2', 'roberta-base', 'facebook__bart-large-cnn', 'sshleifer__distilbart-cnn-12-6', 'openai__whisper-large-v3']) {
  test(`${name}: vocab.json + merges.txt equals HF Rust tokenizers on its tokenizer.json (${paragraphs.length} paragraphs: ids, tokens, offsets, special mask)`, async () => {
    const rust = tk.Tokenizer.fromFile(path.join(TOKENIZER_FIXTURES, name, 'tokenizer.json'));
    const ours = loadLegacy(name);
    try {
      {
        const expected = await rust.encodeBatch(paragraphs, { addSpecialTokens: true });
        let mismatches = 0, first = null;
        paragraphs.forEach((text, i) => {
          const got = ours.encode(text, null, true);
          const want = expected[i];
          const units = utf16Units(text);
          const checks = {
            ids: [got.ids, want.getIds()],
            tokens: [got.tokens, want.getTokens()],
            special_tokens_mask: [got.special_tokens_mask, want.getSpecialTokensMask()],
            offsets: [got.offsets, want.getOffsets().map(([a, b]) => [units[a], units[b]])],
          };
          const diff = firstDifference(checks);
          if (diff) {
            mismatches++;
            first ??= { i, text: text.slice(0, 80), ...diff };
          }
        });
        assert.equal(mismatches, 0, `${mismatches} differ; first: ${JSON.stringify(first)}`);
      }
      // Without special tokens only the post-processor differs: ids of a sample.
      const sample = paragraphs.filter((_, i) => i % 10 === 0);
      const bare = await rust.encodeBatch(sample, { addSpecialTokens: false });
      sample.forEach((text, i) => assert.deepEqual(Array.from(ours.encodeIds(text, null, false)), bare[i].getIds(), `no special tokens #${i}`));
      const pair = await rust.encode(paragraphs[0], paragraphs[1]);
      assert.deepEqual(Array.from(ours.encodeIds(paragraphs[0], paragraphs[1], true)), pair.getIds(), 'pair');
      for (const text of paragraphs.filter((_, i) => i % 97 === 0)) {
        const ids = Array.from(ours.encodeIds(text, null, true));
        for (const skip of [false, true]) assert.equal(ours.decode(Int32Array.from(ids), skip, false), await rust.decode(ids, skip));
      }
    } finally {
      ours.delete();
    }
  });
}

for (const [name, ref] of Object.entries(refs.legacy)) {
  const texts = textsOf(ref);
  test(`${name}: vocab.json + merges.txt equals Python transformers ${ref.class} on ${texts.length} texts`, () => {
    const ours = loadLegacy(name);
    const cleanup = JSON.parse(read(name, 'tokenizer_config.json') || '{}').clean_up_tokenization_spaces ?? false;
    try {
      texts.forEach((text, i) => {
        const got = ours.encode(text, null, true);
        const units = utf16Units(text);
        const at = `${name} text #${i} ${JSON.stringify(text.slice(0, 60))}`;
        assert.deepEqual(Array.from(got.ids), ref.ids[i], `ids of ${at}`);
        assert.deepEqual(got.tokens, ref.tokens[i], `tokens of ${at}`);
        assert.deepEqual(Array.from(got.special_tokens_mask), ref.special_tokens_mask[i], `special mask of ${at}`);
        assert.deepEqual(got.offsets, ref.offsets[i].map(([a, b]) => [units[a], units[b]]), `offsets of ${at}`);
        assert.deepEqual(Array.from(ours.encodeIds(text, null, false)), ref.ids_no_special[i], `ids (no special) of ${at}`);
        assert.equal(ours.decode(Int32Array.from(ref.ids[i]), false, cleanup), ref.decode[i], `decode of ${at}`);
        assert.equal(ours.decode(Int32Array.from(ref.ids[i]), true, cleanup), ref.decode_skip[i], `decode (skip) of ${at}`);
      });
    } finally {
      ours.delete();
    }
  });
}

// Through the JS tokenizer call, like Python's tokenizer(text): tokenizer.json's own padding and
// truncation settings are not applied there (transformers turns them off unless asked).
function checkLikePython(configText, name, ref, texts) {
  const handle = core.Tokenizer.fromJSON(read(name, 'tokenizer.json'), configText);
  assert.ok(!(handle instanceof Error), handle.message);
  const tok = new PreTrainedTokenizer(handle, JSON.parse(configText || '{}'));
  try {
    for (const [key, add] of [['with_special', true], ['without_special', false]]) {
      texts.forEach((text, i) => {
        assert.deepEqual(tok(text, { add_special_tokens: add, return_tensor: false }).input_ids, ref[key][i],
          `${key}: text #${i} ${JSON.stringify(text.slice(0, 60))}`);
      });
    }
  } finally {
    tok.dispose();
  }
}

for (const [name, ref] of Object.entries(refs.configs)) {
  const texts = textsOf(ref);
  test(`${name}: tokenizer.json + tokenizer_config.json equals Python transformers ${ref.class} (${texts.length} texts)`, () => {
    checkLikePython(read(name, 'tokenizer_config.json'), name, ref, texts);
  });
}

for (const v of refs.variants) {
  const texts = textsOf(v);
  test(`${v.fixture} with tokenizer_config ${JSON.stringify(v.overrides)} equals Python transformers ${v.class}`, () => {
    const config = { ...JSON.parse(read(v.fixture, 'tokenizer_config.json')), ...v.overrides };
    checkLikePython(JSON.stringify(config), v.fixture, v, texts);
  });
}

test('AutoTokenizer.from_pretrained: distilgpt2 (vocab.json + merges.txt + config.json only) loads and encodes like Python', async () => {
  const tok = await AutoTokenizer.from_pretrained(path.join(TOKENIZER_FIXTURES, 'distilgpt2'));
  try {
    const ref = refs.legacy.distilgpt2;
    textsOf(ref).forEach((text, i) => assert.deepEqual(tok.encode(text), ref.ids[i]));
    assert.equal(tok.eos_token, '<|endoftext|>');
  } finally {
    tok.dispose();
  }
});

test('AutoTokenizer.from_pretrained: a repo with vocab.json but no merges.txt is not taken for a BPE repo', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-vocab-only-'));
  try {
    writeFileSync(path.join(dir, 'vocab.json'), '{"a": 0}');
    writeFileSync(path.join(dir, 'config.json'), '{"model_type": "gpt2"}');
    await assert.rejects(AutoTokenizer.from_pretrained(dir), (e) => e.code === 'NOT_IMPLEMENTED' && /No tokenizer found/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vocab.json + merges.txt: clear errors for unknown classes and broken files; the core stays usable', () => {
  const vocab = read('distilgpt2', 'vocab.json'), merges = read('distilgpt2', 'merges.txt');
  const cases = [
    [['{"a":0}', '#version\n', '{"tokenizer_class":"T5Tokenizer"}', ''], 'NOT_IMPLEMENTED', /T5Tokenizer/],
    [['{"a":0}', '#version\n', '', '{"model_type":"t5"}'], 'NOT_IMPLEMENTED', /model_type 't5'/],
    [['{"a":0}', '#version\n', '', ''], 'INVALID_FILE', /tokenizer_class|model_type/],
    [['[1,2]', '#version\n', '', '{"model_type":"gpt2"}'], 'INVALID_FILE', /vocab\.json/],
    [[vocab, '#version\na b c\n', '', '{"model_type":"gpt2"}'], 'INVALID_FILE', /merges\.txt line 2/],
    [[vocab, '#version\nzzzq ywyw\n', '', '{"model_type":"gpt2"}'], 'INVALID_FILE', /zzzq/],
    [['{"<s>":0}', '#version\n', '', '{"model_type":"roberta"}'], 'INVALID_FILE', /'<\/s>'/],
  ];
  for (const [args, code, message] of cases) {
    const r = core.Tokenizer.fromVocabMerges(...args);
    if (!(r instanceof Error)) r.delete();
    assert.ok(r instanceof Error, `accepted ${JSON.stringify(args.map((a) => a.slice(0, 40)))}`);
    assert.equal(r.code, code, r.message);
    assert.match(r.message, message);
  }
  loadLegacy('distilgpt2').delete();
});

// Old tokenizer.json layouts (tokenizers < 0.14 and earlier): no model.type, merges as "a b"
// strings, Metaspace with add_prefix_space / str_rep, ByteLevel without use_regex. The fixtures
// t5-small, roberta-base, bart-large-cnn and bert-base-uncased are real old files (checked in
// tokenizer-fixtures.test.js); here new files are rewritten into the old layouts, and both sides load them.
function toOldLayout(json) {
  const j = JSON.parse(json);
  delete j.model.type;
  if (Array.isArray(j.model.merges)) j.model.merges = j.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  const rewrite = (c) => {
    if (!c || typeof c !== 'object') return c;
    if (c.type === 'Metaspace') return { type: 'Metaspace', replacement: c.replacement, str_rep: c.replacement, add_prefix_space: true };
    if (c.type === 'ByteLevel') { const { use_regex, ...rest } = c; return rest; }
    for (const key of ['pretokenizers', 'decoders', 'processors']) if (Array.isArray(c[key])) c[key] = c[key].map(rewrite);
    return c;
  };
  for (const key of ['pre_tokenizer', 'decoder', 'post_processor']) j[key] = rewrite(j[key]);
  return JSON.stringify(j);
}

for (const name of ['google__flan-t5-small', 'meta-llama__Meta-Llama-3-8B', 'microsoft__phi-2']) {
  test(`${name} rewritten in the old tokenizer.json layout equals HF Rust tokenizers on the same file`, async () => {
    const json = toOldLayout(read(name, 'tokenizer.json'));
    const rust = tk.Tokenizer.fromString(json);
    const ours = core.Tokenizer.fromJSON(json, '');
    assert.ok(!(ours instanceof Error), ours.message);
    try {
      const texts = paragraphs.filter((_, i) => i % 10 === 0);
      const expected = await rust.encodeBatch(texts, { addSpecialTokens: true });
      texts.forEach((text, i) => assert.deepEqual(Array.from(ours.encodeIds(text, null, true)), expected[i].getIds(), `#${i}`));
    } finally {
      ours.delete();
    }
  });
}
