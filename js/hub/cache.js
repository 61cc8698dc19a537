// Download cache keyed by the remote URL: the Cache API in browsers, a directory in Node.
// A cache is an optimisation, never a reason to fail a load: every failure here warns
// once and the caller carries on as if the entry were missing.

import { env, IS_NODE } from '../env.js';
import { nodeModule } from './node.js';

export const BROWSER_CACHE_NAME = 'wasmpipe-cache';

const warned = new Set();
function warnOnce(kind, err) {
  if (warned.has(kind)) return;
  warned.add(kind);
  console.warn(`wasmpipe: model cache ${kind} failed, continuing without it: ${err?.message ?? err}`);
}

/** Only for tests: let each test see its own first warning. */
export function resetCacheWarnings() {
  warned.clear();
}

// Windows-invalid characters and control characters become '_'; '.'/'..' cannot occur as
// segments because URL parsing already removed them, but guard anyway.
function safeSegment(s) {
  const t = s.replace(/[<>:"\\|?*\x00-\x1f]/g, '_');
  return t === '.' || t === '..' || t === '' ? '_' + t : t;
}

/** `{cacheDir}/{host_port}/{url path segments, still percent-encoded}` for a URL. */
export function cacheFilePath(cacheDir, url) {
  const u = new URL(url);
  const segs = [u.host, ...u.pathname.split('/').filter(Boolean)].map(safeSegment);
  if (u.search) segs[segs.length - 1] += safeSegment(u.search);
  return cacheDir.replace(/[\\/]+$/, '') + '/' + segs.join('/');
}

class FileCache {
  constructor(dir) {
    this.dir = dir;
  }
  async match(url) {
    try {
      const fs = await nodeModule('node:fs/promises');
      const buf = await fs.readFile(cacheFilePath(this.dir, url));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') warnOnce('read', err);
      return null;
    }
  }
  // Temp file + rename: a crash or a concurrent reader never sees a half-written entry.
  async put(url, bytes) {
    const target = cacheFilePath(this.dir, url);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fs = await nodeModule('node:fs/promises');
    try {
      await fs.mkdir(target.slice(0, target.lastIndexOf('/')), { recursive: true });
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, target);
    } catch (err) {
      warnOnce('write', err);
      await fs.rm(tmp, { force: true }).catch(() => {});
    }
  }
}

class BrowserCache {
  constructor(cache) {
    this.cache = cache;
  }
  async match(url) {
    try {
      const res = await this.cache.match(url);
      return res ? new Uint8Array(await res.arrayBuffer()) : null;
    } catch (err) {
      warnOnce('read', err);
      return null;
    }
  }
  async put(url, bytes, contentType) {
    try {
      const headers = { 'content-length': String(bytes.byteLength) };
      if (contentType) headers['content-type'] = contentType;
      await this.cache.put(url, new Response(bytes, { headers }));
    } catch (err) {
      warnOnce('write', err); // QuotaExceededError and friends
    }
  }
}

/** The cache env currently asks for, or null (disabled, or unavailable here). */
export async function openCache() {
  if (IS_NODE) return env.useFSCache && env.cacheDir ? new FileCache(String(env.cacheDir)) : null;
  if (!env.useBrowserCache || typeof caches === 'undefined') return null;
  try {
    return new BrowserCache(await caches.open(BROWSER_CACHE_NAME));
  } catch (err) {
    warnOnce('open', err); // e.g. insecure context, some private-browsing modes
    return null;
  }
}
