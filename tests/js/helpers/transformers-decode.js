// What Python transformers does on top of the Rust backend's decode, for the oracles that compare
// against it (tests/js/tokenizer-fixtures.test.js, tests/cpp/tools/dump_reference_hashes.mjs).
import { existsSync, readFileSync } from 'node:fs';

// Python's str.strip() with no argument: the characters str.isspace() accepts (not JS's \s, which
// has U+FEFF and lacks U+001C-U+001F and U+0085).
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

/** Python's `text.strip()`. */
export const pyStrip = (text) => text.replace(PY_STRIP, '');

const classOf = new Map(); // tokenizer_config.json path -> tokenizer_class (null: none)

/**
 * The decode Python users get from the backend's `text`: transformers' CLIPTokenizerFast rewrites
 * it ("</w>" -> " ", then str.strip()); wasmpipe does the same for tokenizer_class CLIPTokenizer.
 * `configPath` is the tokenizer's tokenizer_config.json ('' or a missing file: none).
 */
export function transformersDecode(configPath, text) {
  if (!classOf.has(configPath)) {
    const cls = configPath && existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')).tokenizer_class : null;
    classOf.set(configPath, cls ?? null);
  }
  return /^CLIPTokenizer(Fast)?$/.test(classOf.get(configPath) ?? '') ? pyStrip(text.replaceAll('</w>', ' ')) : text;
}
