// Hashed reference encodings of the whole shared corpus for EVERY tokenizer.json fixture, from
// Hugging Face's Rust `tokenizers` (npm binding 0.23.2), for the native conformance test
// tests/cpp/tokenizer_all_fixtures_test.cpp. A record per paragraph and mode keeps the data small
// (a few MB); `--show` prints Rust's full encoding of one record to find the first
// difference the test reports.
//
//   node tests/cpp/tools/dump_reference_hashes.mjs [out_dir=build/ref-all]
//   node tests/cpp/tools/dump_reference_hashes.mjs --show <fixture> <single|nospecial|pair|decode> <index>
//
// Paragraphs are split exactly as dump_reference_ids.mjs splits them (written to paragraphs.bin in
// the same format, so the test does not depend on build/ref). Tokenizer settings of the file
// (truncation / padding in tokenizer.json) stay as they are, on both sides.
//
// Output (little-endian):
//   paragraphs.bin        u32 count, then per paragraph: u32 file index, u32 byte length, UTF-8
//   manifest.json         fixtures (name, path, config path), modes, counts
//   <fixture>.<mode>.bin  u32 count, then per record (records 0, STRIDE, 2*STRIDE ... of the mode): u32 token count (0xFFFFFFFF = Rust refused),
//                         u32 h1, u32 h2 of the encoding's words (see encodingWords)
//   <fixture>.decode.bin  u32 count, then per sampled paragraph: u32 h1, u32 h2 of decode(single ids,
//                         skip_special_tokens=false) and u32 h1, u32 h2 with skip=true (UTF-8 bytes)
// Modes: single (special tokens added), nospecial, pair (paragraph i with i+1 of the same file).
import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer, encodingColumns, fixtures, readCorpus, root, writeParagraphs } from './reference_corpus.mjs';
import { transformersDecode as pythonDecode } from '../../js/helpers/transformers-decode.js';

const INVALID = new Set(['meta-llama__Llama-2-7b-hf']);  // Rust refuses the file (fixtures' PROVENANCE.md)
const { files, paragraphs, pairs } = readCorpus();  // split exactly as dump_reference_ids.mjs splits
// Every STRIDE-th record of each mode (k = 0, STRIDE, ...): 3 keeps generation near a minute for
// all fixtures; WASMPIPE_REFERENCE_STRIDE=1 dumps the whole corpus (the wasm test in
// tests/js/tokenizer-fixtures.test.js always checks all of it).
const STRIDE = Math.max(1, Number(process.env.WASMPIPE_REFERENCE_STRIDE || 3));

const tokenizerDir = path.join(fixtures, 'tokenizers');
const tokenizers = [];
for (const d of fs.readdirSync(tokenizerDir).sort()) {
  if (INVALID.has(d)) continue;
  for (const f of fs.readdirSync(path.join(tokenizerDir, d)).sort()) {
    if (!/^tokenizer(\.[\w-]+)?\.json$/.test(f) || f === 'tokenizer_config.json') continue;
    const cfg = path.join(tokenizerDir, d, 'tokenizer_config.json');
    tokenizers.push({
      name: f === 'tokenizer.json' ? d : `${d}.${f.slice('tokenizer.'.length, -'.json'.length)}`,
      path: path.join(tokenizerDir, d, f),
      // the config belongs to tokenizer.json; other copies (tokenizer.daulet.json) load alone
      config: f === 'tokenizer.json' && fs.existsSync(cfg) ? cfg : '',
    });
  }
}
const MODES = ['single', 'nospecial', 'pair'];

// What Python users get (CLIPTokenizerFast rewrites the decode); wasmpipe does the same.
const transformersDecode = (t, text) => pythonDecode(t.config, text);

// ---- hashing: identical to the C++ test's ------------------------------------------------------
// The words hashed: n, ids[n], type_ids[n], special[n], attention[n], offsets as BYTE offsets
// (start, end)[n], word ids[n] (-1 = none), sequence ids[n] (-1 = none), each as u32.
function hashWords(words) {
  let h1 = 0x811c9dc5, h2 = 0x9747b28c;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] >>> 0;
    h1 = Math.imul(h1 ^ w, 0x01000193) >>> 0;
    h2 = Math.imul((h2 ^ w) >>> 0, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return [h1, h2];
}
function hashBytes(buf) {
  const words = new Uint32Array(buf.length + 1);
  words[0] = buf.length;
  for (let i = 0; i < buf.length; i++) words[i + 1] = buf[i];
  return hashWords(words);
}
function encodingWords(e, textA, textB) {
  const c = encodingColumns(e, textA, textB);
  const out = new Uint32Array(1 + 8 * c.n);
  out[0] = c.n;
  let at = 1;
  for (const column of [c.ids, c.typeIds, c.special, c.attention, c.offsets, c.wordIds, c.sequenceIds]) {
    out.set(column, at);  // -1 (no word / sequence) becomes 0xFFFFFFFF
    at += column.length;
  }
  return out;
}

const jobsOf = (mode) => (mode === 'pair' ? pairs.map((i) => [paragraphs[i].text, paragraphs[i + 1].text]) : paragraphs.map((p) => [p.text, null]));
const sampled = (list) => list.filter((_, k) => k % STRIDE === 0);

async function encodeChunk(tk, chunk, mode) {
  const add = mode !== 'nospecial';
  // encodeBatch pads a batch together (tokenizer.json's padding): the test encodes one at a time.
  if (tk.hasPadding) return Promise.all(chunk.map(([a, b]) => tk.encode(a, b, { addSpecialTokens: add }).catch(() => null)));
  try {
    return await tk.encodeBatch(chunk.map(([a, b]) => (b === null ? a : [a, b])), { addSpecialTokens: add });
  } catch {
    // one of them was refused: encode one by one to know which
    return Promise.all(chunk.map(([a, b]) => tk.encode(a, b, { addSpecialTokens: add }).catch(() => null)));
  }
}

