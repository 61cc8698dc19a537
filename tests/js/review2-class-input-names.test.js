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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHubServer } from '../server/hub-server.js';
import { AutoTokenizer, env } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review2-input-names.json'), 'utf8'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-review2-'));
let server, saved;
before(async () => {
  for (const r of refs.repos) {
    const dir = path.join(tmp, 'models', 'review2', `${r.fixture}-${r.model_type}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: r.model_type }));
    const files = Object.fromEntries(r.files.map((f) => [f, { shared: `tokenizers/${r.fixture}/${f}` }]));
    writeFileSync(path.join(dir, 'shared-files.json'), JSON.stringify({ files }));
  }
  server = await startHubServer({ port: 0, modelRoots: [path.join(tmp, 'models')] });
  saved = { ...env };
  Object.assign(env, { remoteHost: `${server.url}/`, allowLocalModels: false, allowRemoteModels: true, cacheDir: path.join(tmp, 'cache') });
});
after(async () => {
  Object.assign(env, saved);
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

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
