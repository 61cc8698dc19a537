// Prints two --test-name-pattern regexes, one a line, that split tests/js/tokenizer-fixtures.test.js
// into two shards of similar cost for scripts/test.sh: shard 1 takes the tests named after every
// second fixture in the file's own (sorted) order, shard 0 every other test. Each test matches
// exactly one of the two, whatever fixtures or tests are added.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TOKENIZER_FIXTURES } from '../tests/js/helpers/paths.js';

const names = readdirSync(TOKENIZER_FIXTURES).sort()
  .filter((d) => existsSync(path.join(TOKENIZER_FIXTURES, d, 'tokenizer.json')));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const second = names.filter((_, i) => i % 2 === 1).map(escape);
const prefix = `(?:${second.length ? second.join('|') : '(?!)'}): `;
// node matches the pattern against a test's ancestors too: the file's root ('<root>' in node 20)
// must not match shard 0's, or every test would run there (the test.sh count check would fail).
console.log(`^(?!${prefix})(?!<root>$)`);
console.log(`^${prefix}`);
