// The pad_token_id generation fills finished batch rows with, against Python's generation pipelines
// (tests/fixtures/expected/pad-fallback.json, from tests/fixtures/generate_pad_fallback.py): the
// tokenizer's pad token fills in where generation_config.json (config.json for a repo without one)
// has none, as transformers' Pipeline.__init__ does; eos only where there is no pad token at all.
// Each case: the repo's real tokenizer from the local Hub, its files with the pad ids taken out as
// Python's case did, the pipelines' option (pipelinePadTokenId) resolved by the core's generation
// config; plus the pipelines' option splitting for a tiny-t5 repo whose files lack the pad token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { getCore, unwrap } from '../../js/core.js';
import { GenerationPipeline, pipelinePadTokenId } from '../../js/pipelines/generation-base.js';
import { MODEL_FIXTURES, ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/pad-fallback.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

test(`pad_token_id of ${expected.cases.length} repo / file cases equals Python's generation pipelines`, async () => {
  const core = await getCore();
  const tokenizers = new Map();
  try {
    for (const c of expected.cases) {
      if (!tokenizers.has(c.repo)) tokenizers.set(c.repo, await AutoTokenizer.from_pretrained(c.repo));
      const tok = tokenizers.get(c.repo);
      assert.equal(tok.pad_token_id ?? null, c.tokenizer_pad_token_id, `${c.repo}: tokenizer pad`);
      const config = JSON.parse(readFileSync(path.join(MODEL_FIXTURES, c.repo, 'config.json'), 'utf8'));
      if (c.config_pad_token_id === null) delete config.pad_token_id;
      const options = {};
      const pad = pipelinePadTokenId(c.generation_config, config, tok);
      if (pad !== null) options.pad_token_id = pad;
      const resolved = unwrap(core.BatchGenerator.resolveConfig(c.generation_config ? JSON.stringify(c.generation_config) : '',
        JSON.stringify(config), '', '', JSON.stringify(options)), 'generation');
      assert.equal(resolved.pad_token_id, c.effective_pad_token_id, `${c.repo} (${c.variant})`);
    }
  } finally {
    for (const t of tokenizers.values()) t.dispose();
  }
});

test('the generation pipelines pass the tokenizer\'s pad token where the generation files have none; an explicit option wins', async () => {
  const c = expected.cases.find((x) => x.repo === 'wasmpipe-test/tiny-t5' && x.variant === 'no-pad-in-files');
  const tok = await AutoTokenizer.from_pretrained(c.repo);
  try {
    // what loading such a repo gives the pipeline: its generation config, config.json, tokenizer
    const config = JSON.parse(readFileSync(path.join(MODEL_FIXTURES, c.repo, 'config.json'), 'utf8'));
    delete config.pad_token_id;
    const pipe = { task: 'text2text-generation', generationConfig: c.generation_config, config, tokenizer: tok };
    const split = (options) => GenerationPipeline.prototype.splitOptions.call(pipe, options, []).generation;
    assert.equal(split({ max_new_tokens: 2 }).pad_token_id, c.effective_pad_token_id);
    assert.equal(split({ pad_token_id: 5 }).pad_token_id, 5);
    assert.equal(split({ generation_config: { pad_token_id: 7 } }).pad_token_id, 7);
  } finally {
    tok.dispose();
  }
});
