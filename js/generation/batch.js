// Batched generate(): several prompts padded to one length and run through the decoder together,
// as transformers 4.57 does it. The C++ BatchGenerator keeps per-prompt state (processors, finished
// rows, beam hypotheses); this loop pads the inputs, builds the attention masks / position ids, and
// moves KV-cache rows when beams reorder or grow.
//   seq2seq: the encoder input is padded on the tokenizer's padding side; encoder_attention_mask
//            masks the padding; every decoder row starts from decoder_start_token_id.
//   decoder-only: prompts are padded on the LEFT; attention_mask is 0 over the padding and
//            position_ids = cumsum(mask) - 1 (1 where masked), HF's prepare_inputs_for_generation.
// Rows are prompt-major: prompt i owns rows [i * per, (i + 1) * per).
import { getCore, unwrap } from '../core.js';
import { PAST, emptyPast, gatherRows, keepPresents, release } from './kv-cache.js';
import { lastLogitsRows } from './model.js';


/** Pads id lists to one length: {ids, mask} flat BigInt64Arrays [batch, length] and the length. */
export function padBatch(lists, padId, side) {
  const length = Math.max(...lists.map((l) => l.length));
  const ids = new BigInt64Array(lists.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(lists.length * length);
  lists.forEach((list, i) => {
    const start = i * length + (side === 'left' ? length - list.length : 0);
    for (let j = 0; j < list.length; j++) {
      ids[start + j] = BigInt(list[j]);
      mask[start + j] = 1n;
    }
  });
  return { ids, mask, length };
}

/**
 * Generates for several prompts at once.
 * @param {import('./model.js').GenerativeModel} model
 * @param {number[][]} inputs encoder inputs (seq2seq) or prompts (decoder-only), unpadded
 * @param {{padId: number, padSide?: 'left'|'right', task?: string, pipelineDefaults?: object,
 *          options?: object, signal?: AbortSignal}} call padSide applies to seq2seq encoder inputs
 *   (decoder-only prompts are always left-padded)
 * @returns {Promise<{sequences: Int32Array[], scores: Float32Array, padding: number[], steps: number,
 *          aborted: boolean}>} batch * num_return_sequences rows, prompt-major, padded to one length
 *   as HF returns them; padding[i]: the left-padding ids in prompt i's decoder-only rows
 */
export async function generateBatch(model, inputs, { padId, padSide = 'right', task = '', pipelineDefaults = null, options = {}, signal = null }) {
  const core = await getCore();
  const ort = model.ort;
  const batch = inputs.length;
  if (batch === 0) throw Object.assign(new Error('generation: the batch is empty.'), { code: 'INVALID_ARGUMENT' });
  inputs.forEach((ids, i) => {
    if (ids.length === 0) throw Object.assign(new Error(`generation: input ${i} of the batch is empty (no tokens).`), { code: 'INVALID_ARGUMENT' });
  });
  if (!Number.isInteger(padId)) throw Object.assign(new Error('generation: batching needs a pad token id (the tokenizer has no pad_token or eos_token).'), { code: 'INVALID_ARGUMENT' });
  const state = { encoderStates: null, encoderMask: null, promptMask: null, promptLength: 0, realLengths: null };
  let prompts;
  if (model.isEncoderDecoder) {
    const { ids, mask, length } = padBatch(inputs, padId, padSide === 'left' ? 'left' : 'right');
    const enc = model.sessions.encoder_model;
    const feeds = {};
    for (const name of enc.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, [batch, length]);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [batch, length]);
      else throw new Error(`The encoder wants an input '${name}' that wasmpipe cannot provide.`);
    }
    const out = await model.run('encoder_model', feeds);
    state.encoderStates = out.last_hidden_state ?? out[enc.outputNames[0]];
    state.encoderMask = new ort.Tensor('int64', mask, [batch, length]);
    const resolved = await model.resolveConfig(task, pipelineDefaults, options);
    const start = resolved.decoder_start_token_id ?? resolved.bos_token_id;
    if (start === null || start === undefined) {
      throw new Error('generation: the model has no decoder_start_token_id (generation_config.json / config.json).');
    }
    prompts = inputs.map(() => Int32Array.of(start));
  } else {
    const { ids, mask, length } = padBatch(inputs, padId, 'left');
    state.promptMask = mask;
    state.promptLength = length;
    state.realLengths = inputs.map((l) => l.length);
    prompts = inputs.map((_, i) => Int32Array.from(ids.subarray(i * length, (i + 1) * length), Number));
  }
  let gen = null;
  const makeGen = (v) => unwrap(core.BatchGenerator.create(model.generationConfigText, model.configText, task,
    pipelineDefaults ? JSON.stringify(pipelineDefaults) : '', JSON.stringify(options ?? {}), prompts, v), 'generation');
  if (Number.isInteger(model.config.vocab_size)) gen = makeGen(model.config.vocab_size);
  try {
    const steps = await loop(model, () => gen, (v) => { gen?.delete(); gen = makeGen(v); return gen; }, prompts, state, signal);
    if (!gen) gen = makeGen(model.config.vocab_size);
    const padding = model.isEncoderDecoder ? inputs.map(() => 0) : state.realLengths.map((n) => state.promptLength - n);
    return { sequences: gen.sequences(), scores: gen.scores(), padding, steps, aborted: !gen.done() };
  } finally {
    gen?.delete();
  }
}

