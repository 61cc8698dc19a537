// Lazy access to Node built-ins. The specifier is a variable on purpose: bundlers leave
// `import(name)` alone, so the browser build never tries to resolve `node:fs`.

const loaded = new Map();

/** @param {string} name e.g. 'node:fs/promises' */
export function nodeModule(name) {
  if (!loaded.has(name)) loaded.set(name, import(/* @vite-ignore */ /* webpackIgnore: true */ name));
  return loaded.get(name);
}

/** Read a whole file; null when it does not exist (or is a directory). Other errors throw. */
export async function readFileOrNull(path, signal) {
  const fs = await nodeModule('node:fs/promises');
  try {
    const buf = await fs.readFile(path, signal ? { signal } : undefined);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR') return null;
    throw err;
  }
}

/** Whether `path` is an existing directory. */
export async function isDirectory(path) {
  const fs = await nodeModule('node:fs/promises');
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}
