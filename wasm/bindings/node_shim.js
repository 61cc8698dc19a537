// Emscripten 3.1.6's EXPORT_ES6 output still uses CommonJS names when it runs in Node.
// Define them from the ES module context; in browsers and workers this does nothing.
if (typeof process === 'object' && process.versions && process.versions.node) {
  const { createRequire } = await import('node:module');
  const { fileURLToPath } = await import('node:url');
  const { dirname } = await import('node:path');
  globalThis.require = globalThis.require || createRequire(import.meta.url);
  globalThis.__dirname = globalThis.__dirname || dirname(fileURLToPath(import.meta.url));
}
