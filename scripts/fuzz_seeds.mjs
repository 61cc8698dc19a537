// Seed corpora for the libFuzzer targets (tests/fuzz), generated from the shared fixtures into the
// fuzz build directory (never committed):
//   <out>/bases/<model>.json        each fixture tokenizer.json with its vocabulary cut to the first
//                                   ~300 ids (+ special / added tokens), merges to those tokens:
//                                   bases of tokenizer_json_mutate_fuzzer
//   <out>/seeds/tokenizer_json/*    the bases under 64 KiB (libFuzzer's -max_len in scripts/fuzz.sh)
//   <out>/seeds/encode/*            [tokenizer][flags][max_length][stride] + a corpus paragraph
//   <out>/seeds/regex_fast/*        [mode] + a corpus paragraph
//   <out>/seeds/tokenizer_json_mutate/*  a few edit programs
// Usage: node scripts/fuzz_seeds.mjs <out-dir> [fixtures-dir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/fuzz_seeds.mjs <out-dir> [fixtures-dir]');
const fixtures = process.argv[3] || process.env.WASMPIPE_FIXTURES || path.join(root, '..', 'shared', 'fixtures');
const KEEP_IDS = 300;
// Same components as t5-small (Precompiled charsmap of ~300 KB each): mutating one is enough.
const SKIP = new Set(['google__flan-t5-small', 'google__t5-v1_1-xxl']);

function fresh(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Token strings the file needs besides the first KEEP_IDS ids: added tokens, post-processor and
// model special tokens.
function neededTokens(j) {
  const need = new Set((j.added_tokens || []).map((t) => t.content));
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'unk_token' || k === 'id' || k === 'content') && typeof x === 'string') need.add(x);
        else if ((k === 'sep' || k === 'cls') && Array.isArray(x) && typeof x[0] === 'string') need.add(x[0]);
        else walk(x);
      }
    }
  };
  walk(j.post_processor);
  walk(j.model && { unk_token: j.model.unk_token });
  return need;
}

function shrink(j) {
  const m = j.model;
  // Whisper's 1,500 timestamp tokens: keep the first 64 added tokens and the ones the
  // post-processor or model name.
  const named = neededTokens({ post_processor: j.post_processor, model: j.model });
  j.added_tokens = (j.added_tokens || []).filter((t, k) => k < 64 || named.has(t.content));
  const need = neededTokens(j);
  if (Array.isArray(m.vocab)) {  // Unigram (the type field is optional)
    const keep = Math.max(KEEP_IDS, (m.unk_id ?? 0) + 1);
    m.vocab = m.vocab.slice(0, keep);
    j.added_tokens = (j.added_tokens || []).filter((t) => t.id < keep);
  } else if (m.vocab && typeof m.vocab === 'object' && !Array.isArray(m.vocab)) {
    m.vocab = Object.fromEntries(Object.entries(m.vocab).filter(([t, id]) => id < KEEP_IDS || need.has(t)));
    if (Array.isArray(m.merges)) {
      const has = (t) => Object.prototype.hasOwnProperty.call(m.vocab, t);
      m.merges = m.merges.filter((x) => {
        const [a, b] = Array.isArray(x) ? x : x.split(' ');
        return has(a) && has(b) && has(a + b);
      });
    }
  }
  return j;
}

// Bases: every fixture tokenizer.json, shrunk.
const bases = fresh(path.join(out, 'bases'));
const jsonSeeds = fresh(path.join(out, 'seeds', 'tokenizer_json'));
const tokDir = path.join(fixtures, 'tokenizers');
let nBases = 0;
for (const name of fs.readdirSync(tokDir).sort()) {
  const file = path.join(tokDir, name, 'tokenizer.json');
  if (!fs.existsSync(file) || SKIP.has(name)) continue;
  const j = shrink(JSON.parse(fs.readFileSync(file, 'utf8')));
  const text = JSON.stringify(j);
  fs.writeFileSync(path.join(bases, `${name}.json`), text);
  if (Buffer.byteLength(text) < 65536) fs.writeFileSync(path.join(jsonSeeds, `${name}.json`), text);
  nBases++;
}

// Corpus paragraphs, cut to at most 400 bytes at a char boundary.
const paragraphs = [];
const corpusDir = path.join(fixtures, 'corpus');
for (const name of fs.readdirSync(corpusDir).sort()) {
  const text = fs.readFileSync(path.join(corpusDir, name), 'utf8');
  const paras = text.split('\n\n').filter((p) => p.length > 0);
  for (let k = 0; k < paras.length && k < 12; k += 3) {
    let b = Buffer.from(paras[k], 'utf8');
    if (b.length > 400) {
      let end = 400;
      while (end > 0 && (b[end] & 0xc0) === 0x80) end--;
      b = b.subarray(0, end);
    }
    paragraphs.push(b);
  }
}

const encode = fresh(path.join(out, 'seeds', 'encode'));
const regex = fresh(path.join(out, 'seeds', 'regex_fast'));
paragraphs.forEach((p, k) => {
  // tokenizer k % 8; flags cycle through special tokens, pairs, truncation, batch
  const header = Buffer.from([k % 8, [1, 3, 5, 7 | 16, 1 | 64, 3 | 4 | 8 | 16][k % 6], 16 + (k % 48), k % 5]);
  const body = k % 6 === 1 || k % 6 === 5 ? Buffer.concat([p, Buffer.from([0xff]), paragraphs[(k + 1) % paragraphs.length]]) : p;
  fs.writeFileSync(path.join(encode, `p${k}`), Buffer.concat([header, body]));
  fs.writeFileSync(path.join(regex, `p${k}`), Buffer.concat([Buffer.from([1 | ((k * 37) & 0xfe)]), p]));
});

const mutate = fresh(path.join(out, 'seeds', 'tokenizer_json_mutate'));
let state = 12345;  // a fixed xorshift stream: the same seeds every time
const next = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), state >>> 0);
for (let k = 0; k < nBases * 4; k++) {
  const program = Buffer.alloc(64);
  for (let i = 0; i < program.length; i++) program[i] = next() & 0xff;
  program[0] = k % nBases;
  fs.writeFileSync(path.join(mutate, `b${k}`), program);
}
console.log(`fuzz seeds: ${nBases} bases, ${paragraphs.length} paragraphs -> ${out}`);
