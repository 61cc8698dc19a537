#!/usr/bin/env node
// `npm start`: serves the demo, the static Spaces, the browser bundle and the local test models
// from one cross-origin-isolated origin (COOP/COEP on, so onnxruntime-web can use threads).
//
//   /                      a small index linking to everything below
//   /demo/                 demo/
//   /spaces/<name>/        static-spaces/<name>/
//   /dist/                 dist/ (wasmpipe.js, wasmpipe-core.*, ORT's wasm)
//   /<org>/<name>/resolve/main/<file>   model repos under tests/fixtures/models (Hub layout)
//
// Usage: node scripts/serve.js [--port N] [--host H] [--no-isolate]   (PORT=N also works)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHubServer } from '../tests/server/hub-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = {
  demo: path.join(root, 'demo'),
  spaces: path.join(root, 'static-spaces'),
  dist: path.join(root, 'dist'),
  models: path.join(root, 'tests/fixtures/models'),
};

function parseArgs(argv) {
  const opts = { port: process.env.PORT ? Number(process.env.PORT) : 8080, host: '127.0.0.1', isolate: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--port' || a === '-p') opts.port = Number(value());
    else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
    else if (a === '--host') opts.host = value();
    else if (a === '--no-isolate') opts.isolate = false;
    else if (a === '--help' || a === '-h') {
      console.log('Usage: node scripts/serve.js [--port N] [--host H] [--no-isolate]  (or PORT=N)');
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail(`invalid port ${opts.port}`);
  return opts;
}

function fail(msg) {
  console.error(`serve.js: ${msg}\nUsage: node scripts/serve.js [--port N] [--host H] [--no-isolate]  (or PORT=N)`);
  process.exit(2);
}

const subdirs = (dir) => {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
};

/** Model repos under the model root: "<org>/<name>" folders (or "<name>") holding a config.json. */
export function listModels(modelRoot = dirs.models) {
  const out = [];
  for (const a of subdirs(modelRoot)) {
    if (fs.existsSync(path.join(modelRoot, a, 'config.json'))) out.push(a);
    for (const b of subdirs(path.join(modelRoot, a))) {
      if (fs.existsSync(path.join(modelRoot, a, b, 'config.json'))) out.push(`${a}/${b}`);
    }
  }
  return out;
}

/** Space folders with an index (their app_file). */
export function listSpaces(spaceRoot = dirs.spaces) {
  return subdirs(spaceRoot).filter((s) => fs.existsSync(path.join(spaceRoot, s, 'index.html')));
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function spaceTitle(name) {
  try {
    const readme = fs.readFileSync(path.join(dirs.spaces, name, 'README.md'), 'utf8');
    const fm = /^---\n([\s\S]*?)\n---/.exec(readme)?.[1] ?? '';
    const title = /^title:\s*(.+)$/m.exec(fm)?.[1]?.trim().replace(/^["']|["']$/g, '');
    return title || name;
  } catch {
    return name;
  }
}

// The root index: static HTML, no scripts, same CSP as the pages it links to.
function indexHtml({ spaces, models, distReady }) {
  const li = (href, text, note = '') =>
    `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a>${note ? ` <span class="muted">${escapeHtml(note)}</span>` : ''}</li>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'">
<title>wasmpipe — local server</title>
<link rel="stylesheet" href="/demo/style.css">
</head>
<body>
<main class="page">
<header class="hero"><h1>wasmpipe</h1><p class="muted">Hugging Face pipelines client-side: C++ in WebAssembly + onnxruntime-web.</p></header>
${distReady ? '' : '<p class="error-box">dist/wasmpipe.js is missing: run <code>npm run build</code> first.</p>'}
<section class="card"><h2>Demo</h2><ul class="links">${li('/demo/', 'Sentiment analysis demo')}</ul></section>
<section class="card"><h2>Static Spaces</h2><ul class="links">${spaces.map((s) => li(`/spaces/${s}/`, spaceTitle(s), `static-spaces/${s}`)).join('') || '<li class="muted">none</li>'}</ul></section>
<section class="card"><h2>Local models</h2><ul class="links">${models.map((m) => li(`/${m}/resolve/main/config.json`, m)).join('') || '<li class="muted">none under tests/fixtures/models</li>'}</ul></section>
</main>
</body>
</html>
`;
}

export async function serve({ port = 8080, host = '127.0.0.1', isolate = true } = {}) {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-serve-'));
  const spaces = listSpaces();
  const models = listModels();
  const distReady = fs.existsSync(path.join(dirs.dist, 'wasmpipe.js'));
  fs.writeFileSync(path.join(rootDir, 'index.html'), indexHtml({ spaces, models, distReady }));
  const server = await startHubServer({
    port,
    host,
    isolate,
    modelRoots: [dirs.models],
    staticRoots: { '/': rootDir, '/demo/': dirs.demo, '/spaces/': dirs.spaces, '/dist/': dirs.dist },
  });
  const close = async () => {
    await server.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  };
  return { ...server, close, spaces, models, distReady };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  let s;
  try {
    s = await serve(opts);
  } catch (err) {
    fail(err.code === 'EADDRINUSE' ? `port ${opts.port} is in use: pick another with --port N or PORT=N` : err.message);
  }
  // 127.0.0.1 and localhost are both secure contexts (Cache API, SharedArrayBuffer work).
  const base = opts.host === '127.0.0.1' || opts.host === '0.0.0.0' ? `http://localhost:${s.port}` : s.url;
  console.log(`wasmpipe server on ${base}/  (COOP/COEP ${opts.isolate ? 'on: threads available' : 'off: 1 thread'})`);
  if (!s.distReady) console.warn('  warning: dist/wasmpipe.js is missing; run `npm run build` first.');
  console.log(`  index   ${base}/`);
  console.log(`  demo    ${base}/demo/`);
  for (const sp of s.spaces) console.log(`  space   ${base}/spaces/${sp}/`);
  console.log(`  bundle  ${base}/dist/wasmpipe.js`);
  for (const m of s.models) console.log(`  model   ${m}  (${base}/${m}/resolve/main/config.json)`);
  if (!s.models.length) console.log('  (no models under tests/fixtures/models yet)');
  console.log('Ctrl+C to stop.');
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
