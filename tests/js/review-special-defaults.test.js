// Review finding: a tokenizer.json repo whose tokenizer_config.json names no special tokens
// (FacebookAI/roberta-base: {"model_max_length": 512}; facebook/bart-large-cnn: none) gets its
// special tokens in Python from the model type's fast class (config.json model_type ->
// RobertaTokenizerFast / BartTokenizerFast defaults: <pad>, <mask>, ...). wasmpipe's
// AutoTokenizer.from_pretrained read no config.json for tokenizer.json repos, so these
// tokenizers had no pad / mask / bos / eos token: tokenizer(texts, {padding: true}) and
// batch_size > 1 pipelines refused to pad, fill-mask found no mask token. Also checked: GPT-NeoX
// (Python: <|endoftext|> bos / eos / unk, no pad token) and BERT
// (WordPiece defaults, unchanged). Oracle: Python
// transformers (tests/fixtures/review/special_defaults_refs.py ->
// tests/fixtures/expected/review-special-defaults.json). The repos are served by the local Hub
// from a temporary model root: config.json {"model_type"} + the shared fixture's tokenizer files
// (shared-files.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { serveModelTypeRepos } from './helpers/model-type-repos.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review-special-defaults.json'), 'utf8'));
let close;
before(async () => {
  close = await serveModelTypeRepos(refs.repos.map((r) => ({ ...r, id: `review/${r.fixture}` })));
});
after(async () => close?.());

// Fixed: the core gives config.json's model type's class defaults (tokenizer/class_special_defaults.cpp).
for (const r of refs.repos) {
  test(`${r.fixture} (model_type ${r.model_type}, tokenizer_config without special tokens): Python's ${r.class} special tokens and padding`, async () => {
    const tok = await AutoTokenizer.from_pretrained(`review/${r.fixture}`);
    try {
      for (const [name, content] of Object.entries(r.special_tokens)) assert.equal(tok[name] ?? null, content, name);
      // padded null: Python has no pad token and refuses to pad (wasmpipe pads with the eos token
      // then, see resolvedPadToken): only the special tokens are compared.
      if (r.padded !== null) {
        assert.deepEqual(tok(refs.texts, { padding: true, return_tensor: false }).input_ids, r.padded, 'padded batch');
      }
    } finally {
      tok.dispose();
    }
  });
}
