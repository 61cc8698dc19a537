#!/usr/bin/env bash
# Every test the project has, in order of speed: native C++ (plain and ASan+UBSan) via ctest,
# Node tests (pipelines vs recorded Python outputs, tokenizer conformance vs HF Rust tokenizers,
# transformers.js parity, hub client), then Playwright in Chromium. Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n[test] %s\n' "$*"; }
JOBS=$(nproc)

native() { # build-dir extra-cmake-args...
  local dir=$1; shift
  [ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" > "$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS"
}

say "C++ (native, Release)"
native build/native -DCMAKE_BUILD_TYPE=Release
say "C++ (native, ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1 native build/native-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMPIPE_SANITIZE=ON

say "Node (node --test tests/js)"
node --test --test-concurrency=1 tests/js/

say "Browser (Playwright + Chromium, node --test tests/e2e)"
node --test --test-concurrency=1 tests/e2e/
