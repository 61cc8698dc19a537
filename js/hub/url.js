// Where a file lives: the remote URL from env.remoteHost + remotePathTemplate, the local
// path under env.localModelPath, and what counts as an explicit URL or filesystem path.

/** `http://`, `https://`, `file://`, `blob:`...: the model id is a location, not a repo id. */
export function isUrl(s) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(blob|data):/i.test(s);
}

/** `/abs`, `./rel`, `../rel`, `~`-less Windows `C:\x` or anything with a backslash. */
export function isPathLike(s) {
  return /^(\.{1,2}([\\/]|$)|\/)/.test(s) || /^[a-z]:[\\/]/i.test(s) || s.includes('\\');
}

/** Join URL/path parts with exactly one '/' between them (the first part keeps its start). */
export function joinPath(first, ...rest) {
  let out = String(first);
  for (const part of rest) {
    const p = String(part).replace(/^[\\/]+/, '');
    if (!p) continue;
    out = out.replace(/[\\/]+$/, '') + '/' + p;
  }
  return out;
}

/**
 * Reject file names that would escape the model folder (`../x`, `/etc/x`) or are empty:
 * the same name is used for local reads, so this is a safety check, not style.
 */
export function checkFilename(filename) {
  if (typeof filename !== 'string' || !filename) throw new TypeError('filename must be a non-empty string');
  const segs = filename.split(/[\\/]/);
  if (/^[\\/]/.test(filename) || /^[a-z]:/i.test(filename) || segs.some((s) => s === '..' || s === '')) {
    throw new TypeError(`Invalid file name "${filename}": use a relative path inside the model, like "onnx/model.onnx"`);
  }
}

/** Each path segment percent-encoded, so names with spaces or '#' still form a valid URL. */
export function encodePath(filename) {
  return filename.split('/').map(encodeURIComponent).join('/');
}

/** remotePathTemplate with `{model}` and the URL-encoded `{revision}` filled in. */
export function fillTemplate(template, modelId, revision) {
  return template.replaceAll('{model}', modelId).replaceAll('{revision}', encodeURIComponent(revision));
}

/** `{remoteHost}{template}{filename}`, e.g. https://huggingface.co/Xenova/gpt2/resolve/main/config.json */
export function remoteUrl(env, modelId, filename, revision = 'main') {
  return joinPath(env.remoteHost, fillTemplate(env.remotePathTemplate, modelId, revision), encodePath(filename));
}

/** `{localModelPath}{modelId}/{filename}` (a filesystem path in Node, a URL path in browsers). */
export function localPath(env, modelId, filename) {
  return joinPath(env.localModelPath, modelId, filename);
}
