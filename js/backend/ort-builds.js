// Which onnxruntime-web build serves each device. Node has one build (CPU only). The browser
// bundle swaps this module for ort-builds.browser.js (see scripts/bundle.js).
export const ORT_BUILDS = {
  wasm: { load: () => import('onnxruntime-web'), wasmFile: null },
  webgpu: { load: () => import('onnxruntime-web'), wasmFile: null },
};
