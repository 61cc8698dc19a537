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

/** The id that pads a batch: the tokenizer's pad_token, else its eos_token (as its padding does). */
export function padTokenId(tokenizer, task) {
  const pad = tokenizer.resolvedPadToken?.();
  if (!pad) {
    throw Object.assign(new Error(`${task}: batching (batch_size > 1) needs a padding token but the tokenizer has neither ` +
      'pad_token nor eos_token: set tokenizer.pad_token, or use batch_size 1.'), { code: 'INVALID_ARGUMENT' });
  }
  return pad.id;
}
