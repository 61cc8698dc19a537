// Probes the Rust `tokenizers` binding (node_modules/tokenizers) code point by code point and writes
// what its BERT components do with each one, so the C++ tables can be checked against it.
// Usage: node tests/cpp/tools/probe_unicode.mjs build/ref/unicode_probe.tsv
// Output lines: cp(hex) \t clean \t chinese \t strip \t lower \t pretok  (only "interesting" rows:
// any column that differs from the identity).
import { createRequire } from 'node:module';
import fs from 'node:fs';
const require = createRequire(import.meta.url);
const tk = require('tokenizers');
const out = process.argv[2] || 'build/ref/unicode_probe.tsv';
const clean = tk.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false });
const chinese = tk.bertNormalizer({ cleanText: false, handleChineseChars: true, stripAccents: false, lowercase: false });
const strip = tk.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false });
const lower = tk.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: true });
const pre = tk.bertPreTokenizer();
const hex = (s) => [...s].map((c) => c.codePointAt(0).toString(16)).join(' ');
const lines = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  const c = clean.normalizeString(ch);
  const z = chinese.normalizeString(ch);
  const s = strip.normalizeString(ch);
  const l = lower.normalizeString(ch);
  const p = pre.preTokenizeString('a' + ch + 'a');
  let pk = 'w';  // word char (merged with neighbours)
  if (p.length === 2) pk = 's';  // removed as whitespace
  else if (p.length === 3) pk = 'p';  // isolated punctuation
  else if (p.length !== 1) pk = '?' + p.length;
  const cc = c === ch ? '=' : c === '' ? 'del' : hex(c);
  const zz = z === ch ? '=' : hex(z);
  const ss = s === ch ? '=' : hex(s);
  const ll = l === ch ? '=' : hex(l);
  if (cc !== '=' || zz !== '=' || ss !== '=' || ll !== '=' || pk !== 'w')
    lines.push([cp.toString(16), cc, zz, ss, ll, pk].join('\t'));
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} rows to ${out}`);
