// Corpus-wide pre-tokenizer reference from HF's Rust tokenizers (npm binding).
// usage: node tests/cpp/tools/pretok_corpus_ref.cjs [outDir=build/pretok]
// Every paragraph of $WASMPIPE_FIXTURES/corpus (split on blank lines, like dump_reference_ids.mjs)
// through the pre-tokenizer of each config below. Writes <outDir>/<name>.json:
//   {"pre_tokenizer": {...}, "cases": [[text, [[piece, byteBegin, byteEnd], ...]], ...]}
// build/tools/pretok_check <outDir>/*.json compares wasmpipe against it.
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require(path.join(__dirname, '../../../node_modules/tokenizers'));

const root = path.join(__dirname, '../../..');
const fixtures = process.env.WASMPIPE_FIXTURES || path.join(root, '../shared/fixtures');
const outDir = process.argv[2] || path.join(root, 'build/pretok');
fs.mkdirSync(outDir, { recursive: true });

const corpusDir = path.join(fixtures, 'corpus');
const paragraphs = [];
for (const f of fs.readdirSync(corpusDir).sort()) {
  const text = fs.readFileSync(path.join(corpusDir, f), 'utf8');
  for (const p of text.split(/\n[ \t\r]*\n/)) if (/\S/.test(p)) paragraphs.push(p);
}
const tk = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, 'tokenizers', name, 'tokenizer.json'), 'utf8')).pre_tokenizer;
const configs = {
  gpt2_bytelevel: tk('gpt2'),
  bytelevel_prefix: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  llama3_split: tk('meta-llama__Meta-Llama-3-8B'),
  gpt4o_split: tk('Xenova__gpt-4o'),
  falcon: tk('tiiuae__falcon-7b'),
  clip: tk('openai__clip-vit-base-patch32'),
  metaspace_t5: tk('t5-small'),
  metaspace_flan: tk('google__flan-t5-small'),
  metaspace_first_nosplit: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
  whitespace: { type: 'Whitespace' },
  whitespace_split: { type: 'WhitespaceSplit' },
  punctuation_merged_next: { type: 'Punctuation', behavior: 'MergedWithNext' },
  digits_individual: { type: 'Digits', individual_digits: true },
};
function charToByte(text) {
  const map = [0];
  let b = 0;
  for (const ch of text) { b += Buffer.byteLength(ch, 'utf8'); map.push(b); }
  return map;
}
for (const [name, pt] of Object.entries(configs)) {
  const t = Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: pt, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' },
  }));
  const p = t.getPreTokenizer();
  const cases = paragraphs.map((text) => {
    const m = charToByte(text);
    return [text, p.preTokenizeString(text).map(([s, [b, e]]) => [s, m[b], m[e]])];
  });
  fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify({ pre_tokenizer: pt, cases }));
  console.log(`${name}: ${cases.length} paragraphs`);
}
