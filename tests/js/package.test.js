// The npm package as users get it: `import ... from 'wasmpipe'` resolves in Node, the files
// whitelist ships the browser bundle, the wasm files and the types, and nothing from tests/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';

test("import from 'wasmpipe' gives the public API in Node", async () => {
  const m = await import('wasmpipe'); // package self-reference through the exports map
  for (const name of ['pipeline', 'env', 'AutoTokenizer', 'AutoConfig', 'Tensor']) assert.ok(m[name], name);
  assert.equal(typeof m.pipeline, 'function');
  assert.equal(m.env.remoteHost, 'https://huggingface.co/');
});

test('npm pack ships dist/, js/, types/ and no tests', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  for (const f of ['js/index.js', 'types/index.d.ts', 'dist/wasmpipe.js', 'dist/wasmpipe-core.mjs',
    'dist/wasmpipe-core.wasm', 'dist/ort-wasm-simd-threaded.mjs', 'dist/ort-wasm-simd-threaded.wasm',
    'dist/ort-wasm-simd-threaded.asyncify.mjs', 'dist/ort-wasm-simd-threaded.asyncify.wasm']) {
    assert.ok(files.includes(f), `missing from the package: ${f}`);
  }
  // Device 'wasm' loads ORT's CPU build, 'webgpu' its native WebGPU (asyncify) build; nothing loads
  // the JSEP build (28 MB), so it must not ship.
  const ort = files.filter((f) => f.startsWith('dist/ort-'));
  assert.deepEqual(ort.filter((f) => !/^dist\/ort-wasm-simd-threaded(\.asyncify)?\.(mjs|wasm)$/.test(f)), [], 'ORT files nothing loads');
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('wasm/')), 'tests/ or wasm/ sources leaked into the package');
});

test('the browser bundle and its chunks have no eval / new Function (strict CSP)', () => {
  const files = readdirSync(path.join(ROOT, 'dist')).filter((f) => /^wasmpipe.*\.js$/.test(f));
  assert.ok(files.includes('wasmpipe.js'));
  for (const f of files) {
    const code = readFileSync(path.join(ROOT, 'dist', f), 'utf8');
    assert.ok(!/\bnew Function\s*\(/.test(code), `new Function in dist/${f}`);
    assert.ok(!/[^.\w]eval\s*\(/.test(code), `eval( in dist/${f}`);
  }
});
