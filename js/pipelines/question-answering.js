// question-answering: long contexts are cut into overlapping windows by the C++ tokenizer,
// windows run through the model in small batches (ORT), and C++ picks and merges the spans.
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';

const OPTIONS = new Set(['top_k', 'doc_stride', 'max_seq_len', 'max_question_len', 'max_answer_len',
  'handle_impossible_answer', 'align_to_words', 'window_batch_size']);
const WHAT = 'question-answering';

function positiveInt(value, name, { allowZero = false } = {}) {
  // The core takes 32-bit sizes: a larger value would wrap (2 ** 32 + 1 -> 1).
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 0xFFFFFFFF) {
    throw new TypeError(`${WHAT}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer of at most 4294967295, got ${value}.`);
  }
  return value;
}

function checkString(value, where) {
  if (typeof value !== 'string') {
    throw new TypeError(`${WHAT}: ${where} must be a string, got ${value === null ? 'null' : typeof value}.`);
  }
  return value;
}

/**
 * The accepted call shapes (transformers.js and Python):
 *   qa(question, context, options)          qa([q1, q2], context | [c1, c2], options)
 *   qa({question, context}, options)        qa([{question, context}, ...], options)
 */
function parseInputs(question, context, options) {
  const isDict = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isDict(question) || (Array.isArray(question) && question.length > 0 && isDict(question[0]))) {
    const batched = Array.isArray(question);
    const items = batched ? question : [question];
    const examples = items.map((item, i) => {
      const where = batched ? `inputs[${i}]` : 'the input';
      if (!isDict(item)) throw new TypeError(`${WHAT}: ${where} must be {question, context}.`);
      return { question: checkString(item.question, `${where}.question`), context: checkString(item.context, `${where}.context`) };
    });
    return { batched, examples, options: context ?? {} };
  }
  const batched = Array.isArray(question);
  const questions = batched ? question : [question];
  let contexts;
  if (Array.isArray(context)) {
    if (!batched || context.length !== questions.length) {
      throw new TypeError(`${WHAT}: questions and contexts must be arrays of the same length (or one context for all questions).`);
    }
    contexts = context;
  } else {
    contexts = questions.map(() => context);
  }
  const examples = questions.map((q, i) => ({
    question: checkString(q, batched ? `question[${i}]` : 'question'),
    context: checkString(contexts[i], Array.isArray(context) ? `context[${i}]` : 'context'),
  }));
  return { batched, examples, options: options ?? {} };
}

export class QuestionAnsweringPipeline extends Pipeline {
  /**
   * @returns {Promise<{answer:string, score:number, start:number, end:number} | Array>} as Python:
   * one answer when exactly one remains (top_k 1, or a context with a single span), else a list;
   * an array of those for batched inputs of two or more examples (a batch of one is answered as
   * one example). start/end index the context as JS strings do: answer === context.slice(start,
   * end) (for tokenizers that pad on the left, Python's spans may touch the question: then start
   * can exceed end and the answer is '').
   */
  async _call(question, context, maybeOptions) {
    const { batched, examples, options } = parseInputs(question, context, maybeOptions);
    if (options === null || typeof options !== 'object') throw new TypeError(`${WHAT}: options must be an object.`);
    for (const key of Object.keys(options)) {
      if (!OPTIONS.has(key)) throw new TypeError(`${WHAT}: unknown option '${key}'. Supported: ${[...OPTIONS].join(', ')}.`);
    }
    const maxSeqLen = positiveInt(options.max_seq_len ?? Math.min(this.tokenizer.model_max_length ?? 384, 384), 'max_seq_len');
    const o = {
      top_k: positiveInt(options.top_k ?? 1, 'top_k'),
      max_seq_len: maxSeqLen,
      doc_stride: positiveInt(options.doc_stride ?? Math.min(Math.floor(maxSeqLen / 2), 128), 'doc_stride', { allowZero: true }),
      max_question_len: positiveInt(options.max_question_len ?? 0, 'max_question_len', { allowZero: true }),
      max_answer_len: positiveInt(options.max_answer_len ?? 15, 'max_answer_len'),
      handle_impossible_answer: !!options.handle_impossible_answer,
      align_to_words: options.align_to_words ?? true,
      // 1: each window runs alone and unpadded, as in Python. Batching windows pads them, and
      // dynamically quantized (q8) models then compute activation scales over the whole batch.
      window_batch_size: positiveInt(options.window_batch_size ?? 1, 'window_batch_size'),
    };
    // Python's rule: a tokenizer that pads on the left gets (context, question) windows.
    o.question_first = this.tokenizer.padding_side !== 'left';
    const core = await getCore();
    const results = [];
    for (const ex of examples) results.push(await this._answer(core, ex, o));
    // Python's shapes: one remaining answer comes back bare (whatever top_k is), several as a list;
    // a batch of one example is answered as a single example.
    const shaped = results.map((answers) => (answers.length === 1 ? answers[0] : answers));
    return batched && shaped.length !== 1 ? shaped : shaped[0];
  }

  async _answer(core, { question, context }, o) {
    // One C++ object per example: concurrent calls never share window state.
    const qa = core.QuestionAnswerer.create();
    try {
      const windows = unwrap(qa.prepare(this.tokenizer.handle, question, context, o.max_seq_len, o.doc_stride,
        o.max_question_len, o.top_k, o.max_answer_len, o.handle_impossible_answer, !!o.align_to_words, o.question_first), WHAT);
      for (let first = 0; first < windows; first += o.window_batch_size) {
        const count = Math.min(o.window_batch_size, windows - first);
        const r = unwrap(qa.windowInputs(first, count), WHAT);
        const n = r.batch * r.seq;
        const encoded = {
          input_ids: r.data.subarray(0, n),
          attention_mask: r.data.subarray(n, 2 * n),
          token_type_ids: r.data.subarray(2 * n, 3 * n),
          dims: [r.batch, r.seq],
        };
        const out = await this.run('model', textFeeds(this.sessions.model, encoded));
        const { start_logits: start, end_logits: end } = out;
        if (!start || !end) {
          throw new Error(`${WHAT}: the model has no start_logits/end_logits outputs (got ${Object.keys(out).join(', ')}); is it a question-answering export?`);
        }
        unwrap(qa.addLogits(floatData(start, `${WHAT} (start_logits)`), floatData(end, `${WHAT} (end_logits)`), first, count, r.seq), WHAT);
      }
      return unwrap(qa.finish(), WHAT);
    } finally {
      qa.delete();
    }
  }
}
