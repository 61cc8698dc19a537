// Dumps reference encodings of the shared corpus from Hugging Face's Rust `tokenizers` (the npm
// binding in node_modules/tokenizers) for the C++ conformance test
// (tests/cpp/tokenizer_conformance_test.cpp). Nothing here is committed: output goes to build/ref.
//
//   node tests/cpp/tools/dump_reference_ids.mjs [out_dir=build/ref]
//
// Inputs: $WASMPIPE_FIXTURES (default ../shared/fixtures)/corpus/*, split into paragraphs on blank
// lines; BERT-family tokenizers from $WASMPIPE_FIXTURES/tokenizers. Tokenizers that only ship a
// vocab.txt are rebuilt here the way transformers converts BertTokenizer -> BertTokenizerFast
// (the same recipe as Tokenizer::from_vocab_txt), then run through Rust.
//
// Output (little-endian):
//   paragraphs.bin: u32 count, then per paragraph: u32 file index, u32 byte length, UTF-8 bytes
//   manifest.json:  files, tokenizers (name, kind, paths, config text), modes
//   <tokenizer>.<mode>.bin: per encoding: u32 n, i32 ids[n], u8 type_ids[n], u8 special[n],
//     u8 attention[n], u32 offsets[2n] (BYTE offsets), i32 word_ids[n] (-1 = none)
//   <tokenizer>.decode.bin: per paragraph: u32 len + decode(single ids, skip_special=false),
//     u32 len + decode(single ids, skip_special=true)
// Modes: single (add special tokens), nospecial, pair (paragraph i with paragraph i+1 of the same
// file, special tokens added), decode. An encoding Rust refused (e.g. a truncation error) is
// written as n = 0xFFFFFFFF.
// Variants of bert-base-uncased with truncation + padding settings and extra added tokens are
// written to <out_dir>/variants/*.json and listed in the manifest like the fixture tokenizers.
import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer, encodingColumns, fixtures, readCorpus, root, u32, writeParagraphs } from './reference_corpus.mjs';

const outDir = path.resolve(process.argv[2] || path.join(root, 'build/ref'));
fs.mkdirSync(outDir, { recursive: true });
const { files, paragraphs, pairs } = readCorpus();
writeParagraphs(outDir, paragraphs);

// ---- tokenizers --------------------------------------------------------------------------------
const T = (...p) => path.join(fixtures, 'tokenizers', ...p);
const readIf = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
const tokenizers = [
  { name: 'bert-base-uncased', kind: 'json', json: T('bert-base-uncased/tokenizer.json'), config: readIf(T('bert-base-uncased/tokenizer_config.json')) },
  { name: 'nlptown-multilingual-uncased', kind: 'json', json: T('nlptown__bert-base-multilingual-uncased-sentiment/tokenizer.json'), config: readIf(T('nlptown__bert-base-multilingual-uncased-sentiment/tokenizer_config.json')) },
  { name: 'all-MiniLM-L6-v2', kind: 'json', json: T('sentence-transformers__all-MiniLM-L6-v2/tokenizer.json'), config: readIf(T('sentence-transformers__all-MiniLM-L6-v2/tokenizer_config.json')) },
  { name: 'all-MiniLM-L6-v2-daulet', kind: 'json', json: T('sentence-transformers__all-MiniLM-L6-v2/tokenizer.daulet.json'), config: '' },
  { name: 'bert-base-uncased-vocab', kind: 'vocab', vocab: T('bert-base-uncased/vocab.txt'), config: readIf(T('bert-base-uncased/tokenizer_config.json')) },
  { name: 'all-MiniLM-L6-v2-vocab', kind: 'vocab', vocab: T('sentence-transformers__all-MiniLM-L6-v2/vocab.txt'), config: readIf(T('sentence-transformers__all-MiniLM-L6-v2/tokenizer_config.json')) },
  // These repos ship no tokenizer_config.json in the fixtures; the Hub's says do_lower_case false
  // for the cased / Chinese models and nothing (= true) for the DistilBERT SST-2 one.
  { name: 'bert-base-cased', kind: 'vocab', vocab: T('bert-base-cased/vocab.txt'), config: '{"do_lower_case": false}' },
  { name: 'bert-base-chinese', kind: 'vocab', vocab: T('bert-base-chinese/vocab.txt'), config: '{"do_lower_case": false}' },
  { name: 'bert-base-multilingual-cased', kind: 'vocab', vocab: T('bert-base-multilingual-cased/vocab.txt'), config: '{"do_lower_case": false}' },
  { name: 'distilbert-sst2', kind: 'vocab', vocab: T('distilbert-base-uncased-finetuned-sst-2-english/vocab.txt'), config: '{}' },
  { name: 'dslim-bert-base-NER', kind: 'vocab', vocab: T('dslim__bert-base-NER/vocab.txt'), config: '{"do_lower_case": false}' },
];

