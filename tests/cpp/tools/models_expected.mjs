// Prints the C++ tables of expected tokens used by tests/cpp/models_{bpe,unigram}_test.cpp, from
// Hugging Face's Rust tokenizers (npm binding): each fixture's model alone (no normalizer or
// pre-tokenizer), on a few words. Offsets are bytes (the binding's char offsets converted).
//   node tests/cpp/tools/models_expected.mjs > build/models_expected.inc
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const tk = require('tokenizers');
const fixtures = process.env.WASMPIPE_FIXTURES || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/fixtures');

const byteChar = new Array(256);
{
  let n = 0;
  for (let b = 0; b < 256; ++b) {
    const keep = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    byteChar[b] = String.fromCodePoint(keep ? b : 256 + n++);
  }
}
const bl = (s) => Array.from(Buffer.from(s, 'utf8'), (b) => byteChar[b]).join('');
const cxx = (s) => {
  let o = '"', hex = false;
  for (const b of Buffer.from(s, 'utf8')) {
    if (b >= 0x80 || b < 0x20 || b === 0x22 || b === 0x5c) { o += '\\x' + b.toString(16).toUpperCase().padStart(2, '0'); hex = true; }
    else { if (hex && /[0-9a-fA-F]/.test(String.fromCharCode(b))) o += '" "'; o += String.fromCharCode(b); hex = false; }
  }
  return o + '"';
};
const c2b = (text) => { const t = [0]; let b = 0; for (const ch of text) { b += Buffer.byteLength(ch); t.push(b); } return t; };

const cases = {
  gpt2: ['Hello', ' world', ' tokenization', ' 🤗Transformers', ' naïve', '\n\n', ' ----------------', ' déjà-vu'].map(bl),
  'meta-llama__Meta-Llama-3-8B': [' Hello', ' tokenization', ' 日本語のテキスト', ' supercalifragilisticexpialidocious', '   ', ' 🤗🤗'].map(bl),
  'Xenova__gpt-4o': [' Hello', ' tokenization', ' 日本語のテキスト', ' Привет', ' 12345'].map(bl),
  'TinyLlama__TinyLlama-1.1B-Chat-v1.0': ['▁Hello', '▁tokenization', '▁♪♪', '▁日本語', 'x\u0001y', '▁🤗Transformers'],
  'microsoft__Phi-3-mini-4k-instruct': ['▁Hello', '▁tokenization', '▁♪♪', '▁日本語'],
  'openai__clip-vit-base-patch32': ['hello', 'tokenization', 'naïve', '日本'],
  'roberta-base': [' Hello', ' tokenization'].map(bl),
  't5-small': ['▁Hello', '-------', '----', '▁tokenization', '▁日本語', '▁Привет', '▁naïve!', '▁ÆØÅ'],
  'google__flan-t5-small': ['▁Hello', '▁tokenization', '▁日本語のテキスト', '▁{}'],
};
for (const [fixture, words] of Object.entries(cases)) {
  const tj = JSON.parse(fs.readFileSync(path.join(fixtures, 'tokenizers', fixture, 'tokenizer.json'), 'utf8'));
  const tok = tk.Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model: tj.model }));
  for (const w of words) {
    const e = await tok.encode(w, null, { addSpecialTokens: false });
    const t = c2b(w);
    const ids = e.getIds().join(', ');
    const toks = e.getTokens().map(cxx).join(', ');
    const offs = e.getOffsets().map(([s, x]) => `{${t[s]}, ${t[x]}}`).join(', ');
    console.log(`    {"${fixture}", ${cxx(w)}, {${ids}}, {${toks}}, {${offs}}},`);
  }
}
