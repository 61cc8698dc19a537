// Truncation, padding and batches of every tokenizer.json in the shared fixtures, through the wasm
// build, against HF's Rust `tokenizers` (npm binding 0.23.2) on a deterministic sample of corpus
// paragraphs: every strategy x direction x stride x max_length (down to the post-processor's own
// special tokens, and below it: Rust then skips truncation after its early exit), pairs, padding
// (longest / fixed / pad_to_multiple_of, left / right), batches of mixed lengths. Every Encoding field is compared,
// overflowing encodings included (recursively: a pair whose two sequences overflow nests them).
//
// Overflowing and tokenizers 0.23: since 0.23.1 Rust stops tokenizing at max_length and so loses
// most overflowing windows (tokenizers#2091, fix pending in #2098). wasmpipe keeps the whole-input
// windows of <= 0.22. Main encodings are compared with Rust's encode / encodeBatch as they are;
// overflowing windows with Rust's own 0.22 route: the untruncated encodings through
// Tokenizer.postProcess (which truncates, post-processes and pads them, without the early exit),
// whenever that route gives the same main ids as encode. Where it does not (a LongestFirst pair
// that the early exit splits differently), the windows cannot be checked against Rust: they are
// counted as unverified (WASMPIPE_TIMING=1 prints the counts per fixture and option family).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { RawEncoder } from '../../js/tokenizer-raw.js';
import { encodeFull } from '../../js/tokenizer-raw-full.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const INVALID = new Set(['meta-llama__Llama-2-7b-hf']);  // Rust rejects it too (tokenizer-fixtures.test.js)
const verbose = !!process.env.WASMPIPE_TIMING;

const fixtures = readdirSync(TOKENIZER_FIXTURES).sort()
  .filter((d) => existsSync(path.join(TOKENIZER_FIXTURES, d, 'tokenizer.json')) && !INVALID.has(d));
const core = await getCore();

// A deterministic sample: evenly spaced paragraphs (every script of the corpus), cut to `chars`
// code points so that tiny max_length values with strides stay cheap.
const paragraphs = corpusParagraphs();
function sample(count, chars, offset = 0) {
  const out = [];
  for (let k = 0; k < count; k++) {
    const p = paragraphs[Math.floor(((k + offset / count) * paragraphs.length) / count) % paragraphs.length];
    out.push(Array.from(p.toWellFormed()).slice(0, chars).join(''));
  }
  return out;
}
const SINGLES = [...sample(5, 400), 'a', ''];
const PAIRS = sample(8, 160, 0.5).map((p, i, all) => [p, all[(i + 3) % all.length]]);
PAIRS.push(['short', SINGLES[0].slice(0, 300)], [SINGLES[1].slice(0, 300), 'x'], ['', 'y']);

// Rust reports code-point offsets; ours are UTF-16 units.
function utf16Units(text) {
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return units;
}

// oracle: an encoding of the 0.22 route, whose first-sequence tokens Rust leaves without a
// sequence id (the untruncated first sequence is encoded alone): theirs is 0.
function rustFields(e, a, b, oracle = false) {
  const special = e.getSpecialTokensMask();
  const seq = e.getSequenceIds().map((s, j) => s ?? (oracle && !special[j] ? 0 : -1));
  // Without reliable sequence ids (no post-processor), the type id is the token's sequence.
  const source = oracle === 'no-sequence-ids' ? e.getTypeIds() : seq;
  const ua = utf16Units(a), ub = b === null ? null : utf16Units(b);
  return {
    ids: e.getIds(), tokens: e.getTokens(), type_ids: e.getTypeIds(), sequence_ids: seq,
    attention_mask: e.getAttentionMask(), special_tokens_mask: special,
    word_ids: e.getWordIds().map((w) => w ?? -1),
    offsets: e.getOffsets().flatMap(([s, t], j) => { const u = source[j] === 1 && ub ? ub : ua; return [u[s], u[t]]; }),
  };
}
function ourFields(e) {
  return {
    ids: Array.from(e.ids), tokens: e.tokens, type_ids: Array.from(e.type_ids), sequence_ids: Array.from(e.sequence_ids),
    attention_mask: Array.from(e.attention_mask), special_tokens_mask: Array.from(e.special_tokens_mask),
    word_ids: Array.from(e.word_ids), offsets: Array.from(e.offsets),
  };
}
// First difference between our encoding and Rust's (recursing into overflowing when `deep`), or null.
function diff(ours, rust, a, b, deep, where = 'main', oracle = false) {
  const want = rustFields(rust, a, b, oracle), got = ourFields(ours);
  if (oracle === 'no-sequence-ids') delete want.sequence_ids;
  for (const field of Object.keys(want)) {
    if (JSON.stringify(got[field]) !== JSON.stringify(want[field])) {
      return { where, field, got: JSON.stringify(got[field]).slice(0, 240), want: JSON.stringify(want[field]).slice(0, 240) };
    }
  }
  if (!deep) return null;
  const ro = rust.getOverflowing();
  if (ours.overflowing.length !== ro.length) {
    return { where, field: 'overflowing.length', got: ours.overflowing.length, want: ro.length };
  }
  for (let i = 0; i < ro.length; i++) {
    const d = diff(ours.overflowing[i], ro[i], a, b, true, `${where}.overflowing[${i}]`, oracle);
    if (d) return d;
  }
  return null;
}

