// What the generative pipelines share for batch_size (transformers pipeline semantics: a list of
// inputs is processed batch_size at a time, default 1, results one per input).

/** The batch_size pipeline option (default 1), or a clear INVALID_ARGUMENT. */
export function batchSizeOf(pipelineOptions, task) {
  const size = pipelineOptions.batch_size ?? 1;
  if (!Number.isInteger(size) || size < 1) {
    throw Object.assign(new Error(`${task}: batch_size must be a positive integer, got ${JSON.stringify(size)}.`), { code: 'INVALID_ARGUMENT' });
  }
  return size;
}

/**
 * The id that pads a batch: the tokenizer's pad token (pad_token, else a pad_token_id set by hand).
 * Without one, batching is refused as transformers' pipelines refuse it (pad_collate_fn raises
 * before any input runs): no silent fallback to eos, which Python does not do. Call it before
 * running anything when a list of inputs comes with batch_size > 1.
 */
export function padTokenId(tokenizer, task) {
  const pad = tokenizer.resolvedPadToken?.();
  if (pad && tokenizer.pad_token != null && pad.token === tokenizer.pad_token) return pad.id;
  if (Number.isInteger(tokenizer.pad_token_id)) return tokenizer.pad_token_id;
  throw Object.assign(new Error(`${task}: a list of inputs with batch_size > 1 is padded into one batch, but the tokenizer has no ` +
    'pad_token (transformers: "Pipeline with tokenizer without pad_token cannot do batching"). Use batch_size 1 (the default: ' +
    'each input runs alone, unpadded), or set one, e.g. pipe.tokenizer.pad_token = pipe.tokenizer.eos_token.'), { code: 'INVALID_ARGUMENT' });
}
