// A Hugging Face Hub look-alike for tests and the demo: serves model folders at
// /{org}/{name}/resolve/{revision}/{path} with the Hub's headers (ETag, X-Repo-Commit,
// LFS-style 302 to /cdn/ with X-Linked-Etag/X-Linked-Size, X-Error-Code on 404s, Range),
// serves static pages with cross-origin isolation headers, counts requests and can be
// told to fail. Node built-ins only.
//
// Library: const s = await startHubServer({ modelRoots: [dir], staticRoots: { '/': dir } });
//          env.remoteHost = s.url + '/'; ...; s.stats.count(path); s.inject('/x', { status: 500 });
// CLI:     node tests/server/hub-server.js --port 8080 --models tests/fixtures/models \
//            --static /=demo --static /spaces/=static-spaces [--threshold BYTES] [--no-isolate]
// Control routes (for browser tests driving a CLI server; not counted in stats):
//   GET /__control/inject?prefix=/x&status=500|html|reset|truncate|slow[&times=N][&delayMs=N]
//   GET /__control/clear, GET /__control/stats, GET /__control/stats/reset
// A repo's shared-files.json (tests/server/shared-files.js) names files served from the shared
// fixtures (option sharedRoot, default $WASMPIPE_FIXTURES or ../shared/fixtures) as repo files.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SHARED_ROOT, SHARED_FILES, checkSharedHash, sharedPathOf } from './shared-files.js';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.onnx': 'application/octet-stream',
};
const mimeOf = (file) => MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';

// The Hub stores these in LFS/Xet whatever their size.
const LFS_NAME = /\.onnx(_data(_\d+)?)?$/i;
const EXPOSED = 'ETag, X-Repo-Commit, X-Linked-Etag, X-Linked-Size, X-Error-Code, Content-Range, Content-Length, Accept-Ranges, Content-Type';

