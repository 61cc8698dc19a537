// Where run-time assets (our core's .wasm, ORT's .mjs/.wasm) live. The browser bundle replaces this
// module with "next to the bundle" (see scripts/bundle.js).
export const assetBase = new URL('../../dist/', import.meta.url);
