// TextStreamer against Python transformers' TextStreamer (tests/fixtures/generate_streamer.py,
// expected/text-streamer.json): real GPT-2 (byte-level), TinyLlama (SentencePiece BPE with byte
// fallback) and T5 (Unigram) tokenizers, texts whose characters span several tokens (accents,
// emoji, ZWJ sequences, CJK, astral CJK), newlines. Ids arrive one per put(), as in generation;
// the pieces must be Python's, piece for piece: no piece ends inside a character, a word is
// printed only once the next token cannot change it, CJK characters as soon as they are complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, TextStreamer } from '../../js/index.js';
import { ROOT, TOKENIZER_FIXTURES } from './helpers/paths.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/text-streamer.json'), 'utf8'));
const byTokenizer = new Map();
for (const c of expected.cases) byTokenizer.set(c.tokenizer, [...(byTokenizer.get(c.tokenizer) ?? []), c]);

for (const [name, cases] of byTokenizer) {
  test(`${name}: streamed pieces equal Python's TextStreamer (${cases.length} cases)`, async () => {
    const tok = await AutoTokenizer.from_pretrained(path.join(TOKENIZER_FIXTURES, name));
    try {
      for (const c of cases) {
        const where = `${JSON.stringify(c.text)} skip_prompt=${c.skip_prompt}`;
        assert.deepEqual(tok.encode(c.text, { add_special_tokens: false }), c.ids, `${where}: ids`);
        const pieces = [];
        const streamer = new TextStreamer(tok, { skip_prompt: c.skip_prompt, callback_function: (t) => pieces.push(t) });
        const n = expected.meta.prompt_tokens;
        streamer.put(c.ids.slice(0, n));
        for (const id of c.ids.slice(n)) streamer.put([id]);
        streamer.end();
        assert.deepEqual(pieces, c.pieces, where);
        assert.ok(pieces.every((p) => !p.endsWith('\uFFFD')), `${where}: a piece ends inside a character`);
      }
    } finally {
      tok.dispose();
    }
  });
}
