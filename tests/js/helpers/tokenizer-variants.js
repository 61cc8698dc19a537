// Synthetic tokenizer.json files for the components and options of issue 3 that no shared fixture
// uses: each is a real fixture with one component or option swapped in. tokenizer-variants.test.js
// compares each with HF's Rust `tokenizers` (npm binding); tests/tools/tokenizer-coverage.mjs
// lists them in the coverage table. `features` are the feature keys (tests/tools/tokenizer-features.mjs)
// the variant is there for: the test checks the built JSON really has each of them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TOKENIZER_FIXTURES } from './paths.js';

const cache = new Map();
/** A fresh deep copy of a shared fixture's tokenizer.json. */
export function fixtureJson(name) {
  if (!cache.has(name)) cache.set(name, readFileSync(path.join(TOKENIZER_FIXTURES, name, 'tokenizer.json'), 'utf8'));
  return JSON.parse(cache.get(name));
}

const byteLevel = (o = {}) => ({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false, ...o });
const split = (pattern, behavior, invert = false) => ({ type: 'Split', pattern, behavior, invert });
const metaspace = (o) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true, ...o });
const bertNorm = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true };

/** gpt2 with `pre` in front of a regex-less ByteLevel (so every byte has a token). */
function gpt2With(pre, more = {}) {
  const j = fixtureJson('gpt2');
  j.pre_tokenizer = { type: 'Sequence', pretokenizers: [pre, byteLevel()] };
  return Object.assign(j, more);
}
function bertWith(patch) { return Object.assign(fixtureJson('bert-base-uncased'), patch); }
function flanWith(patch) { return Object.assign(fixtureJson('google__flan-t5-small'), patch); }

/**
 * A small byte-level BPE with continuing_subword_prefix '##' made from gpt2's first `n` merges: every
 * token also exists with the prefix, and every merge (a, b) as (a, ##b) and (##a, ##b) (Rust builds
 * the merged token as a + b without b's prefix).
 */
function prefixedBpe(n = 4000) {
  const j = fixtureJson('gpt2');
  const merges = j.model.merges.slice(0, n).map((m) => (Array.isArray(m) ? m : m.split(' ')));
  const tokens = new Set(Object.keys(j.model.vocab).filter((t) => j.model.vocab[t] < 256));
  for (const [a, b] of merges) tokens.add(a + b);
  const vocab = {};
  let id = 0;
  for (const t of tokens) vocab[t] = id++;
  for (const t of tokens) vocab[`##${t}`] = id++;
  j.added_tokens = j.added_tokens.map((t) => ({ ...t, id }));
  vocab['<|endoftext|>'] = id;
  j.model = { ...j.model, vocab, continuing_subword_prefix: '##',
    merges: merges.flatMap(([a, b]) => [`${a} ##${b}`, `##${a} ##${b}`]) };
  j.decoder = { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '##' }, content: '' }, byteLevel()] };
  return j;
}