// The overflowing parts only (the main part is compared with Rust's encode).
// ignoreSequenceIds: without a post-processor, Rust keeps sequence ids (as ranges) on the main
// parts only, and its merged windows report made-up ones (a pair's tokens as sequence 0); the
// 0.22 route's are made up differently. Ours stay those of each token's sequence.
function diffOverflowing(ours, rust, a, b, ignoreSequenceIds) {
  const ro = rust.getOverflowing();
  if (ours.overflowing.length !== ro.length) return { where: 'main', field: 'overflowing.length', got: ours.overflowing.length, want: ro.length };
  for (let i = 0; i < ro.length; i++) {
    const d = diff(ours.overflowing[i], ro[i], a, b, true, `main.overflowing[${i}]`, ignoreSequenceIds ? 'no-sequence-ids' : true);
    if (d) return d;
  }
  return null;
}

const rustTruncation = (t) => [t.max_length, {
  stride: t.stride, strategy: { longest_first: 'LongestFirst', only_first: 'OnlyFirst', only_second: 'OnlySecond' }[t.strategy],
  direction: t.direction,
}];
const rustPadding = (p) => ({
  direction: p.direction, padId: p.pad_id, padTypeId: p.pad_type_id, padToken: p.pad_token,
  ...(p.strategy === 'max_length' ? { maxLength: p.max_length } : {}),
  ...(p.pad_to_multiple_of ? { padToMultipleOf: p.pad_to_multiple_of } : {}),
});

// How many tokens Rust's truncate_encodings keeps of each sequence, from their lengths l1, l2
// (without special tokens; l2 null: no pair) and the room left after the special tokens.
function keepSplit(trunc, l1, l2, room) {
  if (room === 0) return [0, l2 === null ? null : 0];  // everything overflows, whatever the strategy
  if (l2 === null) return [Math.min(l1, room), null];
  if (l1 + l2 <= room) return [l1, l2];
  if (trunc.strategy === 'longest_first') {
    let n1 = Math.min(l1, l2), n2 = Math.max(l1, l2);
    n2 = n1 > room ? n1 : Math.max(n1, room - n1);
    if (n1 + n2 > room) { n1 = Math.floor(room / 2); n2 = n1 + (room % 2); }
    return l1 > l2 ? [n2, n1] : [n1, n2];
  }
  const remove = l1 + l2 - room;
  return trunc.strategy === 'only_first' ? [l1 - remove, l2] : [l1, l2 - remove];
}

// Rust's Encoding::truncate asserts stride < the length it keeps (a panic that aborts Node):
// whether one of the cuts truncate_encodings makes would assert.
function rustWouldPanic(trunc, l1, l2, room) {
  if (!trunc || trunc.stride === 0) return false;
  const cut = (keep, len) => keep > 0 && keep < len && trunc.stride >= keep;
  if (l2 !== null && room > 0 && l1 + l2 > room && trunc.strategy !== 'longest_first') {
    const len = trunc.strategy === 'only_first' ? l1 : l2;
    if (len <= l1 + l2 - room) return false;  // Rust returns an error instead
  }
  const [k1, k2] = keepSplit(trunc, l1, l2, room);
  return cut(k1, l1) || (l2 !== null && cut(k2, l2));
}

