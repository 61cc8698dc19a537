// dtype -> ONNX file suffix, as on the Hub (HUB_CONVENTIONS.md) and in transformers.js.
export const DTYPE_SUFFIX = Object.freeze({
  fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8',
  q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4',
});
export const DEVICES = Object.freeze(['wasm', 'webgpu']);

// Same defaults as transformers.js: quantized weights on the CPU, full precision on WebGPU.
const DEFAULT_DTYPE = { wasm: 'q8', webgpu: 'fp32' };

/**
 * Picks the dtype for one session file. `dtype` may be a string, 'auto', or a per-file object
 * ({ model: 'fp32' }); `configDtype` comes from config.json["transformers.js_config"].dtype.
 */
export function selectDtype(dtype, sessionName, device, configDtype) {
  let chosen = dtype && typeof dtype === 'object' ? dtype[sessionName] : dtype;
  if (chosen == null || chosen === 'auto') {
    const fromConfig = configDtype && typeof configDtype === 'object' ? configDtype[sessionName] : configDtype;
    chosen = fromConfig && fromConfig !== 'auto' ? fromConfig : DEFAULT_DTYPE[device];
  }
  if (!Object.hasOwn(DTYPE_SUFFIX, chosen)) {
    throw new Error(`Unknown dtype '${chosen}' for ${sessionName}: use one of ${Object.keys(DTYPE_SUFFIX).join(', ')} (or 'auto').`);
  }
  return chosen;
}

export function onnxFileName(sessionName, dtype) {
  return `onnx/${sessionName}${DTYPE_SUFFIX[dtype]}.onnx`;
}
