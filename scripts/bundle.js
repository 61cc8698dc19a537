// Builds the self-contained browser ES module dist/wasmpipe.js (no bundler needed by users):
// our JS + onnxruntime-web's JS in one file, next to the wasm files both of them load at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const ortDist = path.join(root, 'node_modules/onnxruntime-web/dist');
// The JSEP build of ORT serves both the 'wasm' (CPU) and 'webgpu' devices.
const ORT_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

await mkdir(dist, { recursive: true });
for (const f of ORT_FILES) {
  const from = path.join(ortDist, f), to = path.join(dist, f);
  const [a, b] = await Promise.all([stat(from), stat(to).catch(() => null)]);
  if (!b || b.size !== a.size || b.mtimeMs < a.mtimeMs) await copyFile(from, to);
}

// In the bundle, run-time assets sit next to the bundle itself.
const assetBasePlugin = {
  name: 'asset-base',
  setup(b) {
    b.onResolve({ filter: /asset-base\.js$/ }, () => ({ path: 'asset-base', namespace: 'wasmpipe' }));
    b.onLoad({ filter: /.*/, namespace: 'wasmpipe' }, () => ({
      contents: "export const assetBase = new URL('./', import.meta.url);",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [path.join(root, 'js/index.js')],
  outfile: path.join(dist, 'wasmpipe.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['onnxruntime-web-use-extern-wasm'],
  // Node-only branches of the Emscripten glue require() these; browsers never reach them.
  external: ['node:*', 'fs', 'path', 'crypto', 'url', 'module', 'worker_threads'],
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  plugins: [assetBasePlugin],
  logLevel: 'warning',
});