for (const name of fixtures) {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const file = path.join(dir, 'tokenizer.json');
  const cfgFile = path.join(dir, 'tokenizer_config.json');

  test(`${name}: truncation, padding and batches equal HF Rust tokenizers (every Encoding field, overflowing included)`, async () => {
    const started = performance.now();
    const ours = core.Tokenizer.fromJSON(readFileSync(file, 'utf8'), existsSync(cfgFile) ? readFileSync(cfgFile, 'utf8') : '');
    assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
    const rust = tk.Tokenizer.fromFile(file);
    // tokenizer()'s path with options (js/tokenizer-raw-full.js); errors come back as values.
    const raw = new RawEncoder(core, ours);
    const encodeWithOptions = (a, b, { add_special_tokens, truncation, padding }) => {
      const batch = Array.isArray(a);
      try {
        const out = encodeFull(raw, batch ? a : [a], b === null ? null : batch ? b : [b],
          { addSpecialTokens: add_special_tokens, batch, truncation, padding });
        return batch ? out : out[0];
      } catch (e) {
        return e;
      }
    };
    // The 0.22 route's input: raw encodings, without truncation, padding, nor post-processor (which
    // postProcess applies, and which must not see them twice: ByteLevel / Roberta trim offsets).
    const plain = tk.Tokenizer.fromString(JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), post_processor: null, truncation: null, padding: null }));
    const hasPostProcessor = !!JSON.parse(readFileSync(file, 'utf8')).post_processor;
    const withSpecials = tk.Tokenizer.fromFile(file);  // to count the special tokens
    withSpecials.disableTruncation();
    withSpecials.disablePadding();
    const counts = {};  // family -> { checked, bad, unverified }
    const failures = [];
    const note = (family, key) => { (counts[family] ??= { checked: 0, bad: 0, unverified: 0, bounded: 0, belowSpecials: 0 })[key]++; };
    const fail = (family, what) => { note(family, 'bad'); if (failures.length < 5) failures.push({ family, ...what }); };
    try {
      const nSingle = (await withSpecials.encode('', null, { addSpecialTokens: true })).getLength();
      const nPair = (await withSpecials.encode('', '', { addSpecialTokens: true })).getLength();
      const fullCache = new Map();
      // Untruncated encodings of a first sequence, and of a second one (encoded as the pair of an
      // empty text, so that its tokens carry type id 1 and sequence id 1, as in a real pair).
      const full = async (text, second = false) => {
        const key = `${second ? 1 : 0}${text}`;
        if (!fullCache.has(key)) {
          fullCache.set(key, await (second ? plain.encode('', text, { addSpecialTokens: false }) : plain.encode(text, null, { addSpecialTokens: false })));
        }
        return fullCache.get(key);
      };

      // One configuration: Rust's settings, our options, then every input of `items` alone
      // (encode) and as one batch (encodeBatch).
      async function check(family, trunc, pad, items, add = true) {
        let rustRefusedSettings = null;
        // Rust's node binding panics (aborts the process) on a stride it cannot use: its
        // with_truncation error, stride >= max_length - special tokens of a single sequence.
        if (trunc && trunc.stride > 0 && trunc.stride >= Math.max(0, trunc.max_length - nSingle)) {
          rustRefusedSettings = new Error('stride >= effective max length (Rust panics on these settings)');
        }
        if (!rustRefusedSettings) try {
          if (trunc) rust.setTruncation(...rustTruncation(trunc)); else rust.disableTruncation();
          if (pad) rust.setPadding(rustPadding(pad)); else rust.disablePadding();
        } catch (e) {
          rustRefusedSettings = e;
        }
        const options = { add_special_tokens: add, truncation: trunc, padding: pad };
        const room = (b) => (trunc ? Math.max(0, trunc.max_length - (add ? (b === null ? nSingle : nPair) : 0)) : 0);
        const panics = async ([a, b]) => rustWouldPanic(trunc, (await full(a)).getLength(), b === null ? null : (await full(b)).getLength(), room(b));
        if (rustRefusedSettings) {
          note(family, 'checked');
          const r = encodeWithOptions(items[0][0], items[0][1], options);
          if (!(r instanceof Error)) fail(family, { what: `Rust refused the settings (${rustRefusedSettings.message}), we encoded`, trunc });
          return;
        }
        // Alone.
        const refused = new Set();  // items Rust refuses or would panic on
        for (const item of items) {
          const [a, b] = item;
          note(family, 'checked');
          let want = null, wantErr = null;
          // max_length below the special tokens the post-processor adds: Rust skips truncation and
          // returns what its early exit kept (more than max_length tokens, no overflow); so do we.
          if (trunc && add && trunc.max_length < (b === null ? nSingle : nPair)) note(family, 'belowSpecials');
          if (await panics([a, b])) {
            wantErr = new Error('Rust panics: stride >= the length truncation keeps of a sequence');
          } else {
            try { want = await rust.encode(a, b, { addSpecialTokens: add }); } catch (e) { wantErr = e; }
          }
          const got = encodeWithOptions(a, b, options);
          if (wantErr) refused.add(item);
          if (wantErr || got instanceof Error) {
            if (!(wantErr && got instanceof Error)) fail(family, { what: wantErr ? `Rust refused (${wantErr.message}), we encoded` : `we refused (${got.message}), Rust encoded`, a: a.slice(0, 40), trunc });
            else assert.equal(got.code, 'INVALID_ARGUMENT', got.message);
            continue;
          }
          const d = diff(got, want, a, b, false);
          if (d) { fail(family, { ...d, a: a.slice(0, 40), b: b?.slice(0, 40), trunc, pad }); continue; }
          if (!trunc || !got.overflowing.length && !want.getOverflowing().length) continue;
          // Overflowing: Rust's 0.22 route (untruncated encodings through postProcess).
          const oracle = await rust.postProcess(await full(a), b === null ? null : await full(b, true), add);
          // The 0.22 route splits max_length by the full lengths; 0.23 by the early-exit ones. Its
          // windows are only comparable where both keep as many tokens of each sequence.
          const l1 = (await full(a)).getLength(), l2 = b === null ? null : (await full(b, true)).getLength();
          const [k1, k2] = keepSplit(trunc, l1, l2, room(b));
          const seqIds = want.getSequenceIds();
          const kept = [0, 1].map((id) => seqIds.filter((x) => x === id).length);
          if (kept[0] !== k1 || (b !== null && kept[1] !== k2)) { if (process.env.DEBUG_UNVERIFIED) console.log('UNV', family, JSON.stringify(trunc), l1, l2, room(b), k1, k2, kept); note(family, 'unverified'); continue; }
          let od = diffOverflowing(got, oracle, a, b, !hasPostProcessor);
          // A pair whose every window combines with every window of the other is quadratic: past a
          // bound wasmpipe returns tokenizers 0.23's windows instead (tokenizer.cpp, kMaxOverflowTokens).
          if (od && got.overflowing.length === want.getOverflowing().length && oracle.getOverflowing().length > 1000) {
            od = diffOverflowing(got, want, a, b, !hasPostProcessor);
            if (!od) { note(family, 'bounded'); continue; }
          }
          if (od) fail(family, { ...od, a: a.slice(0, 40), b: b?.slice(0, 40), trunc, pad });
        }
        // As batches (one of single texts, one of pairs): padding to the longest is across the batch.
        for (const group of [items.filter(([, b]) => b === null), items.filter(([, b]) => b !== null)]) {
          if (group.length < 2) continue;
          note(family, 'checked');
          const isPair = group[0][1] !== null;
          let wantBatch = null, wantErr = null;
          if (group.some((item) => refused.has(item))) {
            wantErr = new Error('Rust refuses (or panics on) one of the inputs');
          } else if (!isPair) {
            try { wantBatch = await rust.encodeBatch(group.map(([a]) => a), { addSpecialTokens: add }); } catch (e) { wantErr = e; }
          } else {
            // The node binding's encodeBatch takes no pairs. Rust's encode_batch is each input's
            // encode (padded alone) then pad_encodings: the longest (or fixed) length rounded up
            // to the multiple, applied with Rust's own Encoding.pad (overflowing included).
            wantBatch = await Promise.all(group.map(([a, b]) => rust.encode(a, b, { addSpecialTokens: add })));
            if (pad) {
              let length = pad.strategy === 'max_length' ? pad.max_length : Math.max(...wantBatch.map((e) => e.getLength()));
              const m = pad.pad_to_multiple_of ?? 0;
              if (m && length % m) length += m - (length % m);
              const { direction, padId, padTypeId, padToken } = rustPadding(pad);
              for (const e of wantBatch) e.pad(length, { direction, padId, padTypeId, padToken });
            }
          }
          const gotBatch = encodeWithOptions(group.map(([a]) => a), isPair ? group.map(([, b]) => b) : null, options);
          if (wantErr || gotBatch instanceof Error) {
            if (!(wantErr && gotBatch instanceof Error)) fail(family, { what: `batch: ${wantErr ? 'Rust refused, we encoded' : `we refused (${gotBatch.message})`}`, trunc });
            continue;
          }
          for (let i = 0; i < group.length; i++) {
            const d = diff(gotBatch[i], wantBatch[i], group[i][0], group[i][1], !trunc);
            if (d) { fail(family, { batch: i, ...d, trunc, pad }); break; }
          }
        }
      }

      const strategies = ['longest_first', 'only_first', 'only_second'];
      const lengths = [...new Set([nSingle - 1, nSingle, nPair, nPair + 1, nPair + 5, nPair + 24])].filter((n) => n >= 0);
      const singles = SINGLES.map((s) => [s, null]);
      let rot = 0;
      const some = (list, k) => Array.from({ length: k }, () => list[rot++ % list.length]);
      for (const strategy of strategies) {
        for (const direction of ['right', 'left']) {
          for (const max_length of lengths) {
            for (const stride of [0, 1, 4]) {
              const trunc = { max_length, stride, strategy, direction };
              await check(`truncation ${strategy}`, trunc, null, [...some(singles, 2), ...some(PAIRS, 2)]);
            }
          }
        }
      }
      if (nSingle > 0) assert.ok(Object.values(counts).some((c) => c.belowSpecials > 0), 'max_length below the special tokens was checked');
      // Without special tokens (the post-processor adds nothing: max_length is all the model's).
      for (const max_length of [1, 3, 20]) {
        await check('truncation, add_special_tokens false', { max_length, stride: max_length > 1 ? 1 : 0, strategy: 'longest_first', direction: 'right' }, null, [...some(singles, 2), ...some(PAIRS, 2)], false);
      }
      const padToken = { pad_id: 3, pad_type_id: 2, pad_token: '<pad-x>' };
      for (const direction of ['right', 'left']) {
        for (const pad_to_multiple_of of [0, 8]) {
          const longest = { strategy: 'longest', direction, pad_to_multiple_of, ...padToken };
          await check('padding longest', null, longest, [...singles.slice(0, 4), ...PAIRS.slice(0, 3)]);
          await check('padding longest + truncation', { max_length: nPair + 30, stride: 5, strategy: 'longest_first', direction }, longest, [...singles.slice(2), ...PAIRS.slice(3, 7)]);
          for (const max_length of [nPair + 3, nPair + 40, 300]) {
            const fixed = { strategy: 'max_length', max_length, direction, pad_to_multiple_of, ...padToken };
            await check('padding max_length', null, fixed, [...some(singles, 3), ...some(PAIRS, 3)]);
            await check('padding max_length + truncation', { max_length, stride: 2, strategy: 'only_first', direction: direction === 'right' ? 'left' : 'right' }, fixed, some(PAIRS, 4));
          }
        }
      }
    } finally {
      ours.delete();
    }
    if (verbose) {
      const ms = (performance.now() - started).toFixed(0);
      console.log(`${name} (${ms} ms): ${Object.entries(counts).map(([f, c]) => `${f} ${c.checked}/${c.bad} bad${c.unverified ? `/${c.unverified} overflow unverified` : ''}${c.bounded ? `/${c.bounded} overflow bounded (0.23's)` : ''}`).join('; ')}`);
    }
    const bad = Object.entries(counts).filter(([, c]) => c.bad).map(([f, c]) => `${f}: ${c.bad}/${c.checked}`);
    assert.equal(bad.length, 0, `${bad.join(', ')}; first: ${JSON.stringify(failures, null, 1)}`);
  });
}
