// Multilingual seq2seq translation (NLLB, M2M100, mBART): the source language token goes into the
// encoder input the way each HF tokenizer's set_src_lang_special_tokens puts it, and the target
// language token is forced as the first generated token (forced_bos_token_id), as
// tokenizer._build_translation_inputs does for the Python TranslationPipeline.

function kindOf(pipe) {
  const cls = pipe.tokenizer.config?.tokenizer_class ?? '';
  if (/^Nllb/.test(cls)) return 'nllb';
  if (/^M2M100/.test(cls) || pipe.config.model_type === 'm2m_100') return 'm2m100';
  // MBart50Tokenizer: [src_lang] text </s>; MBartTokenizer (cc25, en-ro): text </s> [src_lang]
  if (/^MBart50/.test(cls)) return 'mbart50';
  if (/^MBart/.test(cls) || pipe.config.model_type === 'mbart') return 'mbart';
  return null;
}

const NAMED_SPECIAL = ['bos_token', 'eos_token', 'unk_token', 'pad_token', 'sep_token', 'cls_token', 'mask_token'];

/**
 * Whether a token id can be a language code: language codes are special tokens of these
 * tokenizers, but not </s>, <unk>, <mask>, ... (Python's convert_tokens_to_ids would take any
 * token, and an unknown code silently becomes <unk>; wasmpipe refuses both).
 */
function isLanguageToken(pipe, token, id, kind) {
  const cfg = pipe.tokenizer.config ?? {};
  const { handle } = pipe.tokenizer;
  for (const name of NAMED_SPECIAL) {
    const t = cfg[name];
    if ((typeof t === 'string' ? t : t?.content) === token) return false;
    // the class defaults a repo's config leaves out (the mBART / XLM-R <mask>)
    if (handle.specialToken && handle.specialToken(name) === token) return false;
  }
  // M2M100Tokenizer knows its codes whether or not the repo lists them as special tokens
  // (transformers registers them only where special_tokens_map.json lists them).
  if (kind === 'm2m100' && M2M100_TOKEN.test(token)) return true;
  const special = pipe.tokenizer.handle.allSpecialIds?.();
  return !special || Array.from(special).includes(id);
}

const M2M100_TOKEN = /^__([a-z]{2,3})__$/;

/** For errors: M2M100's language codes among the tokenizer's special tokens. */
function m2m100Codes(pipe) {
  const { handle } = pipe.tokenizer;
  if (!handle.allSpecialIds || !handle.idToToken) return [];
  return Array.from(handle.allSpecialIds(), (id) => M2M100_TOKEN.exec(handle.idToToken(id) ?? '')?.[1]).filter(Boolean);
}

function languageId(pipe, kind, lang, what) {
  if (typeof lang !== 'string' || !lang) {
    throw Object.assign(new TypeError(`translation: ${what} must be a language code string.`), { code: 'INVALID_ARGUMENT' });
  }
  const token = kind === 'm2m100' ? `__${lang}__` : lang;
  const id = pipe.tokenizer.handle.tokenToId(token);
  const known = pipe.tokenizer.config?.additional_special_tokens;
  // The config's list decides only where the tokenizer cannot say which tokens are special: the
  // mBART / NLLB fast classes add their codes to a config list that lacks them.
  const byList = !pipe.tokenizer.handle.allSpecialIds && Array.isArray(known) && known.length > 0;
  if (id === undefined || id === null || !isLanguageToken(pipe, token, id, kind) ||
      (byList && !known.includes(token) && kind !== 'm2m100')) {
    const codes = kind === 'm2m100' ? m2m100Codes(pipe) : [];
    const examples = codes.length > 0 ? ` (valid: ${codes.join(', ')})` : Array.isArray(known) ? ` (e.g. ${known.slice(0, 4).join(', ')})` : '';
    throw Object.assign(new Error(`translation: unknown ${what} '${lang}': this tokenizer has no language token '${token}'${examples}.`),
      { code: 'INVALID_ARGUMENT' });
  }
  return id;
}

/**
 * @returns {null | {encode: (text: string, maxLength?: number|null) => number[], forced_bos_token_id: number}} null for
 *   models without language tokens (T5, Marian, BART), where src_lang/tgt_lang only pick the task.
 */
export function resolveLanguages(pipe, srcLang, tgtLang) {
  const kind = kindOf(pipe);
  if (!kind) return null;
  if (!tgtLang) {
    throw Object.assign(new Error(`translation: this ${kind} model translates between many languages: pass tgt_lang (and src_lang).`),
      { code: 'INVALID_ARGUMENT' });
  }
  const cfg = pipe.tokenizer.config ?? {};
  const src = srcLang ?? cfg.src_lang;
  if (!src) throw Object.assign(new Error('translation: pass src_lang (the tokenizer config names no default).'), { code: 'INVALID_ARGUMENT' });
  const srcId = languageId(pipe, kind, src, 'src_lang');
  const tgtId = languageId(pipe, kind, tgtLang, 'tgt_lang');
  const eos = pipe.tokenizer.handle.tokenToId(cfg.eos_token?.content ?? cfg.eos_token ?? '</s>');
  const legacy = kind === 'nllb' && cfg.legacy_behaviour === true;
  // maxLength: cut the text as the tokenizer's truncation does (its side; both special tokens kept)
  const encode = (text, maxLength = null) => {
    let ids = pipe.tokenizer.encode(text, { add_special_tokens: false });
    if (maxLength !== null && ids.length + 2 > maxLength) {
      const keep = Math.max(0, maxLength - 2);
      ids = pipe.tokenizer.truncation_side === 'left' ? ids.slice(ids.length - keep) : ids.slice(0, keep);
    }
    if (kind === 'mbart' || legacy) return [...ids, eos, srcId];  // mbart50 and NLLB: prefix
    return [srcId, ...ids, eos];
  };
  return { encode, forced_bos_token_id: tgtId };
}
