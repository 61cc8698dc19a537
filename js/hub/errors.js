// Hub errors: plain `Error`s with a stable `code` so callers (and the worker proxy, which can
// only send plain data) can branch on it, plus the context that went into the message.

export const ErrorCode = Object.freeze({
  MODEL_NOT_FOUND: 'MODEL_NOT_FOUND', // repo (or revision) does not exist / is not public
  FILE_NOT_FOUND: 'FILE_NOT_FOUND', // repo exists but not this file
  NETWORK_ERROR: 'NETWORK_ERROR', // fetch threw or the body stream broke
  HTTP_ERROR: 'HTTP_ERROR', // any other non-2xx answer
  NOT_MODEL_FILE: 'NOT_MODEL_FILE', // got bytes, but not what the file should be (HTML page, bad JSON)
});

export class HubError extends Error {
  /**
   * @param {string} code one of ErrorCode
   * @param {string} message full sentence(s): what failed, where, and what to do
   * @param {{modelId?: string, file?: string, url?: string, status?: number,
   *          hubErrorCode?: string, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    const { cause, ...rest } = details;
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HubError';
    this.code = code;
    Object.assign(this, rest);
  }
}

/** First `n` characters of some bytes as readable text, for "it starts with ..." messages. */
export function preview(bytes, n = 120) {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, n * 4));
  const cut = text.length > n ? text.slice(0, n) + '…' : text;
  return JSON.stringify(cut.replace(/\s+/g, ' ')); // one line, quoted, control chars escaped
}

/** The underlying reason of a failed fetch: undici hides it in `cause` (ECONNREFUSED, ...). */
export function describeCause(err) {
  const parts = [];
  for (let e = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    const s = [e.code, e.message].filter(Boolean).join(' ');
    if (s && !parts.includes(s)) parts.push(s);
  }
  return parts.join(': ') || String(err);
}
