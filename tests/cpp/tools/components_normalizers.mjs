// Compares the C++ normalizers (build/tools/components_driver, see components_driver.cpp) with HF's
// Rust `tokenizers` npm binding: normalized strings of every corpus paragraph (split on blank
// lines), per-char original offsets of a sample (the binding's offsets through a Split-every-char
// pre-tokenizer + WordLevel model), and a sweep of every code point. Prints mismatch counts.
// Usage: node tests/cpp/tools/components_normalizers.mjs [fixtures_dir] [--dump out.json]
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const require = createRequire(import.meta.url);
const tk = require('tokenizers');
const fixtures = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : path.resolve('../shared/fixtures');
const driver = process.env.COMPONENTS_DRIVER || 'build/tools/components_driver';
const only = process.env.ONLY;

const corpusDir = path.join(fixtures, 'corpus');
const paragraphs = [];
for (const f of fs.readdirSync(corpusDir).sort())
  for (const p of fs.readFileSync(path.join(corpusDir, f), 'utf8').split(/\n\s*\n/)) if (p.length) paragraphs.push(p);

const tokJson = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, 'tokenizers', name, 'tokenizer.json'), 'utf8'));
const configs = {
  NFC: { type: 'NFC' }, NFD: { type: 'NFD' }, NFKC: { type: 'NFKC' }, NFKD: { type: 'NFKD' },
  Lowercase: { type: 'Lowercase' },
  Strip: { type: 'Strip', strip_left: true, strip_right: true },
  StripRight: { type: 'Strip', strip_left: false, strip_right: true },
  StripAccents: { type: 'StripAccents' },
  NFD_StripAccents: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }] },
  NFKD_StripAccents_Lower: { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] },
  Nmt: { type: 'Nmt' },
  Prepend: { type: 'Prepend', prepend: '\u2581' },
  ReplaceString: { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' },
  ReplaceStringLong: { type: 'Replace', pattern: { String: 'the' }, content: 'ðe' },
  ReplaceRegexSpaces: { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
  ReplaceRegexWs: { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
  ReplaceRegexEmpty: { type: 'Replace', pattern: { Regex: 'x*' }, content: '-' },
  llama: tokJson('meta-llama__Llama-2-7b-hf').normalizer,
  clip: tokJson('openai__clip-vit-base-patch32').normalizer,
  t5_small: tokJson('t5-small').normalizer,
  flan_t5: tokJson('google__flan-t5-small').normalizer,
  t5_xxl: tokJson('google__t5-v1_1-xxl').normalizer,
};

function bindingTokenizer(normalizer, perChar) {
  const t = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer,
    pre_tokenizer: perChar ? { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false } : null,
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } };
  return tk.Tokenizer.fromString(JSON.stringify(t));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'components-'));
function runDriver(mode, comp, inputs) {
  const c = path.join(tmp, 'c.json'), i = path.join(tmp, 'i.json');
  fs.writeFileSync(c, JSON.stringify(comp));
  fs.writeFileSync(i, JSON.stringify(inputs));
  return JSON.parse(execFileSync(driver, [mode, c, i], { maxBuffer: 1 << 30 }).toString('utf8'));
}

// Byte offset -> code point index in `s`.
function byteToCp(s) {
  const map = new Map();
  let b = 0, cp = 0;
  for (const ch of s) { map.set(b, cp); b += Buffer.byteLength(ch); cp++; }
  map.set(b, cp);
  return map;
}

// Every code point (no surrogates), between '|' separators, in chunks.
const sweep = [];
for (let start = 0; start < 0x110000; start += 2048) {
  let s = '';
  for (let c = start; c < start + 2048; c++) if (c < 0xd800 || c > 0xdfff) s += '|' + String.fromCodePoint(c);
  sweep.push(s + '|');
}

const dump = {};
let total = 0;
for (const [name, cfg] of Object.entries(configs)) {
  if (only && !only.split(',').includes(name)) continue;
  const norm = bindingTokenizer(cfg, false).getNormalizer();
  const expected = paragraphs.map((p) => norm.normalizeString(p));
  const got = runDriver('normalizer', cfg, paragraphs);
  let strMis = 0, firstStr = null;
  expected.forEach((e, k) => { if (e !== got[k][0]) { strMis++; firstStr ??= k; } });
  // Offsets of every 4th paragraph.
  const perChar = bindingTokenizer(cfg, true);
  let offMis = 0, offChecked = 0, firstOff = null;
  for (let k = 0; k < paragraphs.length; k += 4) {
    if (expected[k] !== got[k][0]) continue;
    const enc = await perChar.encode(paragraphs[k]);
    const offs = enc.getOffsets();
    const map = byteToCp(paragraphs[k]);
    const mine = got[k][1].map(([b, e]) => [map.get(b), map.get(e)]);
    offChecked++;
    if (JSON.stringify(offs) !== JSON.stringify(mine)) { offMis++; firstOff ??= { k, offs: offs.slice(0, 8), mine: mine.slice(0, 8) }; }
  }
  // Code point sweep.
  const sweepGot = runDriver('normalizer', cfg, sweep);
  let cpMis = 0; const cpExamples = [];
  sweep.forEach((s, k) => {
    const e = norm.normalizeString(s);
    if (e === sweepGot[k][0]) return;
    const ep = e.split('|'), gp = sweepGot[k][0].split('|'), ip = s.split('|');
    if (ep.length !== gp.length) { cpMis++; cpExamples.push(`chunk ${k}: piece counts differ`); return; }
    ep.forEach((x, q) => { if (x !== gp[q]) { cpMis++; if (cpExamples.length < 6) cpExamples.push(`U+${ip[q].codePointAt(0)?.toString(16)} rust=${JSON.stringify(x)} ours=${JSON.stringify(gp[q])}`); } });
  });
  total += strMis + offMis + cpMis;
  console.log(`${name}: paragraphs ${paragraphs.length} string mismatches ${strMis}; offsets checked ${offChecked} mismatches ${offMis}; code point mismatches ${cpMis}`);
  if (firstStr !== null) console.log('  first string mismatch', JSON.stringify(paragraphs[firstStr].slice(0, 200)), '\n  rust', JSON.stringify(expected[firstStr].slice(0, 200)), '\n  ours', JSON.stringify(got[firstStr][0].slice(0, 200)));
  if (firstOff) console.log('  first offsets mismatch', JSON.stringify(firstOff));
  if (cpExamples.length) console.log('  ' + cpExamples.join('\n  '));
}
console.log(`TOTAL mismatches: ${total}`);
fs.rmSync(tmp, { recursive: true });
