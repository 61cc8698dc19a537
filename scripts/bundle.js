// Builds the self-contained browser ES module dist/wasmpipe.js (no bundler needed by users):
// our JS + onnxruntime-web's JS in one file, next to the wasm files both of them load at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const ortDist = path.join(root, 'node_modules/onnxruntime-web/dist');
// ORT's CPU build serves device 'wasm'; its native WebGPU build (asyncify) is loaded only for
// 'webgpu' (js/backend/ort-builds.browser.js says why not JSEP: nothing loads its 28 MB wasm, so
// it is not shipped).
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

await mkdir(dist, { recursive: true });
// ORT files an earlier build copied and this one does not (the JSEP build) would ship in the package.
for (const f of await readdir(dist)) if (/^ort-wasm-/.test(f) && !ORT_FILES.includes(f)) await rm(path.join(dist, f));
for (const f of ORT_FILES) {
  const from = path.join(ortDist, f), to = path.join(dist, f);
  const [a, b] = await Promise.all([stat(from), stat(to).catch(() => null)]);
  if (!b || b.size !== a.size || b.mtimeMs < a.mtimeMs) await copyFile(from, to);
}

// Browser variants of two modules: run-time assets sit next to the bundle, and each device gets
// its own ORT build (a chunk loaded on demand).
const browserModulesPlugin = {
  name: 'browser-modules',
  setup(b) {
    b.onResolve({ filter: /asset-base\.js$/ }, () => ({ path: 'asset-base', namespace: 'wasmpipe' }));
    b.onLoad({ filter: /.*/, namespace: 'wasmpipe' }, () => ({
      contents: "export const assetBase = new URL('./', import.meta.url);",
      loader: 'js',
    }));
    b.onResolve({ filter: /\/ort-builds\.js$/ }, (args) => ({
      path: path.join(args.resolveDir, 'ort-builds.browser.js'),
    }));
  },
};

// Chunks of earlier builds would pile up next to the bundle.
for (const f of await readdir(dist)) if (/^wasmpipe-chunk-/.test(f)) await rm(path.join(dist, f));

await build({
  entryPoints: { wasmpipe: path.join(root, 'js/index.js') },
  outdir: dist,
  chunkNames: 'wasmpipe-chunk-[hash]', // beside the bundle: import.meta.url stays the asset base
  splitting: true,
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
  plugins: [browserModulesPlugin],
  logLevel: 'warning',
});
