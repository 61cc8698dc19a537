#!/usr/bin/env bash
# Builds the WebAssembly core and the browser bundle into dist/ (what npm start and the package need).
# Incremental: ninja and esbuild only redo what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs acorn from here
say() { printf '[build] %s\n' "$*"; }

if [ ! -f build/wasm/build.ninja ]; then
  say "configure wasm (emcmake)"
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
say "wasm core"
cmake --build build/wasm --target wasmpipe_module > build/wasm/build.log 2>&1 \
  || { cat build/wasm/build.log >&2; echo "[build] wasm build failed" >&2; exit 1; }
mkdir -p dist
cp -u build/wasm/wasmpipe-core.mjs build/wasm/wasmpipe-core.wasm dist/

say "browser bundle"
node scripts/bundle.js
