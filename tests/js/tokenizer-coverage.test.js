// tests/tokenizer-coverage.md (issue 3's coverage table) is what tests/tools/tokenizer-coverage.mjs
// derives from the fixtures and variants now, and the tool finds an oracle-backed test for every
// component, option and loader the issue lists (it exits 1 otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';

test('tests/tokenizer-coverage.md is current and has no feature without a test', () => {
  const now = execFileSync(process.execPath, [path.join(ROOT, 'tests/tools/tokenizer-coverage.mjs')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(readFileSync(path.join(ROOT, 'tests/tokenizer-coverage.md'), 'utf8'), now,
    'regenerate it: node tests/tools/tokenizer-coverage.mjs > tests/tokenizer-coverage.md');
});