/** The decoder's attention_mask and position_ids for one step (decoder-only: padding-aware). */
function maskAndPositions(state, rows, batch, pastLen, n) {
  const total = pastLen + n;
  const mask = new BigInt64Array(rows * total).fill(1n);
  const positions = new BigInt64Array(rows * n);
  const per = rows / batch;
  for (let r = 0; r < rows; r++) {
    const item = Math.floor(r / per);
    if (state.promptMask) {
      const P = state.promptLength;
      mask.set(state.promptMask.subarray(item * P, (item + 1) * P), r * total);
      // position of a token = (ones up to and including it) - 1; padding positions get 1 (HF)
      let ones = 0;
      for (let j = 0; j < total; j++) {
        const m = j < P ? state.promptMask[item * P + j] : 1n;
        if (m) ones += 1;
        if (j >= pastLen) positions[r * n + (j - pastLen)] = m ? BigInt(ones - 1) : 1n;
      }
    } else {
      for (let i = 0; i < n; i++) positions[r * n + i] = BigInt(pastLen + i);
    }
  }
  return { mask, positions };
}

async function loop(model, getGen, remake, prompts, state, signal) {
  const ort = model.ort;
  const batch = prompts.length;
  const cache = new Map();
  let rows = batch;
  let pastLen = 0;
  let tokens = new BigInt64Array(prompts.reduce((a, p) => a + p.length, 0));
  prompts.forEach((p, i) => { for (let j = 0; j < p.length; j++) tokens[i * p.length + j] = BigInt(p[j]); });
  let step = 0;
  let encoderCacheReady = false;
  const gatherBuffers = new Map();  // decoder cache inputs gather into these, as model.js does
  try {
    for (;;) {
      if (signal?.aborted) break;
      const withPast = pastLen > 0;
      const sessionName = model.isEncoderDecoder
        ? (model.sessions.decoder_model_merged ? 'decoder_model_merged' : (withPast ? 'decoder_with_past_model' : 'decoder_model'))
        : (model.sessions.model ? 'model' : 'decoder_model_merged');
      const session = model.sessions[sessionName];
      const n = tokens.length / rows;
      const { mask, positions } = maskAndPositions(state, rows, batch, pastLen, n);
      const feeds = {};
      for (const name of session.inputNames) {
        if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', tokens, [rows, n]);
        else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [rows, pastLen + n]);
        else if (name === 'position_ids') feeds[name] = new ort.Tensor('int64', positions, [rows, n]);
        else if (name === 'encoder_hidden_states') feeds[name] = state.encoderStates;
        else if (name === 'encoder_attention_mask') feeds[name] = state.encoderMask;
        else if (name === 'use_cache_branch') feeds[name] = new ort.Tensor('bool', Uint8Array.of(withPast ? 1 : 0), [1]);
        else if (name === 'num_logits_to_keep' || name === 'logits_to_keep') feeds[name] = new ort.Tensor('int64', BigInt64Array.of(1n), []);
        else if (name.startsWith(PAST)) feeds[name] = cache.get(name) ?? emptyPast(ort, session, name, rows, model.geometry);
        else throw new Error(`The decoder wants an input '${name}' that wasmpipe cannot provide (inputs: ${session.inputNames.join(', ')}).`);
      }
      const fetches = encoderCacheReady ? session.outputNames.filter((o) => !o.includes('.encoder.')) : undefined;
      const out = await model.run(sessionName, feeds, fetches);
      const logits = out.logits;
      if (!logits) throw new Error(`The decoder returned no 'logits' output (got ${Object.keys(out).join(', ')}).`);
      const last = await lastLogitsRows(logits);
      let gen = getGen();
      if (!gen || (step === 0 && last.vocab !== model.config.vocab_size)) gen = remake(last.vocab);
      unwrap(gen.step(last.data, last.rows), 'generation');
      keepPresents(out, cache, encoderCacheReady);
      if (model.isEncoderDecoder && [...cache.keys()].some((k) => k.includes('.encoder.'))) encoderCacheReady = true;
      pastLen += n;
      step += 1;
      if (gen.done()) break;
      const nextRows = gen.rows();
      const sources = gen.sourceRows();
      // Rows of one prompt share the encoder cache / states, so those only move when rows grow.
      const itemRows = sources ?? new Int32Array(nextRows).map((_, r) => r);
      for (const [name, tensor] of cache) {
        const isEncoder = name.includes('.encoder.');
        if (isEncoder ? tensor.dims[0] === nextRows : !sources) continue;
        // Encoder entries move once (rows grow) and then stay: they get their own copy.
        const moved = await gatherRows(ort, tensor, itemRows, isEncoder ? null : gatherBuffers, name);
        release(tensor);
        cache.set(name, moved);
      }
      if (state.encoderStates && state.encoderStates.dims[0] !== nextRows) {
        state.encoderStates = await gatherRows(ort, state.encoderStates, itemRows);
        state.encoderMask = await gatherRows(ort, state.encoderMask, itemRows);
      }
      rows = nextRows;
      tokens = gen.nextTokens();
    }
  } finally {
    for (const tensor of cache.values()) release(tensor);
  }
  return step;
}
