#!/usr/bin/env bash
# Every test the project has, in order of speed: native C++ (plain and ASan+UBSan) via ctest,
# Node tests (pipelines vs recorded Python outputs, tokenizer conformance vs HF Rust tokenizers,
# transformers.js parity, hub client), then Playwright in Chromium. Run after scripts/build.sh.
# A failing stage does not stop the later ones (one run shows every failure); the exit status is
# non-zero if any stage failed, and the summary at the end names them.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n[test] %s\n' "$*"; }
JOBS=$(nproc)
failed=()
started=$SECONDS
stage() { # name command...
  local name=$1; shift
  say "$name"
  local t0=$SECONDS
  if "$@"; then say "$name: ok ($((SECONDS - t0)) s)"; else say "$name: FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}

native() { # build-dir extra-cmake-args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null  # every time (seconds): changed flags reach old dirs
  cmake --build "$dir" > "$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; return 1; }
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS"
}

# Reference data from HF's Rust tokenizers (npm binding), each redone only when its tools or
# dependencies change; the two generators are mostly single-threaded, so they run side by side:
# - build/ref (~1.5 min, ~1.2 GB): the native conformance and Unicode tests;
# - build/ref-all (~2 min of CPU, ~10 MB): hashed references of every tokenizer.json fixture (every
#   3rd paragraph / pair) for the native all-fixtures conformance test.
say "Reference data from HF Rust tokenizers (build/ref, build/ref-all)"
tools=tests/cpp/tools
stamp="build/ref/.stamp-$(cat $tools/dump_reference_ids.mjs $tools/reference_corpus.mjs $tools/probe_unicode.mjs package-lock.json | sha1sum | cut -c1-12)"
stamp_all="build/ref-all/.stamp-$(cat $tools/dump_reference_hashes.mjs $tools/reference_corpus.mjs tests/js/helpers/transformers-decode.js package-lock.json | sha1sum | cut -c1-12)"
ref_ids() {
  rm -rf build/ref && mkdir -p build/ref
  node $tools/probe_unicode.mjs build/ref/unicode_probe.tsv
  node $tools/dump_reference_ids.mjs
  touch "$stamp"
}
ref_all() {
  rm -rf build/ref-all && mkdir -p build/ref-all
  node $tools/dump_reference_hashes.mjs build/ref-all
  touch "$stamp_all"
}
ref_jobs=()
[ -f "$stamp" ] || { ref_ids & ref_jobs+=($!); }
[ -f "$stamp_all" ] || { ref_all & ref_jobs+=($!); }
for job in "${ref_jobs[@]}"; do wait "$job"; done  # a failed generator stops the run (set -e)
export WASMPIPE_REQUIRE_REFERENCE=1  # from here on, missing reference data fails instead of skipping

stage "C++ (native, Release)" native build/native -DCMAKE_BUILD_TYPE=Release
export ASAN_OPTIONS=detect_leaks=1
# Compiling was most of this stage: -O1 (what ASan recommends) and -g1 (line tables: reports keep
# file:line) take less than half the CPU time of RelWithDebInfo's -O2 -g (44 s -> 20 s for
# tokenizer_bert_test.cpp), with the same checks.
stage "C++ (native, ASan + UBSan)" native build/native-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMPIPE_SANITIZE=ON \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
unset ASAN_OPTIONS
stage "Fuzzing (libFuzzer + ASan/UBSan, 15 s per target; npm run fuzz for longer)" bash scripts/fuzz.sh 15
# Test files are independent (each its own process, hub servers on free ports, temp dirs).
# tokenizer-fixtures.test.js (every shared tokenizer.json on the whole corpus) takes about as long
# as all the other files together: node 20 starts files in name order, so it started late and
# finished alone on one core. Its tests run instead as two halves (test names starting with m-z, and
# with any other character a repo name can start with), started first, beside the other files;
# every test must run in exactly one half (each is skipped in the other).
node_tests() {
  local big=tests/js/tokenizer-fixtures.test.js halves=('^[A-Za-l0-9_.-]' '^[m-z]') others=() pids=() rc=0 i
  for f in tests/js/*.test.js; do [ "$f" = "$big" ] || others+=("$f"); done
  mkdir -p build
  for i in 0 1; do
    node --test --test-name-pattern="${halves[$i]}" "$big" > "build/node-fixtures-$i.log" 2>&1 & pids+=($!)
  done
  node --test --test-concurrency="$JOBS" "${others[@]}" || rc=1
  for i in 0 1; do
    wait "${pids[$i]}" || rc=1
    say "$big, tests named ${halves[$i]}:"
    cat "build/node-fixtures-$i.log"
  done
  local count=(build/node-fixtures-0.log build/node-fixtures-1.log) tests skipped
  tests=$(awk '/^# tests /{print $3}' "${count[0]}")
  skipped=$(awk '/^# skipped /{n += $3} END {print n}' "${count[@]}")
  [ "$tests" = "$skipped" ] || { echo "$big: $tests tests, but the halves skipped $skipped in all (each test must run once)" >&2; rc=1; }
  return $rc
}
stage "Node (node --test tests/js, $JOBS files at a time + 2 halves of tokenizer-fixtures)" node_tests
stage "Browser (Playwright + Chromium, node --test tests/e2e)" node --test --test-concurrency=1 tests/e2e/

if [ ${#failed[@]} -gt 0 ]; then
  say "FAILED after $((SECONDS - started)) s: ${failed[*]}"
  exit 1
fi
say "all stages passed in $((SECONDS - started)) s"