/** t5's Unigram with the 256 byte pieces SentencePiece adds for byte_fallback. */
function unigramByteFallback() {
  const j = flanWith({});
  for (let b = 0; b < 256; b++) j.model.vocab.push([`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, 0]);
  j.model.byte_fallback = true;
  j.decoder = { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }] };
  return j;
}

/** Added tokens with each flag, as non-special and special tokens, on bert-base-uncased. */
function addedTokenFlags() {
  const j = fixtureJson('bert-base-uncased');
  let id = 30522;
  const add = (content, flags) => j.added_tokens.push({ id: id++, content, single_word: false, lstrip: false, rstrip: false,
    normalized: true, special: false, ...flags });
  add('the', { single_word: true });
  add('ing', { single_word: true, special: true, normalized: false });
  add('[NEW]', { lstrip: true, special: true, normalized: false });
  add('<x>', { rstrip: true, normalized: false });
  add('And', { lstrip: true, rstrip: true, normalized: true });
  add('of', { rstrip: true, single_word: true, special: true });
  return j;
}

export const ADDED_TOKEN_TEXTS = [
  'the theory: the, the-end, bathe the', 'singing ing ing, ingot', 'a [NEW] b  [NEW]c [NEW]', 'x <x>  y<x>z <x>',
  'AND and And   and', 'of offer of, of  of.', 'the[NEW]<x>ing of',
];

// Sections after an added token: where prepend_scheme first differs from always.
const METASPACE_TEXTS = ['a</s>b', 'x<pad>y z', 'one<extra_id_0>two  three</s>', '</s>lead', 'tail</s>'];

export const VARIANTS = [
  // normalizers
  { name: 'NFD + StripAccents + Lowercase (bert-base-uncased)', features: ['normalizer.NFD', 'normalizer.StripAccents', 'normalizer.Sequence'],
    build: () => bertWith({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] } }) },
  { name: 'NFKC (bert-base-uncased)', features: ['normalizer.NFKC'], build: () => bertWith({ normalizer: { type: 'NFKC' } }) },
  { name: 'NFKD (bert-base-uncased)', features: ['normalizer.NFKD'], build: () => bertWith({ normalizer: { type: 'NFKD' } }) },
  { name: 'Nmt + NFKC (flan-t5-small)', features: ['normalizer.Nmt'],
    build: () => flanWith({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Nmt' }, { type: 'NFKC' }] } }) },
  { name: 'ByteLevel normalizer, Split on Ġ MergedWithNext (gpt2)', features: ['normalizer.ByteLevel', 'pre_tokenizer.Split.pattern=String', 'pre_tokenizer.Split.behavior=MergedWithNext'],
    build: () => Object.assign(fixtureJson('gpt2'), { normalizer: { type: 'ByteLevel' }, pre_tokenizer: split({ String: 'Ġ' }, 'MergedWithNext') }) },
  // pre-tokenizers
  { name: 'Whitespace (bert-base-uncased)', features: ['pre_tokenizer.Whitespace'], build: () => bertWith({ pre_tokenizer: { type: 'Whitespace' } }) },
  { name: 'CharDelimiterSplit (bert-base-uncased)', features: ['pre_tokenizer.CharDelimiterSplit'],
    build: () => bertWith({ pre_tokenizer: { type: 'CharDelimiterSplit', delimiter: ' ' } }) },
  { name: 'FixedLength 5 (bert-base-uncased)', features: ['pre_tokenizer.FixedLength'],
    build: () => bertWith({ pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'FixedLength', length: 5 }] } }) },
  { name: 'UnicodeScripts (bert-base-uncased)', features: ['pre_tokenizer.UnicodeScripts'],
    build: () => bertWith({ pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'UnicodeScripts' }] } }) },
  { name: 'Digits individual_digits (gpt2)', features: ['pre_tokenizer.Digits.individual_digits=true'],
    build: () => gpt2With({ type: 'Digits', individual_digits: true }) },
  { name: 'ByteLevel add_prefix_space, trim_offsets false (gpt2)', features: ['pre_tokenizer.ByteLevel.add_prefix_space=true', 'pre_tokenizer.ByteLevel.trim_offsets=false'],
    build: () => Object.assign(fixtureJson('gpt2'), { pre_tokenizer: byteLevel({ add_prefix_space: true, trim_offsets: false, use_regex: true }) }) },
  { name: 'Split MergedWithPrevious (gpt2)', features: ['pre_tokenizer.Split.behavior=MergedWithPrevious'],
    build: () => gpt2With(split({ Regex: '\\s+|[.,!?;:]' }, 'MergedWithPrevious')) },
  { name: 'Split Contiguous, string pattern (gpt2)', features: ['pre_tokenizer.Split.behavior=Contiguous', 'pre_tokenizer.Split.pattern=String'],
    build: () => gpt2With(split({ String: ' ' }, 'Contiguous')) },
  { name: 'Split MergedWithNext regex (gpt2)', features: ['pre_tokenizer.Split.behavior=MergedWithNext', 'pre_tokenizer.Split.pattern=Regex'],
    build: () => gpt2With(split({ Regex: '\\s+|\\p{P}' }, 'MergedWithNext')) },
  { name: 'Split Isolated invert (gpt2)', features: ['pre_tokenizer.Split.behavior=Isolated', 'pre_tokenizer.Split.invert=true'],
    build: () => gpt2With(split({ Regex: '\\p{L}+' }, 'Isolated', true)) },
  { name: 'Metaspace prepend_scheme first (flan-t5-small)', features: ['pre_tokenizer.Metaspace.prepend_scheme=first'],
    build: () => flanWith({ pre_tokenizer: metaspace({ prepend_scheme: 'first' }), decoder: metaspace({ prepend_scheme: 'first' }) }),
    texts: METASPACE_TEXTS },
  { name: 'Metaspace prepend_scheme never (flan-t5-small)', features: ['pre_tokenizer.Metaspace.prepend_scheme=never'],
    build: () => flanWith({ pre_tokenizer: metaspace({ prepend_scheme: 'never' }), decoder: metaspace({ prepend_scheme: 'never' }) }),
    texts: METASPACE_TEXTS },
  // Unigram gives the same pieces with or without the split (no piece has an inner '▁'): WordLevel shows it.
  { name: 'Metaspace split false (flan-t5-small vocab as WordLevel)', features: ['pre_tokenizer.Metaspace.split=false', 'model.WordLevel'],
    build: () => {
      const j = flanWith({ pre_tokenizer: metaspace({ split: false }), decoder: metaspace({ split: false }) });
      j.model = { type: 'WordLevel', vocab: Object.fromEntries(j.model.vocab.map(([piece], id) => [piece, id])), unk_token: '<unk>' };
      return j;
    } },
  { name: 'Metaspace legacy add_prefix_space, replacement _ (flan-t5-small)', features: ['pre_tokenizer.Metaspace.legacy_add_prefix_space', 'pre_tokenizer.Metaspace.replacement!=▁'],
    build: () => flanWith({ pre_tokenizer: { type: 'Metaspace', replacement: '_', add_prefix_space: true },
      decoder: { type: 'Metaspace', replacement: '_', add_prefix_space: true } }) },
  // models
  { name: 'BPE dropout 0 (gpt2)', features: ['model.BPE.dropout'],
    build: () => { const j = fixtureJson('gpt2'); j.model.dropout = 0; return j; } },
  { name: 'BPE continuing_subword_prefix ## (gpt2, 4000 merges)', features: ['model.BPE.continuing_subword_prefix', 'decoder.Replace'], build: () => prefixedBpe() },
  { name: 'WordLevel (bert-base-uncased vocab)', features: ['model.WordLevel'],
    build: () => { const j = fixtureJson('bert-base-uncased'); j.model = { type: 'WordLevel', vocab: j.model.vocab, unk_token: '[UNK]' }; return j; } },
  { name: 'Unigram unk_id null (flan-t5-small)', features: ['model.Unigram.unk_id=null'],
    build: () => { const j = flanWith({}); j.model.unk_id = null; return j; }, rustMayThrow: true },
  { name: 'Unigram byte_fallback (flan-t5-small + byte pieces)', features: ['model.Unigram.byte_fallback', 'decoder.ByteFallback'], build: unigramByteFallback },
  // post-processors
  { name: 'BertProcessing (bert-base-uncased)', features: ['post_processor.BertProcessing'],
    build: () => bertWith({ post_processor: { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] } }) },
  { name: 'RobertaProcessing add_prefix_space, ByteLevel add_prefix_space (roberta-base)', features: ['post_processor.RobertaProcessing.add_prefix_space=true', 'post_processor.RobertaProcessing.trim_offsets=true', 'pre_tokenizer.ByteLevel.add_prefix_space=true'],
    build: () => { const j = fixtureJson('roberta-base'); j.pre_tokenizer.add_prefix_space = true; j.post_processor.add_prefix_space = true; return j; } },
  { name: 'Sequence [ByteLevel, TemplateProcessing] (gpt2)', features: ['post_processor.Sequence', 'post_processor.ByteLevel', 'post_processor.TemplateProcessing'],
    build: () => Object.assign(fixtureJson('gpt2'), { post_processor: { type: 'Sequence', processors: [
      { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [50256], tokens: ['<|endoftext|>'] } } }] } }) },
  // decoders
  { name: 'BPEDecoder (clip-vit-base-patch32)', features: ['decoder.BPEDecoder'],
    build: () => Object.assign(fixtureJson('openai__clip-vit-base-patch32'), { decoder: { type: 'BPEDecoder', suffix: '</w>' } }) },
  { name: 'CTC decoder (bert-base-uncased)', features: ['decoder.CTC'],
    build: () => bertWith({ decoder: { type: 'CTC', pad_token: '[PAD]', word_delimiter_token: '|', cleanup: true } }) },
  { name: 'Fuse, Strip, WordPiece cleanup false (bert-base-uncased)', features: ['decoder.Fuse', 'decoder.Strip', 'decoder.Sequence'],
    build: () => bertWith({ decoder: { type: 'Sequence', decoders: [{ type: 'WordPiece', prefix: '##', cleanup: false },
      { type: 'Strip', content: ' ', start: 1, stop: 0 }, { type: 'Fuse' }] } }) },
  // added tokens
  { name: 'added tokens single_word / lstrip / rstrip / normalized / special (bert-base-uncased)',
    features: ['added_tokens.single_word', 'added_tokens.lstrip', 'added_tokens.rstrip', 'added_tokens.normalized=true', 'added_tokens.special=false'],
    build: addedTokenFlags, texts: ADDED_TOKEN_TEXTS },
];

/** Files Rust refuses to load: wasmpipe must refuse them too (INVALID_FILE). */
export const REJECTED = [
  { name: 'Metaspace legacy add_prefix_space false (needs prepend_scheme never)',
    build: () => flanWith({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', add_prefix_space: false } }) },
];

/** BPE dropout: Rust applies it at random; wasmpipe ignores it (issue 3), i.e. equals dropout null. */
export const DROPOUT_VARIANT = { name: 'BPE dropout 0.5 (gpt2)', dropout: 0.5, base: 'gpt2' };
