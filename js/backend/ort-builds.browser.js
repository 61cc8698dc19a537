// Browsers: the CPU-only build (14 MB wasm) for device 'wasm', and the JSEP build (28 MB wasm,
// WebGPU + CPU) only when a page asks for 'webgpu'. Each is a separate chunk loaded on demand.
export const ORT_BUILDS = {
  wasm: { load: () => import('onnxruntime-web/wasm'), wasmFile: 'ort-wasm-simd-threaded.wasm' },
  webgpu: { load: () => import('onnxruntime-web'), wasmFile: 'ort-wasm-simd-threaded.jsep.wasm' },
};