// Variants of bert-base-uncased: truncation (strategies, stride, directions), padding (fixed,
// batch-longest with multiple, left/right), and added tokens with every flag combination.
const variantDir = path.join(outDir, 'variants');
fs.mkdirSync(variantDir, { recursive: true });
const bbu = JSON.parse(fs.readFileSync(T('bert-base-uncased/tokenizer.json'), 'utf8'));
const variant = (name, mutate, modes) => {
  const j = JSON.parse(JSON.stringify(bbu));
  mutate(j);
  const file = path.join(variantDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(j));
  tokenizers.push({ name, kind: 'json', json: file, config: '', modes });
};
const pad = (strategy, direction, extra = {}) => ({ strategy, direction, pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]', ...extra });
variant('bbu-trunc-right-stride', (j) => {
  j.truncation = { direction: 'Right', max_length: 64, strategy: 'LongestFirst', stride: 8 };
  j.padding = pad('BatchLongest', 'Left', { pad_to_multiple_of: 16 });
}, ['single', 'nospecial', 'pair']);
variant('bbu-trunc-left-fixed', (j) => {
  j.truncation = { direction: 'Left', max_length: 48, strategy: 'LongestFirst', stride: 0 };
  j.padding = pad({ Fixed: 56 }, 'Right', { pad_type_id: 1, pad_token: '[MASK]', pad_id: 103 });
}, ['single', 'nospecial', 'pair']);
variant('bbu-only-first', (j) => { j.truncation = { direction: 'Right', max_length: 96, strategy: 'OnlyFirst', stride: 0 }; }, ['pair']);
variant('bbu-only-second-left', (j) => { j.truncation = { direction: 'Left', max_length: 80, strategy: 'OnlySecond', stride: 0 }; }, ['pair']);
variant('bbu-added-tokens', (j) => {
  const add = (content, flags) => j.added_tokens.push({ id: 0, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: false, ...flags });
  add('hugging face', {});
  add('Transformers', { normalized: false, single_word: true });
  add('the', { single_word: true, lstrip: true });
  add('ing', {});
  add('```', { normalized: false, lstrip: true, rstrip: true, special: true });
  add('<br>', { normalized: false, rstrip: true });
  add('日本', {});
  add('📎', { normalized: false });
  add('new_token_xyz', { normalized: false });
  add('Model', { normalized: false, single_word: true, rstrip: true });
  add('tokenizer', { lstrip: true, rstrip: true, special: true });
  add('ー', { normalized: false, single_word: true });
  add('Ç', {});
  add('hello', { id: 5 });
  j.added_tokens.forEach((t, i) => { t.id = 30522 + i; });
}, ['single', 'nospecial', 'pair', 'decode']);
for (const t of tokenizers) if (['bert-base-uncased', 'bert-base-cased', 'bert-base-multilingual-cased', 'bert-base-chinese'].includes(t.name)) t.modes = ['single', 'nospecial', 'pair', 'decode'];

// transformers' BertConverter, as a tokenizer.json (see Tokenizer::from_vocab_txt).
function vocabTxtToTokenizerJson(vocabText, configText) {
  const cfg = configText ? JSON.parse(configText) : {};
  const lines = vocabText.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const vocab = {};
  lines.forEach((t, i) => { vocab[t] = i; });
  const tok = (name, dflt) => {
    if (!(name in cfg)) return dflt;
    const v = cfg[name];
    return v == null ? null : typeof v === 'string' ? v : v.content;
  };
  const unk = tok('unk_token', '[UNK]'), sep = tok('sep_token', '[SEP]'), pad = tok('pad_token', '[PAD]');
  const cls = tok('cls_token', '[CLS]'), mask = tok('mask_token', '[MASK]');
  const added = [];
  const ids = new Map();
  let next = Object.keys(vocab).length;
  const idOf = (c) => (c in vocab ? vocab[c] : ids.has(c) ? ids.get(c) : (ids.set(c, next++), next - 1));
  for (const c of [unk, sep, pad, cls, mask]) {
    if (c == null || added.some((a) => a.content === c)) continue;
    added.push({ id: idOf(c), content: c, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  }
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: added,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: cfg.tokenize_chinese_chars ?? true,
                  strip_accents: cfg.strip_accents ?? null, lowercase: cfg.do_lower_case ?? true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } },
             { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: sep, type_id: 1 } }],
      special_tokens: { [cls]: { id: cls, ids: [idOf(cls)], tokens: [cls] }, [sep]: { id: sep, ids: [idOf(sep)], tokens: [sep] } } },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  });
}

