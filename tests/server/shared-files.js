// Fixture repos do not commit copies of the real tokenizer files in ../shared/fixtures: a repo's
// shared-files.json names them instead, and the Hub server (hub-server.js) serves them from there as
// if they were in the repo. Code that reads repos from disk (transformers.js with env.localModelPath)
// uses materializeModels(), a mirror of symlinks under build/.
//
// tests/fixtures/models/<org>/<repo>/shared-files.json, written by the fixture generators
// (tests/fixtures/generate.py share_identical_files):
//   { "files": { "tokenizer.json": { "shared": "tokenizers/roberta-base/tokenizer.json", "sha256": "…" } } }
// "shared" is relative to the shared fixtures root ($WASMPIPE_FIXTURES, else ../shared/fixtures beside
// the project); sha256 is the file the generator saw (checked when serving and when materializing).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const SHARED_FILES = 'shared-files.json';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_SHARED_ROOT = process.env.WASMPIPE_FIXTURES ?? path.resolve(ROOT, '../shared/fixtures');

/** The mapping of one repo directory (relative file path → { shared, sha256 }), {} when it has none. */
export function readSharedFiles(repoDir) {
  let text;
  try {
    text = fs.readFileSync(path.join(repoDir, SHARED_FILES), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return {};
    throw e;
  }
  const files = JSON.parse(text).files;
  if (files === null || typeof files !== 'object') {
    throw new Error(`${path.join(repoDir, SHARED_FILES)}: "files" must be an object of { shared, sha256 }.`);
  }
  return files;
}

/**
 * Where a repo file named in shared-files.json lives under sharedRoot, or null when it is not named
 * there. Throws when the entry would leave sharedRoot or the shared file is missing.
 */
export function sharedPathOf(repoDir, relPath, sharedRoot = DEFAULT_SHARED_ROOT) {
  const files = readSharedFiles(repoDir);
  // Own entries only: a file named like an Object.prototype member ('constructor') is not listed.
  const entry = Object.hasOwn(files, relPath) ? files[relPath] : null;
  if (!entry) return null;
  const root = path.resolve(sharedRoot);
  const full = path.resolve(root, String(entry.shared));
  if (!full.startsWith(root + path.sep)) {
    throw new Error(`${path.join(repoDir, SHARED_FILES)}: ${relPath} points outside the shared fixtures (${entry.shared}).`);
  }
  if (!fs.existsSync(full)) {
    throw new Error(`${path.join(repoDir, SHARED_FILES)}: ${relPath} is ${full}, which does not exist: ` +
      'set $WASMPIPE_FIXTURES to the shared fixtures folder.');
  }
  return full;
}

/** Throws when a shared file is not the one the generator recorded. */
export function checkSharedHash(repoDir, relPath, actualSha256) {
  const files = readSharedFiles(repoDir);
  const expected = Object.hasOwn(files, relPath) ? files[relPath]?.sha256 : undefined;
  if (expected && expected !== actualSha256) {
    throw new Error(`${path.join(repoDir, SHARED_FILES)}: the shared file for ${relPath} changed (sha256 ${actualSha256}, ` +
      `generated with ${expected}): rerun the fixture generator.`);
  }
}

const sha256File = async (file) => crypto.createHash('sha256').update(await fsp.readFile(file)).digest('hex');

/**
 * A mirror of modelsRoot under outDir where every repo has all its files: symlinks to the committed
 * ones and to the shared ones its shared-files.json names. For readers of local paths (transformers.js
 * env.localModelPath). Safe to call from parallel test processes. Returns outDir.
 */
export async function materializeModels(modelsRoot, outDir = path.join(ROOT, 'build/fixture-models'),
  sharedRoot = DEFAULT_SHARED_ROOT) {
  const link = async (target, at) => {
    await fsp.mkdir(path.dirname(at), { recursive: true });
    const current = await fsp.readlink(at).catch(() => null);
    if (current === target) return;
    if (current !== null) await fsp.rm(at, { force: true });
    await fsp.symlink(target, at).catch((e) => { if (e.code !== 'EEXIST') throw e; });
  };
  const hashes = new Map();  // shared path -> sha256 promise: repos share files (hash each once)
  const hashOf = (file) => {
    if (!hashes.has(file)) hashes.set(file, sha256File(file));
    return hashes.get(file);
  };
  const walk = async (dir, rel) => {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    const isRepo = entries.some((e) => e.isFile());
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name), path.join(rel, e.name));
      else if (e.name !== SHARED_FILES) await link(path.join(dir, e.name), path.join(outDir, rel, e.name));
    }
    if (!isRepo) return;
    for (const relPath of Object.keys(readSharedFiles(dir))) {
      const shared = sharedPathOf(dir, relPath, sharedRoot);
      checkSharedHash(dir, relPath, await hashOf(shared));
      await link(shared, path.join(outDir, rel, ...relPath.split('/')));
    }
  };
  await walk(path.resolve(modelsRoot), '');
  return outDir;
}
