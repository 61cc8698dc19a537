// One tokenizer, wasmpipe's wasm build against HF's Rust `tokenizers` (npm binding), field by field:
// ids (three paths), tokens, offsets, type ids, sequence ids, special-tokens mask, with and without
// special tokens, pairs, and decode with and without skip_special_tokens. Shared by
// tokenizer-fixtures.test.js (every shared fixture) and tokenizer-variants.test.js (synthetic ones).
import assert from 'node:assert/strict';
import { RawEncoder } from '../../../js/tokenizer-raw.js';
import { encodeFull } from '../../../js/tokenizer-raw-full.js';
import { decodeIds } from '../../../js/tokenizer-raw-decode.js';
import { transformersDecode } from './transformers-decode.js';

export const ADVERSARIAL = [
  '', ' ', '   \t\n  ', '\n\n\n', 'a'.repeat(200_000), 'x y'.repeat(5000),
  'ok \uD800 lone high, lone low \uDC00 end', '👩‍👩‍👧‍👦 👍🏽 🏳️‍🌈', 'e\u0301\u0302\u0303 a\u20DD',
  'مرحبا بالعالم ‏שלום‏', 'ctrl\u0000\u0001\u0007\u001b[0m\u007f\u0085\u200b\u2028\u2029\uFEFF end',
  '[CLS] [SEP] [MASK] <s></s> <|endoftext|> <pad>', 'İstanbul ǅ ß ﬁ Ⅻ ①',
];

// Rust's node binding reports code-point offsets; ours are UTF-16 units (what String#slice uses).
// units[i] = UTF-16 position of code point i.
function utf16Units(text) {
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return units;
}

/**
 * Whether two lists (arrays or typed arrays) hold the same numbers / strings, or the same [start,
 * end] pairs, element by element (=== : 0 and -0 alike). What comparing their JSON did, without
 * building two strings per field per encoding: that was a fifth of the fixture test's time.
 */
export function sameRows(g, w) {
  if (g.length !== w.length) return false;
  for (let i = 0; i < g.length; i++) {
    const x = g[i], y = w[i];
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}

/**
 * The first field of `checks` ({field: [got, want]}) whose lists differ (sameRows), with both
 * shown (cut to 300 characters), or null when all agree.
 */
export function firstDifference(checks) {
  for (const [field, [g, w]] of Object.entries(checks)) {
    if (!sameRows(g, w)) return { field, got: JSON.stringify(Array.from(g)).slice(0, 300), want: JSON.stringify(Array.from(w)).slice(0, 300) };
  }
  return null;
}

/**
 * Compares `ours` (a core.Tokenizer) with `rust` (a tk.Tokenizer) on `inputs` (pairs: each input
 * with the next), asserting zero mismatches. Decode is checked on every `decodeEvery`-th input.
 * Returns the counts compared, for the log: { texts, encodings, decodes, mismatches }.
 */
export async function compareWithRust(core, ours, rust, inputs, { cfgFile = '', decodeEvery = 50, pairs = true } = {}) {
  const raw = new RawEncoder(core, ours);
  const runs = [
    { label: 'no special tokens', add: false, pair: false },
    { label: 'special tokens', add: true, pair: false },
    ...(pairs ? [{ label: 'pairs', add: true, pair: true }] : []),
  ];
  let encodings = 0, decodes = 0;
  for (const run of runs) {
    const items = run.pair ? inputs.slice(0, -1).map((p, i) => [p, inputs[i + 1]]) : inputs.map((p) => [p, null]);
    const expected = run.pair
      ? await Promise.all(items.map(([a, b]) => rust.encode(a, b, { addSpecialTokens: run.add })))
      : await rust.encodeBatch(items.map(([a]) => a), { addSpecialTokens: run.add });
    let mismatches = 0, first = null;
    items.forEach(([a, b], i) => {
      // The full encoding as tokenizer() / encodeWithOffsets() get it (js/tokenizer-raw-full.js).
      const [got] = encodeFull(raw, [a], b === null ? null : [b], { addSpecialTokens: run.add, batch: false });
      const gotOffsets = Array.from({ length: got.ids.length }, (_, j) => [got.offsets[2 * j], got.offsets[2 * j + 1]]);
      const want = expected[i];
      const sequenceIds = want.getSequenceIds();
      const unitsA = utf16Units(a), unitsB = b === null ? null : utf16Units(b);
      const wantOffsets = want.getOffsets().map(([s0, e0], j) => {
        const units = sequenceIds[j] === 1 && unitsB ? unitsB : unitsA;
        return [units[s0], units[e0]];
      });
      const wantIds = want.getIds();
      const checks = {
        ids: [got.ids, wantIds],
        ids_only: [ours.encodeIds(a.toWellFormed(), b?.toWellFormed() ?? null, run.add), wantIds],
        raw_ids: [raw.encode(a, b, run.add), wantIds],  // encode()'s path (js/tokenizer-raw.js)
        tokens: [got.tokens, want.getTokens()],
        type_ids: [got.type_ids, want.getTypeIds()],
        sequence_ids: [got.sequence_ids, sequenceIds.map((s) => s ?? -1)],
        special_tokens_mask: [got.special_tokens_mask, want.getSpecialTokensMask()],
        offsets: [gotOffsets, wantOffsets],
      };
      const diff = firstDifference(checks);
      if (diff) {
        mismatches++;
        first ??= { i, text: a.slice(0, 120), ...diff };
      }
    });
    assert.equal(mismatches, 0, `${run.label}: ${mismatches}/${items.length} differ; first: ${JSON.stringify(first, null, 1)}`);
    encodings += items.length;
  }
  // decode, with and without skipping special tokens (a sample keeps this quick)
  for (const text of inputs.filter((_, i) => i % decodeEvery === 0)) {
    const ids = ours.encodeIds(text.toWellFormed(), null, true);
    for (const skip of [false, true]) {
      const want = transformersDecode(cfgFile, await rust.decode(Array.from(ids), skip));
      // tokenizer.decode()'s path (js/tokenizer-raw-decode.js)
      assert.equal(decodeIds(raw, ids, skip, false), want, `decode(skip=${skip}) of ${JSON.stringify(text.slice(0, 60))}`);
      decodes++;
    }
  }
  return { texts: inputs.length, encodings, decodes, mismatches: 0 };
}

/** The log line the tests print (scripts/test.sh sums them): counts of what was compared. */
export const comparedLine = (name, c) =>
  `compared with Rust: ${name}: ${c.texts} texts, ${c.encodings} encodings (8 fields each), ${c.decodes} decodes, ${c.mismatches} mismatches`;
