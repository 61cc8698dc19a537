// Probes every code point through Rust pre-tokenizers (npm binding) to record how they classify
// it. usage: node tests/cpp/tools/probe_pretok_classes.cjs [out=build/pretok/pretok_probe.tsv]
// Lines "hex\tW\tD": W = Whitespace's class (w: \w, s: \s, p: other), D = Digits' is_numeric (1/0).
// tests/cpp/pre_tokenizers_test.cpp checks all code points against it (scripts/test.sh writes it).
'use strict';
const fs = require('fs');
const path = require('path');
const { whitespacePreTokenizer, digitsPreTokenizer } = require(path.join(__dirname, '../../../node_modules/tokenizers'));
const out = process.argv[2] || path.join(__dirname, '../../../build/pretok/pretok_probe.tsv');
fs.mkdirSync(path.dirname(out), { recursive: true });
const ws = whitespacePreTokenizer();
const dg = digitsPreTokenizer(true);
const lines = [];
for (let base = 0; base < 0x110000; base += 4096) {
  const cps = [];
  for (let c = base; c < base + 4096; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c);
  // units "a" + c, separated by spaces: each starts at char 3*i
  const text = cps.map((c) => 'a' + String.fromCodePoint(c)).join(' ');
  const wsStarts = new Map();
  for (const [, [b, e]] of ws.preTokenizeString(text)) wsStarts.set(b, e);
  const dgStarts = new Set();
  for (const [, [b]] of dg.preTokenizeString(text)) dgStarts.add(b);
  cps.forEach((c, i) => {
    const st = 3 * i;
    const e = wsStarts.get(st);
    const w = e === st + 2 ? 'w' : wsStarts.has(st + 1) ? 'p' : 's';
    const d = dgStarts.has(st + 1) ? '1' : '0';
    lines.push(`${c.toString(16)}\t${w}\t${d}`);
  });
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} code points to ${out}`);
