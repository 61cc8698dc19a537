// Token ids from wasmpipe's C++ tokenizer (the wasm build users get) must equal Hugging Face's Rust
// `tokenizers` (npm binding) for BERT-family repos that ship only vocab.txt, over every paragraph of
// the shared corpus: with and without special tokens, and as text pairs. (tokenizer.json files are
// checked field by field in tokenizer-fixtures.test.js.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { getCore } from '../../js/core.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

// tokenizer.json repos are loaded as they are by both sides. vocab.txt-only repos are built the way
// transformers converts BertTokenizer to a fast tokenizer; tokenizer_config.json values as on the Hub.
const CASES = [
  { name: 'bert-base-uncased', vocab: { do_lower_case: true } },
  { name: 'bert-base-cased', vocab: { do_lower_case: false } },
  { name: 'bert-base-chinese', vocab: { do_lower_case: false } },
  { name: 'bert-base-multilingual-cased', vocab: { do_lower_case: false } },
  { name: 'distilbert-base-uncased-finetuned-sst-2-english', vocab: { do_lower_case: true } },
  { name: 'dslim__bert-base-NER', vocab: { do_lower_case: false } },
];

async function rustFromVocab(vocabPath, { do_lower_case }) {
  const model = await tk.WordPiece.fromFile(vocabPath, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 });
  const t = new tk.Tokenizer(model);
  t.setNormalizer(tk.bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase: do_lower_case }));
  t.setPreTokenizer(tk.bertPreTokenizer());
  t.setDecoder(tk.wordPieceDecoder('##', true));
  t.addSpecialTokens(SPECIAL);
  const id = (s) => t.tokenToId(s);
  t.setPostProcessor(tk.templateProcessing('[CLS]:0 $A:0 [SEP]:0', '[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1',
    [['[CLS]', id('[CLS]')], ['[SEP]', id('[SEP]')]]));
  return t;
}

const paragraphs = corpusParagraphs();
const core = await getCore();

for (const c of CASES) {
  const dir = path.join(TOKENIZER_FIXTURES, c.name);
  const route = c.json ? 'tokenizer.json' : 'vocab.txt';
  test(`${c.name} (${route}) ids equal HF Rust tokenizers on ${paragraphs.length} corpus paragraphs`, async () => {
    assert.ok(existsSync(dir), `missing fixture ${dir}`);
    let rust, ours;
    if (c.json) {
      const file = path.join(dir, 'tokenizer.json');
      const cfgFile = path.join(dir, 'tokenizer_config.json');
      rust = tk.Tokenizer.fromFile(file);
      ours = core.Tokenizer.fromJSON(readFileSync(file, 'utf8'), existsSync(cfgFile) ? readFileSync(cfgFile, 'utf8') : '');
    } else {
      const file = path.join(dir, 'vocab.txt');
      rust = await rustFromVocab(file, c.vocab);
      ours = core.Tokenizer.fromVocabTxt(readFileSync(file, 'utf8'), JSON.stringify(c.vocab));
    }
    assert.ok(!(ours instanceof Error), `load failed: ${ours.message}`);
    try {
      const runs = [
        { label: 'no special tokens', add: false, pair: false },
        { label: 'special tokens', add: true, pair: false },
        { label: 'pairs', add: true, pair: true },
      ];
      for (const run of runs) {
        const inputs = run.pair ? paragraphs.slice(0, -1).map((p, i) => [p, paragraphs[i + 1]]) : paragraphs;
        // The binding's encodeBatch takes single sequences only: pairs go one by one.
        const expected = run.pair
          ? await Promise.all(inputs.map(([a, b]) => rust.encode(a, b, { addSpecialTokens: run.add })))
          : await rust.encodeBatch(inputs, { addSpecialTokens: run.add });
        let mismatches = 0, first = null;
        inputs.forEach((input, i) => {
          const got = run.pair ? core_encode(ours, input[0], input[1], run.add) : core_encode(ours, input, null, run.add);
          const want = expected[i].getIds();
          if (got.length !== want.length || got.some((v, j) => v !== want[j])) {
            mismatches++;
            first ??= { i, input: String(input).slice(0, 200), got: Array.from(got).slice(0, 40), want: want.slice(0, 40) };
          }
        });
        assert.equal(mismatches, 0, `${run.label}: ${mismatches}/${inputs.length} differ; first: ${JSON.stringify(first)}`);
      }
      // Decoding back gives the same text as Rust (ids of a sample of paragraphs).
      for (const p of paragraphs.filter((_, i) => i % 97 === 0)) {
        const ids = core_encode(ours, p, null, true);
        const want = await rust.decode(Array.from(ids), true);
        const got = ours.decode(ids, true, false);
        assert.equal(got, want, `decode differs for: ${p.slice(0, 80)}`);
      }
    } finally {
      ours.delete();
    }
  });
}

function core_encode(tok, text, pair, add) {
  const ids = tok.encodeIds(text, pair, add);
  if (ids instanceof Error) throw ids;
  return ids;
}
