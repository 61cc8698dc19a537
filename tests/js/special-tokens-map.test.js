// special_tokens_map.json of tokenizer.json repos, against Python transformers 4.57
// (tests/fixtures/review/special_tokens_map_refs.py -> tests/fixtures/expected/special-tokens-map.json):
// where tokenizer_config.json has no added_tokens_decoder, Python reads the map, its special tokens
// replace the config's, and tokens the vocab lacks become added tokens with new ids (GPT-2's
// <|im_end|> eos, a dict <pad>, additional_special_tokens; BERT's pad_token [unused0]); where the
// config has added_tokens_decoder (GPT-2's real one) the map is not read. Compared: each special
// token and its id, additional_special_tokens, the ids of texts that use them, and decode with
// skip_special_tokens. Each repo is served by the local Hub: the shared fixture's tokenizer.json
// (or vocab.txt) + the recorded tokenizer_config.json / special_tokens_map.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/special-tokens-map.json'), 'utf8'));
let hub, tmp;
before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-special-map-'));
  for (const r of refs.repos) {
    const dir = path.join(tmp, 'models', 'special-map', r.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(r.tokenizer_config));
    writeFileSync(path.join(dir, 'special_tokens_map.json'), JSON.stringify(r.special_tokens_map));
    writeFileSync(path.join(dir, 'shared-files.json'), JSON.stringify({ files: { [r.file]: { shared: `tokenizers/${r.fixture}/${r.file}` } } }));
  }
  hub = await useLocalHub({ roots: [path.join(tmp, 'models')] });
});
after(async () => {
  await hub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

for (const r of refs.repos) {
  const reads = !Object.hasOwn(r.tokenizer_config, 'added_tokens_decoder');
  test(`${r.name} (${r.fixture} ${r.file}, ${reads ? 'no added_tokens_decoder: the map is read' : 'added_tokens_decoder: the map is not read'}): Python's special tokens and ids`, async () => {
    const tok = await AutoTokenizer.from_pretrained(`special-map/${r.name}`);
    try {
      for (const [name, content] of Object.entries(r.special_tokens)) {
        assert.equal(tok[name] ?? null, content, name);
        if (content !== null) assert.equal(tok.convert_tokens_to_ids(content), r.special_ids[name], `${name} id`);
      }
      assert.deepEqual(tok.additional_special_tokens, r.additional_special_tokens, 'additional_special_tokens');
      refs.texts.forEach((text, i) => {
        const ids = tok.encode(text);
        assert.deepEqual(ids, r.input_ids[i], `ids of ${JSON.stringify(text)}`);
        assert.equal(tok.decode(ids, { skip_special_tokens: true }), r.decoded_skip_special[i], `decode of ${JSON.stringify(text)}`);
      });
      if (r.special_tokens.pad_token !== null) assert.equal(tok.pad_token_id, r.special_ids.pad_token);
    } finally {
      tok.dispose();
    }
  });
}
