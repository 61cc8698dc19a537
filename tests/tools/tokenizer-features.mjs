// The components and options of a tokenizer.json that issue 3 lists, read from the JSON itself:
// every feature key a tokenizer exercises, e.g. 'pre_tokenizer.Split.behavior=Isolated' or
// 'model.BPE.fuse_unk'. Used by tests/tools/tokenizer-coverage.mjs (the coverage table) and by
// tests/js/tokenizer-variants.test.js (each synthetic variant must exercise the feature it names).

/** Every feature the issue names, grouped and in the issue's order (rows of the coverage table). */
export const ISSUE_FEATURES = {
  Normalizers: ['BertNormalizer', 'Strip', 'StripAccents', 'NFC', 'NFD', 'NFKC', 'NFKD', 'Lowercase', 'Nmt',
    'Precompiled', 'Replace', 'Replace.pattern=String', 'Replace.pattern=Regex', 'Prepend', 'ByteLevel', 'Sequence']
    .map((f) => `normalizer.${f}`),
  'Pre-tokenizers': ['BertPreTokenizer', 'ByteLevel', 'ByteLevel.add_prefix_space=true', 'ByteLevel.add_prefix_space=false',
    'ByteLevel.trim_offsets=true', 'ByteLevel.trim_offsets=false', 'ByteLevel.use_regex=true', 'ByteLevel.use_regex=false',
    'CharDelimiterSplit', 'Metaspace', 'Metaspace.prepend_scheme=first', 'Metaspace.prepend_scheme=never',
    'Metaspace.prepend_scheme=always', 'Metaspace.split=true', 'Metaspace.split=false', 'Metaspace.legacy_add_prefix_space',
    'Metaspace.replacement!=▁', 'Whitespace', 'WhitespaceSplit', 'Split', 'Split.pattern=String', 'Split.pattern=Regex',
    'Split.behavior=Removed', 'Split.behavior=Isolated', 'Split.behavior=MergedWithPrevious', 'Split.behavior=MergedWithNext',
    'Split.behavior=Contiguous', 'Split.invert=true', 'Punctuation', 'Digits', 'Digits.individual_digits=true',
    'Digits.individual_digits=false', 'UnicodeScripts', 'FixedLength', 'Sequence'].map((f) => `pre_tokenizer.${f}`),
  Models: ['BPE', 'BPE.dropout', 'BPE.unk_token', 'BPE.continuing_subword_prefix', 'BPE.end_of_word_suffix', 'BPE.fuse_unk',
    'BPE.byte_fallback', 'BPE.ignore_merges', 'BPE.merges=strings', 'BPE.merges=pairs', 'WordPiece', 'WordLevel', 'Unigram',
    'Unigram.byte_fallback', 'Unigram.unk_id', 'Unigram.unk_id=null', 'old_format(no model.type)'].map((f) => `model.${f}`),
  'Post-processors': ['TemplateProcessing', 'BertProcessing', 'RobertaProcessing', 'RobertaProcessing.add_prefix_space=true',
    'RobertaProcessing.trim_offsets=true', 'ByteLevel', 'Sequence'].map((f) => `post_processor.${f}`),
  Decoders: ['BPEDecoder', 'ByteLevel', 'WordPiece', 'WordPiece.cleanup=true', 'Metaspace', 'CTC', 'Replace', 'Fuse', 'Strip',
    'ByteFallback', 'Sequence'].map((f) => `decoder.${f}`),
  'Added tokens': ['single_word', 'lstrip', 'rstrip', 'normalized=true', 'normalized=false', 'special=true', 'special=false']
    .map((f) => `added_tokens.${f}`),
};

/** A component and, for a Sequence, its parts (depth first). */
function flatten(component, childrenKey) {
  if (!component) return [];
  return [component, ...(component[childrenKey] ?? []).flatMap((c) => flatten(c, childrenKey))];
}