// ---- encoding dump -----------------------------------------------------------------------------
function serialize(e, textA, textB) {
  const c = encodingColumns(e, textA, textB), n = c.n;
  const buf = Buffer.alloc(4 + n * (4 + 3 + 8 + 4));
  let o = 0;
  buf.writeUInt32LE(n, o); o += 4;
  for (let i = 0; i < n; i++) { buf.writeInt32LE(c.ids[i], o); o += 4; }
  for (let i = 0; i < n; i++) buf[o++] = c.typeIds[i];
  for (let i = 0; i < n; i++) buf[o++] = c.special[i];
  for (let i = 0; i < n; i++) buf[o++] = c.attention[i];
  for (let i = 0; i < 2 * n; i++) { buf.writeUInt32LE(c.offsets[i], o); o += 4; }
  for (let i = 0; i < n; i++) { buf.writeInt32LE(c.wordIds[i], o); o += 4; }
  return buf;
}

const manifest = { fixtures, paragraphs: paragraphs.length, pairs: pairs.length, files, tokenizers: [] };
const str = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([u32(b.length), b]); };
for (const t of tokenizers) {
  const json = t.kind === 'json' ? fs.readFileSync(t.json, 'utf8') : vocabTxtToTokenizerJson(fs.readFileSync(t.vocab, 'utf8'), t.config);
  const tk = Tokenizer.fromString(json);
  const modes = t.modes || ['single', 'nospecial', 'pair'];
  const entry = { name: t.name, kind: t.kind, path: path.resolve(t.kind === 'json' ? t.json : t.vocab), config: t.config, modes };
  manifest.tokenizers.push(entry);
  const t0 = Date.now();
  for (const mode of modes) {
    if (mode === 'decode') {
      const out = [u32(paragraphs.length)];
      for (let k = 0; k < paragraphs.length; k += 256) {
        const chunk = paragraphs.slice(k, k + 256);
        const encs = await Promise.all(chunk.map((p) => tk.encode(p.text, null, { addSpecialTokens: true })));
        const texts = await Promise.all(encs.flatMap((e) => [tk.decode(e.getIds(), false), tk.decode(e.getIds(), true)]));
        texts.forEach((x) => out.push(str(x)));
      }
      fs.writeFileSync(path.join(outDir, `${t.name}.${mode}.bin`), Buffer.concat(out));
      continue;
    }
    const jobs = mode === 'pair' ? pairs.map((i) => [paragraphs[i].text, paragraphs[i + 1].text]) : paragraphs.map((p) => [p.text, null]);
    const out = [u32(jobs.length)];
    for (let k = 0; k < jobs.length; k += 256) {
      const chunk = jobs.slice(k, k + 256);
      const encs = await Promise.all(chunk.map(([a, b]) => tk.encode(a, b, { addSpecialTokens: mode !== 'nospecial' }).catch(() => null)));
      encs.forEach((e, i) => out.push(e ? serialize(e, chunk[i][0], chunk[i][1]) : u32(0xffffffff)));
    }
    fs.writeFileSync(path.join(outDir, `${t.name}.${mode}.bin`), Buffer.concat(out));
  }
  console.log(`${t.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
console.log(`${paragraphs.length} paragraphs, ${pairs.length} pairs -> ${outDir}`);
