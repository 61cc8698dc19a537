// What the Rust reference dumpers share (dump_reference_ids.mjs -> build/ref, dump_reference_hashes.mjs
// -> build/ref-all): HF's Rust `tokenizers` binding, the shared corpus split into paragraphs and
// same-file pairs, paragraphs.bin (read by the C++ tests), and a Rust encoding's columns with
// BYTE offsets (what the C++ tests compare). Both formats depend on this staying the same.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const { Tokenizer } = require(path.join(root, 'node_modules/tokenizers'));
export const fixtures = process.env.WASMPIPE_FIXTURES || path.join(root, '../shared/fixtures');

/**
 * The corpus: files (sorted names), paragraphs ({file index, text}, split on blank lines, blank ones
 * dropped) and pairs (index i of each paragraph whose successor i+1 is in the same file).
 */
export function readCorpus() {
  const corpusDir = path.join(fixtures, 'corpus');
  const files = fs.readdirSync(corpusDir).sort();
  const paragraphs = [];
  files.forEach((f, fi) => {
    const text = fs.readFileSync(path.join(corpusDir, f), 'utf8');
    for (const p of text.split(/\n[ \t\r]*\n/)) if (/\S/.test(p)) paragraphs.push({ file: fi, text: p });
  });
  const pairs = [];
  for (let i = 0; i + 1 < paragraphs.length; i++) if (paragraphs[i].file === paragraphs[i + 1].file) pairs.push(i);
  return { files, paragraphs, pairs };
}

export function u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; }

/** paragraphs.bin: u32 count, then per paragraph: u32 file index, u32 byte length, UTF-8 bytes. */
export function writeParagraphs(outDir, paragraphs) {
  const parts = [u32(paragraphs.length)];
  for (const p of paragraphs) {
    const b = Buffer.from(p.text, 'utf8');
    parts.push(u32(p.file), u32(b.length), b);
  }
  fs.writeFileSync(path.join(outDir, 'paragraphs.bin'), Buffer.concat(parts));
}

// Code point index -> UTF-8 byte offset table for `text`.
function charToByte(text) {
  const table = [0];
  let b = 0;
  for (const ch of text) { const cp = ch.codePointAt(0); b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; table.push(b); }
  return table;
}

/**
 * A Rust encoding of textA (+ textB) as columns of n entries each. Rust's node binding reports
 * code-point offsets; `offsets` holds (start, end) as UTF-8 BYTE offsets into the token's own
 * sequence (2n entries; (0, 0) stays (0, 0)). Missing word / sequence ids are -1.
 */
export function encodingColumns(e, textA, textB) {
  const ids = e.getIds(), n = ids.length;
  const offs = e.getOffsets(), seqs = e.getSequenceIds();
  const ta = charToByte(textA), tb = textB != null ? charToByte(textB) : null;
  const offsets = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = seqs[i] === 1 ? tb : ta;
    const [s, en] = offs[i];
    offsets[2 * i] = s === 0 && en === 0 ? 0 : t[s];
    offsets[2 * i + 1] = s === 0 && en === 0 ? 0 : t[en];
  }
  return {
    n, ids, offsets,
    typeIds: e.getTypeIds(), special: e.getSpecialTokensMask(), attention: e.getAttentionMask(),
    wordIds: e.getWordIds().map((w) => w ?? -1), sequenceIds: seqs.map((s) => s ?? -1),
  };
}
