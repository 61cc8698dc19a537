// Review (stop 9, js/tokenizer_class_defaults.js): a tokenizer.json repo whose tokenizer_config.json
// names no tokenizer_class is built in Python as config.json's model type's fast class, and that
// class's model_input_names decide tokenizer()'s outputs: RobertaTokenizerFast, BartTokenizerFast,
// Longformer / XLMRoberta / GPTNeoX TokenizerFast return input_ids and attention_mask only.
// Stop 9 gave such repos the class's special tokens but not its input names, so tokenizer(texts)
// also returned token_type_ids (wasmpipe's default when no class is named), which Python does not
// (and which a RoBERTa ONNX graph does not take). BERT (token_type_ids) is checked unchanged.
// Oracle: Python transformers (tests/fixtures/review/input_names_refs.py ->
// tests/fixtures/expected/review2-input-names.json). The repos are served by the local Hub from a
// temporary model root: config.json {"model_type"} + the shared fixture's tokenizer files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { serveModelTypeRepos } from './helpers/model-type-repos.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review2-input-names.json'), 'utf8'));
let close;
before(async () => {
  close = await serveModelTypeRepos(refs.repos.map((r) => ({ ...r, id: `review2/${r.fixture}-${r.model_type}` })));
});
after(async () => close?.());

for (const r of refs.repos) {
  test(`${r.fixture} as model_type ${r.model_type} (no tokenizer_class): tokenizer() returns Python's ${r.class} outputs`, async () => {
    const tok = await AutoTokenizer.from_pretrained(`review2/${r.fixture}-${r.model_type}`);
    try {
      for (const options of [{}, { padding: true }, { padding: true, return_offsets_mapping: true }]) {
        const out = tok(refs.texts, { ...options, return_tensor: false });
        const keys = Object.keys(out).filter((k) => k !== 'offset_mapping').sort();
        assert.deepEqual(keys, r.keys, `keys with ${JSON.stringify(options)}`);
        if (!options.padding && r.token_type_ids) assert.deepEqual(out.token_type_ids, r.token_type_ids, 'token_type_ids');
      }
    } finally {
      tok.dispose();
    }
  });
}
