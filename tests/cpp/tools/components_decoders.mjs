// Compares the C++ decoders (build/tools/components_driver) with HF's Rust `tokenizers` npm
// binding on token lists cut from every corpus paragraph (split on blank lines): random 1-4 char
// pieces, spaces as '▁', some chars as <0xAB> byte tokens (some sequences broken on purpose),
// plus pad / delimiter tokens for CTC. Prints mismatch counts per decoder.
// Usage: node tests/cpp/tools/components_decoders.mjs [fixtures_dir]
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const require = createRequire(import.meta.url);
const tk = require('tokenizers');
const fixtures = process.argv[2] ?? path.resolve('../shared/fixtures');
const driver = process.env.COMPONENTS_DRIVER || 'build/tools/components_driver';

const corpusDir = path.join(fixtures, 'corpus');
const paragraphs = [];
for (const f of fs.readdirSync(corpusDir).sort())
  for (const p of fs.readFileSync(path.join(corpusDir, f), 'utf8').split(/\n\s*\n/)) if (p.length) paragraphs.push(p);

let seed = 12345;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const lists = paragraphs.map((p) => {
  const chars = [...p.replace(/ /g, '\u2581')];
  const toks = [];
  for (let i = 0; i < chars.length;) {
    const r = rnd(20);
    if (r === 0) { // byte tokens for one char, sometimes broken
      const bytes = [...Buffer.from(chars[i])];
      const keep = rnd(4) === 0 && bytes.length > 1 ? bytes.slice(1) : bytes;
      for (const b of keep) toks.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      i++; continue;
    }
    if (r === 1) { toks.push(['<pad>', '|', '</w>', '\u2581', '<unk>'][rnd(5)]); continue; }
    const n = 1 + rnd(4);
    let t = chars.slice(i, i + n).join('');
    if (rnd(6) === 0) t += '</w>';
    toks.push(t);
    if (rnd(10) === 0) toks.push(t); // repeats (CTC dedup)
    i += n;
  }
  return toks;
});

const tokJson = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, 'tokenizers', name, 'tokenizer.json'), 'utf8'));
const configs = {
  BPEDecoder: { type: 'BPEDecoder', suffix: '</w>' },
  MetaspaceAlways: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
  MetaspaceNever: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'never', split: true },
  MetaspaceFirst: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: false },
  MetaspaceLegacy: tokJson('t5-small').decoder,
  CTC: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
  CTCNoCleanup: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: false },
  ReplaceString: { type: 'Replace', pattern: { String: '\u2581' }, content: ' ' },
  ReplaceRegex: { type: 'Replace', pattern: { Regex: '\u2581+|<0x' }, content: '_' },
  Fuse: { type: 'Fuse' },
  StripStart: { type: 'Strip', content: '\u2581', start: 1, stop: 0 },
  ByteFallback: { type: 'ByteFallback' },
  llama: tokJson('meta-llama__Llama-2-7b-hf').decoder,
  ByteFallbackFuseMeta: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true }] },
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'components-'));
let total = 0;
for (const [name, cfg] of Object.entries(configs)) {
  const t = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: null,
    post_processor: null, decoder: cfg, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } };
  const dec = tk.Tokenizer.fromString(JSON.stringify(t)).getDecoder();
  const expected = lists.map((l) => dec.decode(l));
  fs.writeFileSync(path.join(tmp, 'c.json'), JSON.stringify(cfg));
  fs.writeFileSync(path.join(tmp, 'i.json'), JSON.stringify(lists));
  const got = JSON.parse(execFileSync(driver, ['decoder', path.join(tmp, 'c.json'), path.join(tmp, 'i.json')], { maxBuffer: 1 << 30 }).toString('utf8'));
  let mis = 0, first = null;
  expected.forEach((e, k) => { if (e !== got[k]) { mis++; first ??= k; } });
  total += mis;
  console.log(`${name}: token lists ${lists.length} mismatches ${mis}`);
  if (first !== null) console.log('  tokens', JSON.stringify(lists[first].slice(0, 30)), '\n  rust', JSON.stringify(expected[first].slice(0, 120)), '\n  ours', JSON.stringify(got[first].slice(0, 120)));
}
console.log(`TOTAL mismatches: ${total}`);
fs.rmSync(tmp, { recursive: true });