const sha = (algo, ...parts) => {
  const h = crypto.createHash(algo);
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
/** Stable fake commit for a repo: the same id gives the same sha on every machine. */
export const fakeCommit = (repoId) => sha('sha1', `wasmpipe-fake-commit:${repoId}`);

/**
 * @param {{port?: number, host?: string, modelRoots?: string[], staticRoots?: Record<string, string>,
 *          largeFileThreshold?: number, isolate?: boolean, sharedRoot?: string}} [options]
 * @returns {Promise<{url: string, port: number, close(): Promise<void>, stats: Stats,
 *          inject(prefix: string, fault: Fault|number|string): () => void, clearInjections(): void}>}
 */
export async function startHubServer(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    modelRoots = [],
    staticRoots = {},
    largeFileThreshold = 1 << 20,
    isolate = true,
    sharedRoot = DEFAULT_SHARED_ROOT,
  } = options;
  const roots = modelRoots.map((r) => path.resolve(r));
  // Longest prefix first so '/spaces/x/' wins over '/'.
  const statics = Object.entries(staticRoots)
    .map(([prefix, dir]) => ['/' + prefix.replace(/^\/+|\/+$/g, '') + (prefix.replace(/\//g, '') ? '/' : ''), path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const stats = createStats();
  const faults = [];
  const hashes = new Map(); // "path:size:mtime" → { sha1, sha256 }

  async function hashesOf(file, st) {
    const key = `${file}:${st.size}:${st.mtimeMs}`;
    if (!hashes.has(key)) {
      const bytes = await fsp.readFile(file);
      // Git blob id: sha1("blob <len>\0" + bytes), which is what the Hub sends as ETag.
      hashes.set(key, { sha1: sha('sha1', `blob ${bytes.length}\0`, bytes), sha256: sha('sha256', bytes) });
    }
    return hashes.get(key);
  }

  async function findRepo(repoId) {
    const segs = repoId.split('/');
    for (const root of roots) {
      const dir = await safeResolve(root, segs);
      if (dir && (await statOrNull(dir))?.isDirectory()) return dir;
    }
    return null;
  }

  // A file of a repo: in its folder, else named by its shared-files.json (which is not itself served).
  async function repoFile(dir, segs) {
    if (segs.join('/') === SHARED_FILES) return null;
    let filePath = await safeResolve(dir, segs);
    let st = filePath && (await statOrNull(filePath));
    if (!st?.isFile() && filePath) {
      filePath = sharedPathOf(dir, segs.join('/'), sharedRoot);
      st = filePath && (await statOrNull(filePath));
      if (st?.isFile()) checkSharedHash(dir, segs.join('/'), (await hashesOf(filePath, st)).sha256);
    }
    return st?.isFile() ? { filePath, st } : null;
  }

  async function handle(req, res) {
    const u = new URL(req.url, 'http://localhost');
    const pathname = u.pathname;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (pathname.startsWith('/__control/')) return control(u, res);
    stats.record(req.method, pathname);

    const fault = takeFault(pathname);
    if (fault && (await applyFault(fault, req, res))) return;
    const truncate = fault?.status === 'truncate';

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' });

    let segs;
    try {
      segs = pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return sendJson(res, 400, { error: 'Bad URL encoding' });
    }
    if (segs[0] === 'cdn' && roots.length) return serveCdn(req, res, segs.slice(1), truncate);
    const route = roots.length ? parseResolve(segs) : null;
    if (route) return serveResolve(req, res, route, truncate);
    return serveStatic(req, res, u, truncate);
  }

  // /{org}/{name}/resolve/{rev}/{file...}, /{name}/resolve/..., /datasets/{org}/{name}/resolve/...
  function parseResolve(segs) {
    const base = segs[0] === 'datasets' ? 1 : 0;
    for (const n of [2, 1]) {
      if (segs[base + n] === 'resolve' && segs.length > base + n + 2) {
        return {
          repoId: segs.slice(0, base + n).join('/'),
          revision: segs[base + n + 1],
          file: segs.slice(base + n + 2),
        };
      }
    }
    return null;
  }

  async function serveResolve(req, res, { repoId, revision, file }, truncate) {
    const dir = await findRepo(repoId);
    if (!dir) return sendJson(res, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
    const commit = fakeCommit(repoId);
    res.setHeader('X-Repo-Commit', commit);
    if (revision !== 'main' && revision !== commit) {
      return sendJson(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
    }
    const found = await repoFile(dir, file);
    if (!found) return sendJson(res, 404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound' });
    const { filePath, st } = found;
    const { sha1, sha256 } = await hashesOf(filePath, st);
    if (st.size > largeFileThreshold || LFS_NAME.test(filePath)) {
      // LFS: the real Hub redirects to a CDN host; same server here, different path.
      const location = `/cdn/${encodeURIComponent(repoId)}/${file.map(encodeURIComponent).join('/')}`;
      res.writeHead(302, {
        Location: location,
        ETag: `"${sha256}"`,
        'X-Linked-Etag': `"${sha256}"`,
        'X-Linked-Size': String(st.size),
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': '0',
      });
      return res.end();
    }
    return serveFile(req, res, filePath, st, { etag: sha1, type: mimeOf(filePath), truncate });
  }

  // /cdn/{url-encoded repo id}/{file...}: what an LFS redirect points at.
  async function serveCdn(req, res, segs, truncate) {
    const dir = segs.length > 1 && (await findRepo(segs[0]));
    const found = dir && (await repoFile(dir, segs.slice(1)));
    if (!found) return sendJson(res, 404, { error: 'Not found' });
    const { filePath, st } = found;
    const { sha256 } = await hashesOf(filePath, st);
    return serveFile(req, res, filePath, st, { etag: sha256, type: 'binary/octet-stream', truncate });
  }

  async function serveStatic(req, res, u, truncate) {
    const pathname = u.pathname;
    const hit = statics.find(([prefix]) => pathname.startsWith(prefix) || pathname + '/' === prefix);
    if (!hit) return sendText(res, 404, 'Not found');
    const [prefix, dir] = hit;
    if (isolate) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    let segs;
    try {
      segs = pathname.slice(prefix.length).split('/').map(decodeURIComponent);
    } catch {
      return sendText(res, 400, 'Bad URL encoding');
    }
    if (segs.at(-1) === '') segs.pop(); // trailing slash = "this directory"
    let filePath = await safeResolve(dir, segs);
    let st = filePath && (await statOrNull(filePath));
    if (st?.isDirectory()) {
      // Relative links in index.html only work under a trailing slash.
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: pathname + '/' + u.search });
        return res.end();
      }
      filePath = path.join(filePath, 'index.html');
      st = await statOrNull(filePath);
    }
    if (!st?.isFile()) return sendText(res, 404, 'Not found');
    res.setHeader('Cache-Control', 'no-cache');
    const { sha1 } = await hashesOf(filePath, st);
    return serveFile(req, res, filePath, st, { etag: sha1, type: mimeOf(filePath), truncate });
  }

  function takeFault(pathname) {
    const f = faults.find((x) => x.times > 0 && pathname.startsWith(x.prefix));
    if (f) f.times--;
    return f;
  }

  // Returns true when the fault fully answered the request.
  async function applyFault(fault, req, res) {
    const { status } = fault;
    if (typeof status === 'number') {
      sendJson(res, status, { error: `Injected failure ${status}` });
      return true;
    }
    if (status === 'html') {
      sendText(res, 200, '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>', 'text/html; charset=utf-8');
      return true;
    }
    if (status === 'reset') {
      // RST instead of FIN where supported, like a proxy dropping the connection.
      req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy();
      return true;
    }
    if (status === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    return false; // 'slow' and 'truncate' continue with the normal answer
  }

  function control(u, res) {
    const q = u.searchParams;
    const op = u.pathname.slice('/__control/'.length);
    if (op === 'inject') {
      const s = q.get('status') ?? '500';
      inject(q.get('prefix') || '/', {
        status: /^\d+$/.test(s) ? Number(s) : s,
        times: q.has('times') ? Number(q.get('times')) : Infinity,
        delayMs: q.has('delayMs') ? Number(q.get('delayMs')) : undefined,
      });
    } else if (op === 'clear') faults.length = 0;
    else if (op === 'stats/reset') stats.reset();
    else if (op !== 'stats') return sendJson(res, 404, { error: 'Unknown control route' });
    return sendJson(res, 200, { total: stats.total, byPath: stats.byPath, faults: faults.length });
  }

  /**
   * Make requests whose path starts with `prefix` fail. fault: a number (that HTTP status),
   * 'html' (200 + an HTML error page), 'reset' (connection dropped before any answer),
   * 'truncate' (headers + half the body, then dropped), 'slow' (answer after delayMs, default
   * 1000), or { status, times, delayMs } where times limits how many requests it hits.
   * Returns a function that removes it.
   */
  function inject(prefix, fault) {
    const f = typeof fault === 'object' ? { ...fault } : { status: fault };
    const entry = { prefix, status: f.status, times: f.times ?? Infinity, delayMs: f.delayMs };
    faults.push(entry);
    return () => {
      const i = faults.indexOf(entry);
      if (i >= 0) faults.splice(i, 1);
    };
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err?.message ?? err) });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    stats,
    inject,
    clearInjections: () => void (faults.length = 0),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      }),
  };
}

