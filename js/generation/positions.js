// Decoder-only models whose positions are a learned table (GPT-2, GPT-Neo, OPT) cannot read a
// position past its end: transformers 4.57 fails at the step that would (torch IndexError, "index
// out of range in self"), and does not cut the prompt unless handle_long_generation='hole' asks.
// ONNX Runtime would fail the same way deep in the graph; the generation loop checks first and
// says what happened instead. Rotary models (Llama, Qwen) have no such table.
const LEARNED_POSITIONS = { gpt2: 'n_positions', gpt_neo: 'max_position_embeddings', opt: 'max_position_embeddings' };

/** {size, key} of a decoder-only model's learned position table, or null (none, or seq2seq). */
export function learnedPositionTable(config, isEncoderDecoder) {
  const key = LEARNED_POSITIONS[config?.model_type];
  if (isEncoderDecoder || !key) return null;
  const size = config[key];
  return Number.isInteger(size) && size > 0 ? { size, key } : null;
}

/**
 * Throws where a step would feed a position past the table (rows x n position ids, each row's
 * last the largest): at the step where Python raises.
 */
export function checkPositions(table, positions, rows, n, promptLengths) {
  if (!table) return;
  for (let r = 0; r < rows; r++) {
    const last = Number(positions[r * n + n - 1]);
    if (last < table.size) continue;
    const prompts = promptLengths.length === 1 ? `the prompt has ${promptLengths[0]} tokens`
      : `the prompts have ${promptLengths.join(', ')} tokens`;
    throw Object.assign(new Error(`generation: position ${last} is past the ${table.size} positions this model has ` +
      `(config.json ${table.key}); ${prompts}. transformers fails here too (IndexError: index out of range). ` +
      'Shorten the prompt or lower max_new_tokens, or pass handle_long_generation: \'hole\' with a tokenizer ' +
      `model_max_length of at most ${table.size} (the prompt is then cut on the left).`), { code: 'INVALID_ARGUMENT' });
  }
}
