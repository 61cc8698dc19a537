// The generative pipelines fetch a layout's ONNX files together (js/pipelines/generation-base.js):
// with every onnx/ request answered after a fixed delay D, the split T5 layout (encoder_model,
// then decoder_model_merged missing, then decoder_model + decoder_with_past_model) takes two
// rounds of D instead of the four a one-by-one load needs; every file still gets its progress
// events, and the sessions it builds generate the ids Python transformers gave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
const DELAY_MS = 1000;
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

test('split seq2seq layout: graph files fetched together (2 delays, not 4), progress events for each, ids equal Python', async () => {
  const m = expected.models['tiny-t5'];
  const repo = m.repos['tiny-t5-split'].repo_id;
  hub.server.inject(`/${repo}/resolve/main/onnx/`, { status: 'slow', delayMs: DELAY_MS });
  const events = [];
  const pipe = await pipeline('text2text-generation', repo, { dtype: 'fp32', progress_callback: (e) => events.push({ ...e, at: performance.now() }) });
  try {
    // From the first graph request to the last graph answer (ONNX Runtime's start-up not counted).
    // One by one: encoder, merged (404), decoder, decoder_with_past = at least 4 delays.
    const graph = events.filter((e) => e.file?.startsWith('onnx/'));
    const elapsed = graph.at(-1).at - graph[0].at;
    assert.ok(elapsed < 3 * DELAY_MS, `the graph files took ${elapsed.toFixed(0)} ms: they were not fetched together`);
    for (const file of ['onnx/encoder_model.onnx', 'onnx/decoder_model.onnx', 'onnx/decoder_with_past_model.onnx']) {
      for (const status of ['initiate', 'download', 'progress', 'done']) {
        assert.ok(graph.some((e) => e.file === file && e.status === status), `no '${status}' event for ${file}`);
      }
    }
    assert.deepEqual(Object.keys(pipe.sessions).sort(), ['decoder_model', 'decoder_with_past_model', 'encoder_model']);
    const c = m.cases.find((x) => x.name === 'greedy');
    for (const o of c.outputs) {
      const got = await pipe.generativeModel.generate(o.input_ids, { options: c.kwargs });
      assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, JSON.stringify(o.prompt));
    }
  } finally {
    await pipe.dispose();
  }
});
