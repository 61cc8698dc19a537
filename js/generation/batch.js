// generate() for one prompt or several, as transformers 4.57 runs it: the prompts padded to one
// length and run through the decoder together. A single prompt is a batch of one (no padding),
// so greedy, sampling, beam search, streaming and abort all go through this one loop. The C++
// BatchGenerator keeps per-prompt state (processors, finished rows, beam hypotheses) and makes
// every decision; this loop feeds ONNX Runtime: it pads the inputs, builds the attention masks /
// position ids, and moves KV-cache rows when beams reorder or grow.
//   seq2seq: the encoder input is padded on the tokenizer's padding side; encoder_attention_mask
//            masks the padding; every decoder row starts from decoder_start_token_id.
//   decoder-only: prompts are padded on the LEFT; attention_mask is 0 over the padding and
//            position_ids = cumsum(mask) - 1 (1 where masked), HF's prepare_inputs_for_generation.
// Rows are prompt-major: prompt i owns rows [i * per, (i + 1) * per).
// Per step nothing is allocated that the next step could reuse: the input_ids / position_ids
// tensors ([rows, 1] after the first step) are refilled, masks and the beams' gathered cache rows
// live in buffers that grow when needed (ORT copies its feeds during run(), so a buffer is free
// again once run() returns; step-buffers.js).
import { getCore, unwrap } from '../core.js';
import { PAST, emptyPast, gatherRows, keepPresents, release } from './kv-cache.js';
import { lastLogitsRows } from './logits.js';
import { checkPositions, learnedPositionTable } from './positions.js';
import { Int64Feed, Scratch } from './step-buffers.js';

const invalid = (message) => Object.assign(new Error(message), { code: 'INVALID_ARGUMENT' });

/** Pads id lists to one length: {ids, mask} flat BigInt64Arrays [batch, length] and the length. */
export function padBatch(lists, padId, side) {
  const length = Math.max(...lists.map((l) => l.length));
  const ids = new BigInt64Array(lists.length * length).fill(BigInt(padId ?? 0));
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
 * Generates for one or several prompts.
 * @param {import('./model.js').GenerativeModel} model
 * @param {ArrayLike<number>[]} inputs encoder inputs (seq2seq) or prompts (decoder-only), unpadded
 * @param {{padId?: number|null, padSide?: 'left'|'right', task?: string, pipelineDefaults?: object,
 *          options?: object, decoderPrompt?: number[]|null, signal?: AbortSignal|null,
 *          onStep?: ((gen: object) => void)|null}} call padId is needed only when the inputs have
 *   different lengths; padSide applies to seq2seq encoder inputs (decoder-only prompts are always
 *   left-padded); decoderPrompt replaces seq2seq's [decoder_start_token_id]; onStep sees the
 *   generator after every step (gen.nextTokens(): the ids just chosen, for streamers)
 * @returns {Promise<{sequences: Int32Array[], scores: Float32Array, padding: number[], steps: number,
 *          aborted: boolean}>} batch * num_return_sequences rows, prompt-major, padded to one length
 *   as HF returns them; padding[i]: the left-padding ids in prompt i's decoder-only rows
 */
export async function generateBatch(model, inputs, { padId = null, padSide = 'right', task = '', pipelineDefaults = null, options = {}, decoderPrompt = null, signal = null, onStep = null } = {}) {
  const core = await getCore();
  const ort = model.ort;
  const batch = inputs.length;
  if (batch === 0) throw invalid('generation: the batch is empty.');
  inputs.forEach((ids, i) => {
    if (ids.length === 0) throw invalid(batch === 1 ? 'generation: the input is empty (no tokens).' : `generation: input ${i} of the batch is empty (no tokens).`);
  });
  if (!Number.isInteger(padId) && inputs.some((ids) => ids.length !== inputs[0].length)) {
    throw invalid('generation: batching needs a pad token id (the tokenizer has no pad_token or eos_token).');
  }
  const state = { encoderStates: null, encoderMask: null, promptMask: null, promptLength: 0, promptOnes: null };
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
    let start = decoderPrompt;
    if (!start) {
      const resolved = await model.resolveConfig(task, pipelineDefaults, options);
      const id = resolved.decoder_start_token_id ?? resolved.bos_token_id;
      if (id === null || id === undefined) {
        throw new Error('generation: the model has no decoder_start_token_id (generation_config.json / config.json).');
      }
      start = [id];
    }
    prompts = inputs.map(() => Int32Array.from(start));
  } else {
    const { ids, mask, length } = padBatch(inputs, padId, 'left');
    state.promptLength = length;
    if (inputs.some((l) => l.length !== length)) {
      state.promptMask = mask;
      state.promptOnes = inputs.map((l) => l.length);
    }
    prompts = inputs.map((_, i) => Int32Array.from(ids.subarray(i * length, (i + 1) * length), Number));
  }
  let gen = null;
  const makeGen = (v) => unwrap(core.BatchGenerator.create(model.generationConfigText, model.configText, task,
    pipelineDefaults ? JSON.stringify(pipelineDefaults) : '', JSON.stringify(options ?? {}), prompts, v), 'generation');
  if (Number.isInteger(model.config.vocab_size)) gen = makeGen(model.config.vocab_size);
  try {
    const steps = await loop(model, () => gen, (v) => { gen?.delete(); gen = makeGen(v); return gen; }, prompts, state, signal, onStep);
    if (!gen) gen = makeGen(model.config.vocab_size);
    const padding = inputs.map((l) => (model.isEncoderDecoder ? 0 : state.promptLength - l.length));
    const aborted = !gen.done();
    if (aborted) gen.stopNow(); // beam search: finished hypotheses as Python's StoppingCriteria leaves them
    return { sequences: gen.sequences(), scores: gen.scores(), padding, steps, aborted };
  } finally {
    gen?.delete();
  }
}

