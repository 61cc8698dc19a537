// Sentence-similarity helpers for semantic search on embeddings from feature-extraction:
// cos_sim (transformers.js' signature) and semantic_search (sentence-transformers' util). The
// math runs in the C++ core; these are synchronous, so the core must be loaded (it is once any
// pipeline or tokenizer has loaded).
import { getCore, loadedCore, unwrap } from './core.js';
import { Tensor } from './tensor.js';

let helper = null; // one C++ FeatureExtractor for scratch memory

function core() {
  const c = loadedCore();
  if (!c) {
    const err = new Error('wasmpipe similarity helpers need the WebAssembly core: load a pipeline first, or `await similarityReady()`.');
    err.code = 'CORE_NOT_LOADED';
    throw err;
  }
  helper ??= c.FeatureExtractor.create();
  return helper;
}

/** Resolves once cos_sim / semantic_search can run (loads the core if needed). */
export async function similarityReady() {
  await getCore();
  core();
}

function toFloat32(values, what) {
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values) || Array.isArray(values)) {
    const out = Float32Array.from(values, Number);
    if (out.some((v, i) => Number.isNaN(v) && !Number.isNaN(Number(values[i])))) throw new TypeError(`${what} must hold numbers.`);
    return out;
  }
  throw new TypeError(`${what} must be a Tensor, a typed array or an array of numbers.`);
}

/** A vector from a Tensor ([dim] or [1, dim]), typed array or number[]. */
function vector(x, what) {
  if (x instanceof Tensor) {
    if (x.dims.length > 2 || (x.dims.length === 2 && x.dims[0] !== 1)) {
      throw new TypeError(`${what}: expected one embedding ([dim] or [1, dim]), got dims [${x.dims.join(', ')}].`);
    }
    return toFloat32(x.data, what);
  }
  return toFloat32(x, what);
}

/** Rows of equal length from a Tensor [n, dim] or an array of vectors: {data, rows, dim}. */
function matrix(x, what) {
  if (x instanceof Tensor) {
    if (x.dims.length !== 2) throw new TypeError(`${what}: expected embeddings [n, dim], got dims [${x.dims.join(', ')}].`);
    return { data: toFloat32(x.data, what), rows: x.dims[0], dim: x.dims[1] };
  }
  if (!Array.isArray(x)) throw new TypeError(`${what} must be a Tensor [n, dim] or an array of embeddings.`);
  const rows = x.map((r, i) => vector(r, `${what}[${i}]`));
  const dim = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new TypeError(`${what}[${i}] has ${r.length} values, ${what}[0] has ${dim}.`);
  });
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { data, rows: rows.length, dim };
}

/** Cosine similarity of two embeddings (number in [-1, 1]). */
export function cos_sim(a, b) {
  return unwrap(core().cosSim(vector(a, 'cos_sim: a'), vector(b, 'cos_sim: b')), 'cos_sim');
}

/**
 * Ranks corpus embeddings by cosine similarity to the query, like sentence-transformers'
 * util.semantic_search: [{corpus_id, score}], best first (ties: lower corpus_id). A query Tensor
 * [q, dim] with q > 1 gives one such list per query.
 */
export function semantic_search(query, corpus, { top_k = 10 } = {}) {
  if (!Number.isInteger(top_k) || top_k < 1) throw new TypeError(`semantic_search: top_k must be a positive integer, got ${top_k}.`);
  const c = matrix(corpus, 'semantic_search: corpus');
  const rank = (v) => (c.rows === 0 ? [] : unwrap(core().rank(v, c.data, c.dim, top_k), 'semantic_search'));
  if (query instanceof Tensor && query.dims.length === 2 && query.dims[0] > 1) {
    // One list per query row; the corpus is converted once, not per query.
    const q = matrix(query, 'semantic_search: query');
    return Array.from({ length: q.rows }, (_, i) => rank(q.data.subarray(i * q.dim, (i + 1) * q.dim)));
  }
  return rank(vector(query, 'semantic_search: query'));
}

/**
 * Embeds `query` and `sentences` with a feature-extraction pipeline (mean pooling + normalize
 * by default, what sentence-transformers models use) and ranks the sentences:
 * [{corpus_id, score, text}], best first.
 */
export async function rank_sentences(extractor, query, sentences, { top_k = sentences?.length ?? 10, pooling = 'mean', normalize = true } = {}) {
  if (typeof query !== 'string') throw new TypeError('rank_sentences: query must be a string.');
  if (!Array.isArray(sentences) || sentences.some((s) => typeof s !== 'string')) {
    throw new TypeError('rank_sentences: sentences must be an array of strings.');
  }
  if (sentences.length === 0) return [];
  const [q, corpus] = [await extractor(query, { pooling, normalize }), await extractor(sentences, { pooling, normalize })];
  return semantic_search(q, corpus, { top_k }).map((h) => ({ ...h, text: sentences[h.corpus_id] }));
}
