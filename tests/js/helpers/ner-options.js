// Shared by the token-classification option tests (stride, is_split_into_words): Python's recorded
// references (tests/fixtures/generate_token_options.py) and the comparison of entities with them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

export const REF = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/token-classification-options.json'), 'utf8'));

/** Python str index (code points) -> JS string index (UTF-16 units). */
const utf16 = (text, cp) => Array.from(text).slice(0, cp).join('').length;

/** The recorded rows (meta.row_keys) as Python's entity objects, offsets in UTF-16 units. */
export function nerWant(text, rows) {
  return rows.map((row) => {
    const keys = REF.meta.row_keys[row.length === 6 ? 'none' : 'grouped'];
    const e = Object.fromEntries(keys.map((k, i) => [k, row[i]]));
    return { ...e, start: utf16(text, e.start), end: utf16(text, e.end) };
  });
}

/** Entities equal Python's: labels, words, offsets and indices exactly, scores within 1e-5. */
export function assertEntities(got, want, where) {
  assert.equal(got.length, want.length, `${where}: ${got.length} entities, Python ${want.length}`);
  want.forEach((w, i) => {
    const g = got[i];
    assert.deepEqual(Object.keys(g).sort(), Object.keys(w).sort(), `${where}[${i}] keys`);
    for (const k of Object.keys(w)) {
      if (k === 'score') assert.ok(Math.abs(g.score - w.score) <= 1e-5 + 1e-4 * Math.abs(w.score), `${where}[${i}].score ${g.score} vs ${w.score}`);
      else assert.equal(g[k], w[k], `${where}[${i}].${k}`);
    }
  });
}

/** Python's exception class -> ours: TypeError stays TypeError, the rest are INVALID_ARGUMENT errors. */
export const matchesPythonError = (pyType) => (e) => (pyType === 'TypeError' ? e instanceof TypeError : e.code === 'INVALID_ARGUMENT');
