// Where tests find things: the shared real fixtures (../shared/fixtures or $WASMPIPE_FIXTURES),
// the project's generated tiny models, and the corpus split into paragraphs.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeModels } from '../../server/shared-files.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_FIXTURES = process.env.WASMPIPE_FIXTURES ?? path.resolve(ROOT, '../shared/fixtures');
export const TOKENIZER_FIXTURES = path.join(SHARED_FIXTURES, 'tokenizers');
export const MODEL_FIXTURES = path.join(ROOT, 'tests/fixtures/models');

/**
 * MODEL_FIXTURES as a folder where every repo has all its files (build/fixture-models: symlinks, with
 * the shared fixture files each repo's shared-files.json names): for readers of local paths such as
 * transformers.js env.localModelPath. The Hub test server serves the same files itself.
 */
export const localModelFixtures = () => materializeModels(MODEL_FIXTURES);

/** Every paragraph (blank-line separated) of every corpus file, in a stable order. */
export function corpusParagraphs() {
  const dir = path.join(SHARED_FIXTURES, 'corpus');
  const out = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const p of text.split(/\n\s*\n/)) if (p.trim()) out.push(p);
  }
  return out;
}