// ---- --show: Rust's encoding of one record, as the C++ test prints ours ----------------------------
if (process.argv[2] === '--show') {
  const [, , , name, mode, index] = process.argv;
  const t = tokenizers.find((x) => x.name === name);
  if (!t) throw new Error(`unknown fixture ${name}; one of: ${tokenizers.map((x) => x.name).join(', ')}`);
  const tk = Tokenizer.fromFile(t.path);
  tk.hasPadding = !!JSON.parse(fs.readFileSync(t.path, 'utf8')).padding;
  const k = Number(index);
  if (mode === 'decode') {
    const e = await tk.encode(paragraphs[k].text, null, { addSpecialTokens: true });  // k: paragraph index
    const [w, wo] = [await tk.decode(e.getIds(), false), await tk.decode(e.getIds(), true)];
    console.log(JSON.stringify({ with: transformersDecode(t, w), without: transformersDecode(t, wo) }, null, 1));
  } else {
    const [a, b] = jobsOf(mode)[k];
    const [e] = await encodeChunk(tk, [[a, b]], mode);
    if (!e) { console.log('Rust refused this input'); process.exit(0); }
    const w = encodingWords(e, a, b);
    const n = w[0];
    const col = (c) => Array.from(w.subarray(1 + c * n, 1 + (c + 1) * n), (x) => x | 0);
    const offs = Array.from({ length: n }, (_, i) => [w[1 + 4 * n + 2 * i], w[2 + 4 * n + 2 * i]]);
    console.log(`n ${n} hash ${hashWords(w).map((x) => x.toString(16)).join(' ')}`);
    console.log('tokens', JSON.stringify(e.getTokens()));
    console.log('ids', JSON.stringify(col(0)));
    console.log('type_ids', JSON.stringify(col(1)));
    console.log('special', JSON.stringify(col(2)));
    console.log('attention', JSON.stringify(col(3)));
    console.log('byte offsets', JSON.stringify(offs));
    console.log('word_ids', JSON.stringify(Array.from(w.subarray(1 + 6 * n, 1 + 7 * n), (x) => x | 0)));
    console.log('sequence_ids', JSON.stringify(Array.from(w.subarray(1 + 7 * n, 1 + 8 * n), (x) => x | 0)));
  }
  process.exit(0);
}

// ---- dump ------------------------------------------------------------------------------------------
const outDir = path.resolve(process.argv[2] || path.join(root, 'build/ref-all'));
fs.mkdirSync(outDir, { recursive: true });
writeParagraphs(outDir, paragraphs);
const started = Date.now();
for (const t of tokenizers) {
  const t0 = Date.now();
  if (process.env.WASMPIPE_REFERENCE_ONLY && t.name !== process.env.WASMPIPE_REFERENCE_ONLY) continue;
  const tk = Tokenizer.fromFile(t.path);
  tk.hasPadding = !!JSON.parse(fs.readFileSync(t.path, 'utf8')).padding;
  const singleIds = [];
  for (const mode of MODES) {
    const jobs = sampled(jobsOf(mode));
    const out = new Uint32Array(1 + 3 * jobs.length);
    out[0] = jobs.length;
    for (let k = 0; k < jobs.length; k += 512) {
      const chunk = jobs.slice(k, k + 512);
      const encs = await encodeChunk(tk, chunk, mode);
      encs.forEach((e, i) => {
        const r = 1 + 3 * (k + i);
        if (!e) { out[r] = 0xffffffff; return; }
        const w = encodingWords(e, chunk[i][0], chunk[i][1]);
        [out[r + 1], out[r + 2]] = hashWords(w);
        out[r] = w[0];
        if (mode === 'single') singleIds[k + i] = e.getIds();
      });
    }
    fs.writeFileSync(path.join(outDir, `${t.name}.${mode}.bin`), Buffer.from(out.buffer));
  }
  const nSingle = Math.ceil(paragraphs.length / STRIDE);
  const dec = new Uint32Array(1 + 4 * nSingle);
  dec[0] = nSingle;
  for (let k = 0; k < nSingle; k += 512) {
    const ids = singleIds.slice(k, k + 512).map((x) => x ?? []);
    const [a, b] = await Promise.all([tk.decodeBatch(ids, false), tk.decodeBatch(ids, true)]);
    ids.forEach((_, i) => {
      const r = 1 + 4 * (k + i);
      [dec[r], dec[r + 1]] = hashBytes(Buffer.from(transformersDecode(t, a[i]), 'utf8'));
      [dec[r + 2], dec[r + 3]] = hashBytes(Buffer.from(transformersDecode(t, b[i]), 'utf8'));
    });
  }
  fs.writeFileSync(path.join(outDir, `${t.name}.decode.bin`), Buffer.from(dec.buffer));
  console.log(`${t.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const manifest = {
  paragraphs: paragraphs.length, pairs: pairs.length, stride: STRIDE, files, modes: [...MODES, 'decode'],
  fixtures: tokenizers.map((t) => ({ name: t.name, path: t.path, config: t.config })),
};
// WASMPIPE_REFERENCE_ONLY=<fixture> redoes one fixture's files, keeping the rest and the manifest.
if (!process.env.WASMPIPE_REFERENCE_ONLY) fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
console.log(`${tokenizers.length} tokenizers, ${paragraphs.length} paragraphs, ${pairs.length} pairs -> ${outDir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
