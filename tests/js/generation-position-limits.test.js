// GPT-2 prompts near its learned position table (n_positions 128), against Python transformers
// 4.57's text-generation pipeline (tests/fixtures/review/position_limits_refs.py ->
// tests/fixtures/expected/generation-position-limits.json): the prompt is never cut without
// handle_long_generation='hole'; generation fails at the step that would feed position
// n_positions (prompt + max_new_tokens = n_positions + 1 runs, one more token fails, unless eos
// ends it first); a prompt past the table fails at once in Python, and wasmpipe cuts it as 'hole'
// with model_max_length n_positions would, with a warning; 'hole' cuts at the tokenizer's
// model_max_length (1024: no cut) and, without max_new_tokens, refuses as Python's ValueError.
// Python's other failures are wasmpipe's clear INVALID_ARGUMENT errors; its ids are compared exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-position-limits.json'), 'utf8'));
let hub, pipe;
before(async () => {
  hub = await useLocalHub();
  pipe = await pipeline('text-generation', `wasmpipe-test/${refs.model}`, { dtype: 'fp32' });
});
after(async () => {
  await pipe?.dispose();
  await hub?.close();
});

test('the oracle covers both sides of the boundary', () => {
  const byName = Object.fromEntries(refs.cases.map((c) => [c.name, c]));
  assert.equal(byName.fits.prompt_length + byName.fits.kwargs.max_new_tokens, refs.n_positions + 1);
  assert.ok(byName.fits.ids && byName['one more'].error && byName['one more, eos first'].ids);
});

for (const c of refs.cases) {
  test(`${c.name}: ${c.prompt_length} prompt tokens, ${JSON.stringify(c.kwargs)} -> ${c.error ? `Python: ${c.error.split(':')[0]}` : 'Python\'s ids'}`, async () => {
    const warnings = [];
    const saved = console.warn;
    console.warn = (...args) => warnings.push(args.join(' '));
    const got = await pipe(c.text, { ...c.kwargs, return_tensors: true }).catch((e) => e).finally(() => { console.warn = saved; });
    if (c.error?.startsWith('IndexError') && c.prompt_length > refs.n_positions) {
      // The prompt alone is past the table (Python fails at its first step): cut on the left as
      // 'hole' cuts with model_max_length = n_positions, with a warning. Python's ids for that cut
      // are checked in generation-families-limits.test.js; here: the same as asking for it.
      assert.ok(!(got instanceof Error), got?.stack);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], new RegExp(`has ${c.prompt_length} tokens, more than the ${refs.n_positions} positions .*IndexError.*cut on the left`));
      const wide = pipe.tokenizer.model_max_length;
      pipe.tokenizer.model_max_length = refs.n_positions;
      try {
        const asked = await pipe(c.text, { ...c.kwargs, handle_long_generation: 'hole', return_tensors: true });
        assert.deepEqual(got.map((o) => o.generated_token_ids), asked.map((o) => o.generated_token_ids));
      } finally {
        pipe.tokenizer.model_max_length = wide;
      }
    } else if (c.error) {
      assert.ok(got instanceof Error, `Python: ${c.error}; we returned ${JSON.stringify(got).slice(0, 200)}`);
      assert.equal(got.code, 'INVALID_ARGUMENT', got.stack);
      assert.match(got.message, c.error.startsWith('IndexError') ? new RegExp(`past the ${refs.n_positions} positions .*IndexError`)
        : /cannot tell how many new tokens are expected/);
    } else {
      assert.ok(!(got instanceof Error), got?.stack);
      assert.deepEqual(got.map((o) => o.generated_token_ids), c.ids);
    }
  });
}

test('a batch whose longer prompt overruns fails the same way; the pipeline still works after', async () => {
  const fits = refs.cases.find((c) => c.name === 'fits');
  const over = refs.cases.find((c) => c.name === 'one more');
  // GPT-2 has no pad token: a batch needs one (set as transformers' error message advises).
  pipe.tokenizer.pad_token = pipe.tokenizer.eos_token;
  const err = await pipe(['Hello', over.text], { ...over.kwargs, batch_size: 2 }).catch((e) => e);
  pipe.tokenizer.pad_token = undefined;
  assert.equal(err.code, 'INVALID_ARGUMENT', String(err));
  assert.match(err.message, /the prompts have 1, \d+ tokens/);
  const again = await pipe(fits.text, { ...fits.kwargs, return_tensors: true });
  assert.deepEqual(again.map((o) => o.generated_token_ids), fits.ids);
});
