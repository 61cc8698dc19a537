// Keeps the generation benchmark (npm run bench, not part of npm test) from rotting: one round of
// its Chromium pages with 4 new tokens on every tiny model, wasmpipe greedy + beam-4 and
// transformers.js greedy. The greedy ids must equal transformers.js's (the same page the bench
// uses compares them); timings are not checked (meaningless at this size), only that they exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, checkPrerequisites } from './helpers.js';
import { runGenerationBench, MODELS } from '../bench/generation.js';

test('generation bench, tiny mode: runs end to end and wasmpipe greedy ids equal transformers.js', { timeout: 300_000 }, async () => {
  checkPrerequisites('wasmpipe-test/tiny-gpt2');
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmpipe-genbench-'));
  try {
    const out = path.join(dir, 'generation.md');
    const tokens = 4;
    const r = await runGenerationBench({ rounds: 1, tokens, reps: 1, out });
    assert.equal(r.rows.length, MODELS.length * 3);
    for (const row of r.rows) {
      const what = `${row.name} ${row.lib} ${row.mode}`;
      assert.ok(row.tokensPerS > 0 && row.msPerToken > 0 && Number.isFinite(row.outside), `${what}: ${JSON.stringify(row)}`);
      assert.ok(row.runCalls >= tokens, `${what}: ${row.runCalls} session runs for ${tokens} tokens`);
      if (row.mode === 'greedy' && row.lib === 'wasmpipe') assert.equal(row.sameIds, 'same', `${what}: greedy ids differ from transformers.js`);
    }
    // Exactly `tokens` new ids (min_new_tokens = max_new_tokens) after the prompt (decoder-only)
    // or after the decoder start token (seq2seq).
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
    for (const row of r.rows.filter((x) => x.mode === 'greedy')) {
      const m = expected.models[row.name];
      const start = m.seq2seq ? 1 : m.cases[0].outputs[0].input_ids.length;
      assert.equal(row.ids.length, start + tokens, `${row.name} ${row.lib}: ${row.ids}`);
    }
    const md = readFileSync(out, 'utf8');
    for (const name of MODELS) assert.match(md, new RegExp(`\\| ${name} \\| wasmpipe beam-4 \\|`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
