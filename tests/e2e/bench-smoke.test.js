// Keeps the tokenizer benchmark (npm run bench, not part of npm test) from rotting: its tiny mode
// runs every part (Node vs the Rust binding, Chromium vs transformers.js and tokenizers.js, heap)
// on a few paragraphs with two tokenizers, and the ids it compares must agree. Timings are not
// checked (they mean nothing at this size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPrerequisites } from './helpers.js';
import { runTokenizerBench } from '../bench/tokenizers.js';

test('tokenizer bench, tiny mode: runs end to end and wasmpipe ids equal Rust and transformers.js', { timeout: 300_000 }, async () => {
  checkPrerequisites();
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmpipe-bench-'));
  try {
    const out = path.join(dir, 'tokenizers.md');
    const tokenizers = ['bert-base-uncased', 'meta-llama__Meta-Llama-3-8B'];
    const r = await runTokenizerBench({ rounds: 1, tokenizers, paragraphLimit: 30, sentenceCount: 10, out });
    assert.deepEqual(r.mismatches, [], 'wasmpipe ids differ from the Rust binding');
    for (const n of r.node) assert.ok(n.mbPerS > 0 && n.rustMbPerS > 0 && n.loadMs > 0, JSON.stringify(n));
    for (const lib of ['wasmpipe', 'transformersjs', 'hftokenizers']) {
      for (const name of tokenizers) {
        const run = r.runs.find((x) => x.lib === lib && x.name === name);
        assert.ok(run && run.mbPerS > 0 && run.loadMs > 0, `${lib} ${name} did not run`);
        // Both peers agree with Rust on these (the diff column of the table is 0).
        const ours = r.runs.find((x) => x.lib === 'wasmpipe' && x.name === name);
        assert.deepEqual(run.hashes, ours.hashes, `${lib} ${name}: ids differ from wasmpipe`);
      }
    }
    // The per-call rows of the full-encoding calls ran for wasmpipe (raw path: no Embind), and
    // transformers.js' tokenize row too.
    for (const name of tokenizers) {
      const ours = r.runs.find((x) => x.lib === 'wasmpipe' && x.name === name);
      for (const key of ['tokenizeUs', 'offsetsSingleUs', 'offsetsBatchUs', 'encodeWithOffsetsUs', 'callSingleUs', 'callBatchUs']) {
        assert.ok(ours[key] > 0, `wasmpipe ${name} ${key}: ${ours[`${key}Error`] ?? ours[key]}`);
      }
      assert.ok(r.runs.find((x) => x.lib === 'transformersjs' && x.name === name).tokenizeUs > 0, `transformers.js ${name} tokenize`);
    }
    // The heap rows (a BPE and a Unigram tokenizer, whatever is benchmarked), in the page and in Node.
    for (const name of ['meta-llama__Meta-Llama-3-8B', 't5-small']) {
      for (const h of [r.heap.find((x) => x.name === name), r.nodeHeap.find((x) => x.name === name)]) {
        assert.ok(h && h.after.liveBytes > h.before.liveBytes, `${name}: heap stats missing`);
      }
    }
    const md = readFileSync(out, 'utf8');
    for (const name of tokenizers) assert.match(md, new RegExp(`\\| ${name} \\|`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
