// Review (stop 9): BertNormalizer's ids-only ASCII fast path (wasm/normalizers/bert_normalizer.cpp,
// run<false>) flushed the pending combining marks at every ASCII run, including a run that starts
// with a control char clean_text drops. Rust cleans the text first and decomposes (NFD, canonical
// reordering of marks) afterwards, so marks on both sides of a dropped control are one sequence of
// non-starters and are put in canonical order together: "a" U+1D16D (ccc 226) \x01 U+1D165 (ccc 216)
// normalizes to "a" U+1D165 U+1D16D. encode() kept the original order (its full path,
// encodeWithOffsets, did not). Both are spacing marks (Mc), which strip_accents keeps.
// Oracle: HF's Rust `tokenizers` on bert-base-uncased's real tokenizer.json, two of its [unusedN]
// vocabulary entries renamed to the two orders so that the ids tell them apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

const CANONICAL = 'a\u{1D165}\u{1D16D}';  // NFD order (ccc 216 before 226)
const REVERSED = 'a\u{1D16D}\u{1D165}';

test('encode() puts marks around a dropped control in canonical order, as Rust does', async () => {
  const json = JSON.parse(readFileSync(path.join(TOKENIZER_FIXTURES, 'bert-base-uncased', 'tokenizer.json'), 'utf8'));
  const vocab = json.model.vocab;
  vocab[CANONICAL] = vocab['[unused1]'];
  vocab[REVERSED] = vocab['[unused2]'];
  delete vocab['[unused1]'];
  delete vocab['[unused2]'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'review2-bert-'));
  const file = path.join(dir, 'tokenizer.json');
  writeFileSync(file, JSON.stringify(json));
  const rust = tk.Tokenizer.fromFile(file);
  const ours = await PreTrainedTokenizer.from_json(JSON.stringify(json), {});
  try {
    const texts = [
      'a\u{1D16D}\u0001\u{1D165}', 'a\u{1D16D}\u007F\u{1D165} x', 'x a\u{1D16D}\u0000\u0002\u{1D165}',
      'A\u{1D16D}\u0001\u{1D165}', 'a\u0301\u{1D16D}\u0001\u{1D165}', REVERSED, CANONICAL, 'a\u{1D16D}\u0001 \u{1D165}',
    ];
    const want = await rust.encodeBatch(texts);
    // The case is only a test when Rust tells the orders apart.
    assert.ok(want[0].getIds().includes(vocab[CANONICAL]), 'Rust normalizes to the canonical order');
    texts.forEach((t, i) => {
      assert.deepEqual(ours.encode(t), want[i].getIds(), `encode(${JSON.stringify(t)})`);
      assert.deepEqual(Array.from(ours.encodeWithOffsets(t).ids), want[i].getIds(), `encodeWithOffsets(${JSON.stringify(t)})`);
    });
  } finally {
    ours.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
