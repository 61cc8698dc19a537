// The pad_token_id generation fills finished batch rows with, against Python's generation pipelines
// (tests/fixtures/expected/pad-fallback.json, from tests/fixtures/generate_pad_fallback.py): the
// tokenizer's pad token fills in where generation_config.json (config.json for a repo without one)
// has none, as transformers' Pipeline.__init__ does; eos only where there is no pad token at all.
// Each case: the repo's real tokenizer from the local Hub, its files with the pad ids taken out as
// Python's case did, the pipelines' option (pipelinePadTokenId) resolved by the core's generation
// config; plus one tiny-t5 pipeline run whose generation config lacks the pad token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, pipeline } from '../../js/index.js';
import { getCore, unwrap } from '../../js/core.js';
import { pipelinePadTokenId } from '../../js/pipelines/generation-base.js';
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

test('tiny-t5 pipeline without a pad token in its generation files passes the tokenizer\'s to generation', async () => {
  const pipe = await pipeline('text2text-generation', 'wasmpipe-test/tiny-t5', { dtype: 'fp32' });
  try {
    const c = expected.cases.find((x) => x.repo === 'wasmpipe-test/tiny-t5' && x.variant === 'no-pad-in-files');
    // what loading such a repo would give the pipeline
    pipe.generationConfig = c.generation_config;
    delete pipe.config.pad_token_id;
    const { generation } = pipe.splitOptions({ max_new_tokens: 2 }, []);
    assert.equal(generation.pad_token_id, c.effective_pad_token_id);
    // an explicit option wins
    assert.equal(pipe.splitOptions({ pad_token_id: 5 }, []).generation.pad_token_id, 5);
  } finally {
    await pipe.dispose();
  }
});
