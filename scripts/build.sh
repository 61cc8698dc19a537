#!/usr/bin/env bash
# Builds the WebAssembly core and the browser bundle into dist/ (what npm start and the package need),
# and completes the static Spaces with their shared files.
# Incremental: ninja and esbuild only redo what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs acorn from here
say() { printf '[build] %s\n' "$*"; }
WASM_BUILD=${WASMPIPE_WASM_BUILD:-build/wasm}

if [ ! -f $WASM_BUILD/build.ninja ]; then
  say "configure wasm (emcmake)"
  emcmake cmake -S . -B $WASM_BUILD -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
say "wasm core"
cmake --build $WASM_BUILD --target wasmpipe_module > $WASM_BUILD/build.log 2>&1 \
  || { cat $WASM_BUILD/build.log >&2; echo "[build] wasm build failed" >&2; exit 1; }
mkdir -p dist
cp -u $WASM_BUILD/wasmpipe-core.mjs $WASM_BUILD/wasmpipe-core.wasm dist/

say "browser bundle"
node scripts/bundle.js

# Each static Space deploys alone as a plain folder: the files they share (static-spaces/_shared/)
# are copied into every Space folder, where git ignores them.
say "static Spaces"
for space in static-spaces/*/; do
  [ -f "$space/index.html" ] || continue
  for f in static-spaces/_shared/*; do cmp -s "$f" "$space/$(basename "$f")" || cp "$f" "$space"; done
done