/**
 * The decoder's attention_mask and position_ids for one step, in reused buffers (positions: the
 * [rows, n] array to fill). Without padding the mask is all ones (a view of a buffer filled once)
 * and positions count on from pastLen.
 */
function maskAndPositions(state, scratch, positions, rows, batch, pastLen, n) {
  const total = pastLen + n;
  if (!state.promptMask) {
    for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) positions[r * n + i] = BigInt(pastLen + i);
    return { mask: scratch.ones.take(rows * total), positions };
  }
  const mask = scratch.mask.take(rows * total);
  const P = state.promptLength;
  const per = rows / batch;
  for (let r = 0; r < rows; r++) {
    const item = Math.floor(r / per);
    const row = mask.subarray(r * total, (r + 1) * total);
    row.set(state.promptMask.subarray(item * P, (item + 1) * P));
    row.fill(1n, P);
    // position of a token = (ones up to and including it) - 1; padding positions get 1 (HF).
    // Past the prompt every token is real: the prompt's real length, counting on.
    if (pastLen < P) {
      let ones = 0;
      for (let j = 0; j < P; j++) {
        if (row[j]) ones += 1;
        if (j >= pastLen) positions[r * n + (j - pastLen)] = row[j] ? BigInt(ones - 1) : 1n;
      }
    }
    for (let j = Math.max(P, pastLen); j < total; j++) positions[r * n + (j - pastLen)] = BigInt(state.promptOnes[item] + (j - P));
  }
  return { mask, positions };
}

