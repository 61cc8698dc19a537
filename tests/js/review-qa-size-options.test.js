// Review of question-answering's size options (js/pipelines/question-answering.js -> qa_features.cpp
// QuestionAnswerer.prepare): they cross Embind as 32-bit size_t, so top_k: 2 ** 32 + 1 wrapped to 1
// and came back as one bare answer, where Python (no wrap) returns the list of every candidate.
// Oracle: Python's pipeline output for top_k 3 on the same example (the recorded 'short1_top3' case
// of tests/fixtures/expected/question-answering.json): a huge top_k must give a list that starts
// with those answers, or be refused with INVALID_ARGUMENT; never a silent cut.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const qaExpected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/question-answering.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

test('tiny-bert-squad: top_k / max_seq_len / max_answer_len of 2^32 + k are not wrapped to k', async () => {
  const m = qaExpected.models['tiny-bert-squad'];
  const want = m.cases.find((c) => c.id === 'short1_top3').onnx_fp32;
  const { question, context } = qaExpected.short[1];
  const qa = await pipeline('question-answering', m.repo_id, { dtype: 'fp32' });
  const refusedOr = async (options, check) => {
    let got;
    try {
      got = await qa(question, context, options);
    } catch (e) {
      assert.ok(e instanceof TypeError || e.code === 'INVALID_ARGUMENT', `${JSON.stringify(options)}: ${e.message}`);
      return;
    }
    check(got);
  };
  try {
    await refusedOr({ top_k: 2 ** 32 + 1 }, (got) => {
      assert.ok(Array.isArray(got), 'top_k 2^32 + 1: a list of every answer, as Python (got one bare answer: wrapped to 1)');
      assert.deepEqual(got.slice(0, 3).map((a) => a.answer), want.map((a) => a.answer));
    });
    await refusedOr({ top_k: 3, max_answer_len: 2 ** 32 + 1 }, (got) => {
      assert.deepEqual(got.map((a) => a.answer), want.map((a) => a.answer), 'max_answer_len 2^32 + 1 (wrapped to 1: one-token answers)');
    });
    // Still usable.
    assert.deepEqual((await qa(question, context, { top_k: 3 })).map((a) => a.answer), want.map((a) => a.answer));
  } finally {
    await qa.dispose();
  }
});
