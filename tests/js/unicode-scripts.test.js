// The UnicodeScripts pre-tokenizer against HF's Rust `tokenizers` (npm binding), through the wasm
// build: every code point (in runs and next to probes of several scripts, so a wrong script shows
// as a different cut), the multilingual corpus and mixed-script strings, alone and inside
// Sequences behind a normalizer. The binding has no UnicodeScripts constructor, so both sides load
// the same tokenizer.json: a WordLevel model whose only token is [UNK], so every pre-token becomes
// one token and its offsets are the pre-token's.
// Also: the committed script table equals what the generator makes from Debian's Scripts.txt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { ROOT, corpusParagraphs } from './helpers/paths.js';
import { UCD_DIR, renderHeader } from '../cpp/tools/gen_unicode_scripts.mjs';

const core = await getCore();

function tokenizerJson(preTokenizer, normalizer = null) {
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer,
    pre_tokenizer: preTokenizer, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  });
}

const CONFIGS = {
  'UnicodeScripts': tokenizerJson({ type: 'UnicodeScripts' }),
  'Sequence[WhitespaceSplit, UnicodeScripts]': tokenizerJson({
    type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'UnicodeScripts' }] }),
  'NFKC + Sequence[UnicodeScripts, Digits]': tokenizerJson({
    type: 'Sequence', pretokenizers: [{ type: 'UnicodeScripts' }, { type: 'Digits', individual_digits: true }] },
  { type: 'NFKC' }),
};

// Rust offsets count code points; ours count UTF-16 units. units[i] = UTF-16 position of code point i.
function utf16Units(text) {
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return units;
}

async function compare(json, texts) {
  const rust = tk.Tokenizer.fromString(json);
  const ours = core.Tokenizer.fromJSON(json, '');
  assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
  try {
    const expected = await rust.encodeBatch(texts, { addSpecialTokens: false });
    let mismatches = 0, first = null;
    texts.forEach((text, i) => {
      const got = ours.encode(text, null, false);
      if (got instanceof Error) throw got;
      const units = utf16Units(text);
      const want = expected[i].getOffsets().map(([a, b]) => [units[a], units[b]]);
      if (JSON.stringify(got.offsets) !== JSON.stringify(want)) {
        mismatches++;
        const k = got.offsets.findIndex((o, j) => JSON.stringify(o) !== JSON.stringify(want[j]));
        first ??= { i, at: k, text: text.slice(Math.max(0, (want[k]?.[0] ?? 0) - 10), (want[k]?.[1] ?? 0) + 10),
          got: got.offsets.slice(k, k + 3), want: want.slice(k, k + 3) };
      }
    });
    return { mismatches, first };
  } finally {
    ours.delete();
  }
}

// All scalar values, in order, cut into chunks; alone, and each one after a probe char.
function codePointTexts() {
  const all = [];
  for (let c = 0; c < 0x110000; c++) if (c < 0xD800 || c > 0xDFFF) all.push(String.fromCodePoint(c));
  const chunk = (arr, n) => Array.from({ length: Math.ceil(arr.length / n) }, (_, i) => arr.slice(i * n, (i + 1) * n).join(''));
  const texts = chunk(all, 4096);
  // Latin, Common (digit), Han (a kana: merged into Han), Greek, Inherited (a combining mark).
  for (const probe of ['A', '0', 'あ', 'Ω', '\u0301']) texts.push(...chunk(all.map((c) => probe + c), 4096));
  return texts;
}

const MIXED = [
  'どこで生れ。Yes', 'Apples are りんご 林檎', '  leading spaces', '   ', '', 'ー', 'カタカナーとひらがな、漢字',
  'Mix: English, Русский, Ελληνικά, العربية, עברית, हिन्दी, ไทย, 한국어, 中文 123!',
  'a\u0301b\u0302 e\u0301', '\u0301start with a mark', 'emoji 👩‍👩‍👧‍👦 👍🏽 🥰 (new in Unicode 11) and 🫠',
  'tabs\tand\nnewlines\u00A0nbsp\u3000ideographic space', 'x' + '\u{E0001}' + 'y', '\u{10FFFF}\u{E000}a',
  'ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ｶﾀｶﾅ', '①②③ Ⅻ ﬁ', 'Ⅻ', '\u{1F100}\u{20000}\u{2A700}\u{30000}',
];

test('wasm/core/unicode_scripts_table.h is what the generator makes from Scripts.txt', { skip: !existsSync(`${UCD_DIR}/Scripts.txt`) && 'unicode-data not installed (scripts/setup.sh installs it)' }, () => {
  const committed = readFileSync(path.join(ROOT, 'wasm/core/unicode_scripts_table.h'), 'utf8');
  assert.ok(committed === renderHeader(), 'stale table: node tests/cpp/tools/gen_unicode_scripts.mjs > wasm/core/unicode_scripts_table.h');
});

test('UnicodeScripts: every code point, alone and next to 5 probe scripts, equals HF Rust tokenizers', async () => {
  const texts = codePointTexts();
  const { mismatches, first } = await compare(CONFIGS.UnicodeScripts, texts);
  assert.equal(mismatches, 0, `${mismatches}/${texts.length} chunks differ; first: ${JSON.stringify(first)}`);
});

const paragraphs = corpusParagraphs();
for (const [name, json] of Object.entries(CONFIGS)) {
  test(`${name}: ${paragraphs.length} corpus paragraphs + ${MIXED.length} mixed-script strings equal HF Rust tokenizers`, async () => {
    const texts = [...paragraphs.map((p) => p.toWellFormed()), ...MIXED];
    const { mismatches, first } = await compare(json, texts);
    assert.equal(mismatches, 0, `${mismatches}/${texts.length} differ; first: ${JSON.stringify(first)}`);
  });
}