/** @typedef {{total: number, byPath: Record<string, number>, requests: string[], count(path: string): number, reset(): void}} Stats */
function createStats() {
  return {
    total: 0,
    byPath: {},
    requests: [], // "GET /org/name/resolve/main/config.json", in order
    record(method, pathname) {
      this.total++;
      this.byPath[pathname] = (this.byPath[pathname] ?? 0) + 1;
      this.requests.push(`${method} ${pathname}`);
    },
    /** Requests for exactly this path (as sent, still percent-encoded). */
    count(pathname) {
      return this.byPath[pathname] ?? 0;
    },
    reset() {
      this.total = 0;
      this.byPath = {};
      this.requests = [];
    },
  };
}

/**
 * base + segments, or null if that could leave base: segments come already decoded, so
 * "..", "." and anything holding a separator or NUL (from %2F, %5C, %00) is refused, and
 * symlinks must resolve inside base too.
 */
async function safeResolve(base, segs) {
  if (segs.some((s) => s === '' || s === '.' || s === '..' || /[\\/\0]/.test(s) || /^[a-z]:/i.test(s))) return null;
  const full = path.join(base, ...segs);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  try {
    const [realBase, realFull] = await Promise.all([fsp.realpath(base), fsp.realpath(full)]);
    if (realFull !== realBase && !realFull.startsWith(realBase + path.sep)) return null;
  } catch {
    return full; // does not exist: callers' stat says so
  }
  return full;
}

