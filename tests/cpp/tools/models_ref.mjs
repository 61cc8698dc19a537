// Reference tokens of one model in isolation (no normalizer / pre-tokenizer / post-processor) from
// Hugging Face's Rust tokenizers (npm binding), over every whitespace-separated word of the corpus.
//   node tests/cpp/tools/models_ref.mjs <fixture> <out.jsonl> [bytelevel|spm|plain]
// Each output line: [word, [ids], [tokens], [[start, end] byte offsets]]. Words are deduplicated;
// `bytelevel` maps each UTF-8 byte through the GPT-2 byte alphabet and adds a "Ġ"-prefixed copy,
// `spm` adds a "▁"-prefixed copy. Writes to build/ (never committed).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const tk = require('tokenizers');

const [fixture, outFile, mode = 'plain'] = process.argv.slice(2);
const fixtures = process.env.WASMPIPE_FIXTURES || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/fixtures');
const tj = JSON.parse(fs.readFileSync(path.join(fixtures, 'tokenizers', fixture, 'tokenizer.json'), 'utf8'));
const json = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: null, post_processor: null, decoder: null, model: tj.model };
const tok = tk.Tokenizer.fromString(JSON.stringify(json));

// GPT-2's bytes_to_unicode.
const byteChar = new Array(256);
{
  const keep = [];
  for (let b = 33; b <= 126; ++b) keep.push(b);
  for (let b = 161; b <= 172; ++b) keep.push(b);
  for (let b = 174; b <= 255; ++b) keep.push(b);
  let n = 0;
  for (let b = 0; b < 256; ++b) byteChar[b] = String.fromCodePoint(keep.includes(b) ? b : 256 + n++);
}
const byteLevel = (s) => Array.from(Buffer.from(s, 'utf8'), (b) => byteChar[b]).join('');

const corpusDir = path.join(fixtures, 'corpus');
const seen = new Set();
const words = [];
const add = (w) => { if (w && !seen.has(w)) { seen.add(w); words.push(w); } };
for (const f of fs.readdirSync(corpusDir).sort()) {
  const text = fs.readFileSync(path.join(corpusDir, f), 'utf8');
  for (const para of text.split(/\n\s*\n/)) {
    for (const w of para.split(/\s+/)) {
      if (!w) continue;
      if (mode === 'bytelevel') { add(byteLevel(w)); add(byteLevel(' ' + w)); }
      else if (mode === 'spm') { add(w); add('\u2581' + w); }
      else add(w);
    }
  }
}

function charToByte(text) {
  const t = [0];
  let b = 0;
  for (const ch of text) { b += Buffer.byteLength(ch, 'utf8'); t.push(b); }
  return t;
}

const out = fs.createWriteStream(outFile);
const BATCH = 2000;
for (let i = 0; i < words.length; i += BATCH) {
  const batch = words.slice(i, i + BATCH);
  const encs = await tok.encodeBatch(batch, { addSpecialTokens: false });
  let chunk = '';
  for (let k = 0; k < batch.length; ++k) {
    const e = encs[k], c2b = charToByte(batch[k]);
    const offs = e.getOffsets().map(([s, t]) => [c2b[s], c2b[t]]);
    chunk += JSON.stringify([batch[k], e.getIds(), e.getTokens(), offs]) + '\n';
  }
  if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
}
out.end();
await new Promise((r) => out.once('finish', r));
console.error(`${fixture}: ${words.length} words -> ${outFile}`);
