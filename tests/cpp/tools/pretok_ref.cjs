// Reference pre-tokenization from HF's Rust tokenizers (npm binding), with BYTE offsets.
// usage: node tests/cpp/tools/pretok_ref.cjs cases.json  ->  JSON on stdout
// cases.json: [{"pre_tokenizer": {...} | "tokenizer": "path/tokenizer.json", "text": "..."}, ...]
// output: one entry per case: [[piece, byteBegin, byteEnd], ...] or {"error": message}
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require(path.join(__dirname, '../../../node_modules/tokenizers'));

function withPreTokenizer(pt) {
  return Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: pt, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' },
  }));
}
// char offset -> byte offset table for `text`
function charToByte(text) {
  const map = [0];
  let b = 0;
  for (const ch of text) { b += Buffer.byteLength(ch, 'utf8'); map.push(b); }
  return map;
}
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cache = new Map();
const out = cases.map((c) => {
  try {
    const key = c.tokenizer || JSON.stringify(c.pre_tokenizer);
    let tk = cache.get(key);
    if (!tk) { tk = c.tokenizer ? Tokenizer.fromFile(c.tokenizer) : withPreTokenizer(c.pre_tokenizer); cache.set(key, tk); }
    const m = charToByte(c.text);
    return tk.getPreTokenizer().preTokenizeString(c.text).map(([s, [b, e]]) => [s, m[b], m[e]]);
  } catch (e) {
    return { error: String(e.message || e) };
  }
});
process.stdout.write(JSON.stringify(out));