async function loop(model, getGen, remake, prompts, state, signal, onStep) {
  const ort = model.ort;
  const batch = prompts.length;
  const cache = new Map(); // past_key_values.* name -> Tensor
  const gatherBuffers = new Map(); // self-attention cache name -> buffer beams gather into
  const scratch = { ones: new Scratch(BigInt64Array, 1n), mask: new Scratch(BigInt64Array) };
  const inputIds = new Int64Feed(ort);
  const positionIds = new Int64Feed(ort);
  const cacheBranch = [new ort.Tensor('bool', Uint8Array.of(0), [1]), new ort.Tensor('bool', Uint8Array.of(1), [1])];
  const keepOne = new ort.Tensor('int64', BigInt64Array.of(1n), []);
  let rows = batch;
  let pastLen = 0;
  let tokens = new BigInt64Array(prompts.reduce((a, p) => a + p.length, 0));
  prompts.forEach((p, i) => { for (let j = 0; j < p.length; j++) tokens[i * p.length + j] = BigInt(p[j]); });
  let step = 0;
  let encoderCacheReady = false;
  const positionTable = learnedPositionTable(model.config, model.isEncoderDecoder);
  const promptLengths = state.promptOnes ?? prompts.map((p) => p.length);
  let fetches;
  try {
    for (;;) {
      if (signal?.aborted) break; // stop promptly; what was produced so far is returned
      const withPast = pastLen > 0;
      const sessionName = model.isEncoderDecoder
        ? (model.sessions.decoder_model_merged ? 'decoder_model_merged' : (withPast ? 'decoder_with_past_model' : 'decoder_model'))
        : (model.sessions.model ? 'model' : 'decoder_model_merged');
      const session = model.sessions[sessionName];
      const n = tokens.length / rows;
      inputIds.take(rows, n).set(tokens);
      const { mask, positions } = maskAndPositions(state, scratch, positionIds.take(rows, n), rows, batch, pastLen, n);
      checkPositions(positionTable, positions, rows, n, promptLengths);
      const feeds = {};
      for (const name of session.inputNames) {
        if (name === 'input_ids') feeds[name] = inputIds.tensor;
        else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [rows, pastLen + n]);
        else if (name === 'position_ids') feeds[name] = positionIds.tensor;
        else if (name === 'encoder_hidden_states') feeds[name] = state.encoderStates;
        else if (name === 'encoder_attention_mask') feeds[name] = state.encoderMask;
        else if (name === 'use_cache_branch') feeds[name] = cacheBranch[withPast ? 1 : 0];
        else if (name === 'num_logits_to_keep' || name === 'logits_to_keep') feeds[name] = keepOne;
        else if (name.startsWith(PAST)) feeds[name] = cache.get(name) ?? emptyPast(ort, session, name, rows, model.geometry);
        else throw new Error(`The decoder wants an input '${name}' that wasmpipe cannot provide (inputs: ${session.inputNames.join(', ')}).`);
      }
      // Once the cross-attention cache exists, skip fetching its (unchanged) copies.
      if (encoderCacheReady) fetches ??= session.outputNames.filter((o) => !o.includes('.encoder.'));
      const out = await model.run(sessionName, feeds, fetches);
      const logits = out.logits;
      if (!logits) throw new Error(`The decoder returned no 'logits' output (got ${Object.keys(out).join(', ')}).`);
      const last = await lastLogitsRows(logits);
      let gen = getGen();
      if (!gen || (step === 0 && last.vocab !== model.config.vocab_size)) gen = remake(last.vocab);
      const done = unwrap(gen.step(last.data, last.rows), 'generation');
      keepPresents(out, cache, encoderCacheReady);
      if (model.isEncoderDecoder && !encoderCacheReady) encoderCacheReady = [...cache.keys()].some((k) => k.includes('.encoder.'));
      pastLen += n;
      step += 1;
      onStep?.(gen);
      if (done) break;
      const nextRows = gen.rows();
      const sources = gen.sourceRows(); // null: every row continues itself
      // Rows of one prompt share the encoder cache / states, so those only move when rows grow.
      for (const [name, tensor] of cache) {
        const isEncoder = name.includes('.encoder.');
        if (isEncoder ? tensor.dims[0] === nextRows : !sources) continue;
        const moved = isEncoder ? await gatherRows(ort, tensor, sources ?? identity(nextRows))
          : await gatherRows(ort, tensor, sources, gatherBuffers, name);
        release(tensor);
        cache.set(name, moved);
      }
      if (state.encoderStates && state.encoderStates.dims[0] !== nextRows) {
        state.encoderStates = await gatherRows(ort, state.encoderStates, sources ?? identity(nextRows));
        state.encoderMask = await gatherRows(ort, state.encoderMask, sources ?? identity(nextRows));
      }
      rows = nextRows;
      tokens = gen.nextTokens();
    }
  } finally {
    for (const tensor of cache.values()) release(tensor); // GPU buffers (webgpu)
  }
  return step;
}

const identity = (n) => Int32Array.from({ length: n }, (_, r) => r);