const statOrNull = (p) => fsp.stat(p).catch(() => null);

function sendJson(res, status, obj, headers = {}) {
  sendText(res, status, JSON.stringify(obj), 'application/json; charset=utf-8', headers);
}

function sendText(res, status, text, type = 'text/plain; charset=utf-8', headers = {}) {
  const body = Buffer.from(text);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(body.length), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// One file with ETag, If-None-Match and single Range support (bytes=a-b, a-, -n).
function serveFile(req, res, filePath, st, { etag, type, truncate }) {
  const quoted = `"${etag}"`;
  res.setHeader('ETag', quoted);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', type);
  if (req.headers['if-none-match'] === quoted) {
    res.writeHead(304);
    return res.end();
  }
  let start = 0;
  let end = st.size - 1;
  let status = 200;
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
  if (m && (m[1] || m[2])) {
    if (m[1]) {
      start = Number(m[1]);
      if (m[2]) end = Math.min(end, Number(m[2]));
    } else {
      start = Math.max(0, st.size - Number(m[2]));
    }
    if (start > end || start >= st.size) {
      res.writeHead(416, { 'Content-Range': `bytes */${st.size}` });
      return res.end();
    }
    status = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${st.size}`);
  }
  const length = end - start + 1;
  res.writeHead(status, { 'Content-Length': String(length) });
  if (req.method === 'HEAD' || length === 0) return res.end();
  if (truncate) {
    // Announce the full length, send half, drop the connection: a mid-download failure.
    const half = Math.max(1, Math.floor(length / 2));
    const fd = fs.openSync(filePath, 'r');
    const buf = Buffer.alloc(half);
    fs.readSync(fd, buf, 0, half, start);
    fs.closeSync(fd);
    res.write(buf, () => setTimeout(() => req.socket.destroy(), 20));
    return;
  }
  fs.createReadStream(filePath, { start, end }).on('error', () => res.destroy()).pipe(res);
}

// CLI: node tests/server/hub-server.js [--port N] [--host H] [--models DIR]... [--static [PREFIX=]DIR]...
//      [--threshold BYTES] [--no-isolate]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const opts = { modelRoots: [], staticRoots: {}, port: 8080 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => args[++i];
    if (a === '--port') opts.port = Number(next());
    else if (a === '--host') opts.host = next();
    else if (a === '--models') opts.modelRoots.push(next());
    else if (a === '--static') {
      const v = next();
      const eq = v.indexOf('=');
      opts.staticRoots[eq > 0 ? v.slice(0, eq) : '/'] = eq > 0 ? v.slice(eq + 1) : v;
    } else if (a === '--threshold') opts.largeFileThreshold = Number(next());
    else if (a === '--no-isolate') opts.isolate = false;
    else {
      console.error(`Unknown argument ${a}\nUsage: hub-server.js [--port N] [--host H] [--models DIR]... [--static [PREFIX=]DIR]... [--threshold BYTES] [--no-isolate]`);
      process.exit(2);
    }
  }
  const s = await startHubServer(opts);
  console.log(`Hub server at ${s.url}/ (models: ${opts.modelRoots.join(', ') || 'none'}; static: ${JSON.stringify(opts.staticRoots)})`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
