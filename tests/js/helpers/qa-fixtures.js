// Inputs of tests/fixtures/expected/question-answering.json rebuilt for JS, and Python's
// code-point offsets converted to UTF-16 (what JS String#slice uses).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

export const qaExpected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/question-answering.json'), 'utf8'));
export const feExpected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/feature-extraction.json'), 'utf8'));

/** generate.py's long_text(n) from the sentences the JSON records. */
export function longText(nWords) {
  const sentences = qaExpected.meta.long_text.sentences;
  const words = [];
  for (let i = 0; words.length < nWords; i++) words.push(...`(${i + 1}) ${sentences[i % sentences.length]}`.split(/\s+/));
  return words.slice(0, nWords).join(' ');
}

/** A case's input as {question, context} or an array of them. */
export function caseInput(input) {
  if ('short' in input) return { ...qaExpected.short[input.short] };
  if ('batch' in input) return input.batch.map((i) => ({ ...qaExpected.short[i] }));
  return { question: input.question, context: longText(input.long) };
}

/** Code-point offset -> UTF-16 offset in `text`. */
export function utf16Offset(text, codePoints) {
  return Array.from(text).slice(0, codePoints).join('').length;
}

/** Python's answer(s) with offsets converted for `context`. */
export function toUtf16(answer, context) {
  return { ...answer, start: utf16Offset(context, answer.start), end: utf16Offset(context, answer.end) };
}