/** Feature keys of one parsed tokenizer.json (a Set). */
export function tokenizerFeatures(json) {
  const out = new Set();
  const add = (k) => out.add(k);
  // normalizers
  const norms = flatten(json.normalizer, 'normalizers');
  for (const n of norms) {
    add(`normalizer.${n.type}`);
    if (n.type === 'Replace') add(`normalizer.Replace.pattern=${Object.keys(n.pattern ?? {})[0]}`);
  }
  // pre-tokenizers
  const pres = flatten(json.pre_tokenizer, 'pretokenizers');
  for (const p of pres) {
    const k = `pre_tokenizer.${p.type}`;
    add(k);
    if (p.type === 'ByteLevel') {
      add(`${k}.add_prefix_space=${p.add_prefix_space ?? true}`);
      add(`${k}.trim_offsets=${p.trim_offsets ?? true}`);
      add(`${k}.use_regex=${p.use_regex ?? true}`);
    } else if (p.type === 'Metaspace') {
      if (p.prepend_scheme === undefined) add(`${k}.legacy_add_prefix_space`);
      else add(`${k}.prepend_scheme=${p.prepend_scheme}`);
      add(`${k}.split=${p.split ?? true}`);
      if ((p.replacement ?? '▁') !== '▁') add(`${k}.replacement!=▁`);
    } else if (p.type === 'Split') {
      add(`${k}.pattern=${Object.keys(p.pattern ?? {})[0]}`);
      add(`${k}.behavior=${p.behavior}`);
      if (p.invert) add(`${k}.invert=true`);
    } else if (p.type === 'Digits') {
      add(`${k}.individual_digits=${!!p.individual_digits}`);
    } else if (p.type === 'Punctuation') {
      add(`${k}.behavior=${p.behavior ?? 'Isolated'}`);
    }
  }
  // model
  const m = json.model ?? {};
  let mtype = m.type;
  if (!mtype) {
    add('model.old_format(no model.type)');
    // what Rust's untagged ModelWrapper settles on for the fields present
    mtype = Array.isArray(m.vocab) ? 'Unigram' : m.merges ? 'BPE' : m.continuing_subword_prefix !== undefined || m.max_input_chars_per_word !== undefined ? 'WordPiece' : 'WordLevel';
  }
  add(`model.${mtype}`);
  if (mtype === 'BPE') {
    if (m.dropout !== null && m.dropout !== undefined) add('model.BPE.dropout');
    if (m.unk_token) add('model.BPE.unk_token');
    if (m.continuing_subword_prefix) add('model.BPE.continuing_subword_prefix');
    if (m.end_of_word_suffix) add('model.BPE.end_of_word_suffix');
    if (m.fuse_unk) add('model.BPE.fuse_unk');
    if (m.byte_fallback) add('model.BPE.byte_fallback');
    if (m.ignore_merges) add('model.BPE.ignore_merges');
    if ((m.merges ?? []).length) add(`model.BPE.merges=${Array.isArray(m.merges[0]) ? 'pairs' : 'strings'}`);
  } else if (mtype === 'Unigram') {
    if (m.byte_fallback) add('model.Unigram.byte_fallback');
    add(m.unk_id === null || m.unk_id === undefined ? 'model.Unigram.unk_id=null' : 'model.Unigram.unk_id');
  }
  // post-processor
  const posts = flatten(json.post_processor, 'processors');
  for (const p of posts) {
    add(`post_processor.${p.type}`);
    if (p.type === 'RobertaProcessing') {
      if (p.add_prefix_space ?? true) add('post_processor.RobertaProcessing.add_prefix_space=true');
      if (p.trim_offsets ?? true) add('post_processor.RobertaProcessing.trim_offsets=true');
    }
  }
  // decoder
  const decs = flatten(json.decoder, 'decoders');
  for (const d of decs) {
    add(`decoder.${d.type}`);
    if (d.type === 'WordPiece' && (d.cleanup ?? true)) add('decoder.WordPiece.cleanup=true');
  }
  // added tokens
  for (const t of json.added_tokens ?? []) {
    for (const f of ['single_word', 'lstrip', 'rstrip']) if (t[f]) add(`added_tokens.${f}`);
    add(`added_tokens.normalized=${!!t.normalized}`);
    add(`added_tokens.special=${!!t.special}`);
  }
  return out;
}
