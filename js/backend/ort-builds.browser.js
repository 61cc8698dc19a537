// Browsers: the CPU-only build (14 MB wasm) for device 'wasm', and the WebGPU build (27 MB wasm,
// ORT's native WebGPU EP + CPU) only when a page asks for 'webgpu'. Each is a separate chunk loaded
// on demand. Not the JSEP build (import('onnxruntime-web')): in ORT 1.30 its CPU->GPU upload
// (queue.writeBuffer) lands before kernels recorded earlier but not yet submitted, so a graph that
// computes a tensor on the CPU mid-run and then reuses its GPU buffer (RoBERTa's int64 position
// ids, then input_ids) feeds a Gather the wrong indices: RoBERTa/XLM-R logits off by up to 15.
export const ORT_BUILDS = {
  wasm: { load: () => import('onnxruntime-web/wasm'), wasmFile: 'ort-wasm-simd-threaded.wasm' },
  webgpu: { load: () => import('onnxruntime-web/webgpu'), wasmFile: 'ort-wasm-simd-threaded.asyncify.wasm' },
};
