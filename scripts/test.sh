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
  refs_ready
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS"
}

# Reference data from HF's Rust tokenizers (npm binding), each redone only when its tools or
# dependencies change; the two generators are mostly single-threaded, so they run side by side,
# and beside the native build (only its ctest needs them):
# - build/ref (~1.5 min, ~1.2 GB): the native conformance and Unicode tests;
# - build/ref-all (~2 min of CPU, ~10 MB): hashed references of every tokenizer.json fixture (every
#   3rd paragraph / pair) for the native all-fixtures conformance test.
say "Reference data from HF Rust tokenizers (build/ref, build/ref-all, build/pretok)"
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
# - build/pretok/pretok_probe.tsv (~3 s of CPU, 11 MB): every code point through Whitespace and Digits.
stamp_pretok="build/pretok/.stamp-$(cat $tools/probe_pretok_classes.cjs package-lock.json | sha1sum | cut -c1-12)"
ref_pretok() {
  mkdir -p build/pretok && rm -f build/pretok/.stamp-* build/pretok/pretok_probe.tsv
  node $tools/probe_pretok_classes.cjs build/pretok/pretok_probe.tsv
  touch "$stamp_pretok"
}
ref_jobs=()
[ -f "$stamp" ] || { ref_ids & ref_jobs+=($!); }
[ -f "$stamp_all" ] || { ref_all & ref_jobs+=($!); }
[ -f "$stamp_pretok" ] || { ref_pretok & ref_jobs+=($!); }
refs_ready() { # waits for the generators (once); a failed one stops the run
  local job
  for job in "${ref_jobs[@]}"; do wait "$job" || { say "reference data generation FAILED"; exit 1; }; done
  ref_jobs=()
  export WASMPIPE_REQUIRE_REFERENCE=1  # from here on, missing reference data fails instead of skipping
}

stage "C++ (native, Release)" native build/native -DCMAKE_BUILD_TYPE=Release
# ctest keeps a passing test's output in its log only: the all-fixtures comparison's counts, summed.
awk '/^tokenizer +mode +checked +differ/ { p = 1; next } p && NF != 4 { p = 0 }
  p { if (!($1 in seen)) { seen[$1] = 1; n++ } c += $3; d += $4 }
  END { if (c) printf "[test] native vs HF Rust tokenizers (tokenizer_all_fixtures_test): %d tokenizer.json, %d records compared (single, nospecial, pair, decode), %d differ\n", n, c, d }' \
  build/native/Testing/Temporary/LastTest.log 2>/dev/null || true
refs_ready
# SentencePiece, the tests' oracle, is built without sanitizers: the ASan build links build/native's.
spm=build/native/sentencepiece/src/libsentencepiece.a
if cmake --build build/native --target sentencepiece-static >/dev/null 2>&1 && [ -f "$spm" ]; then
  spm="$PWD/$spm"
else
  spm=""  # the ASan build compiles its own
fi
export ASAN_OPTIONS=detect_leaks=1
# Compiling was most of this stage: -O1 (what ASan recommends) and -g1 (line tables: reports keep
# file:line) take less than half the CPU time of RelWithDebInfo's -O2 -g (44 s -> 20 s for
# tokenizer_bert_test.cpp), with the same checks.
stage "C++ (native, ASan + UBSan)" native build/native-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMPIPE_SANITIZE=ON \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  "-DWASMPIPE_SPM_LIB=$spm"
unset ASAN_OPTIONS
stage "Fuzzing (libFuzzer + ASan/UBSan, 15 s per target; npm run fuzz for longer)" bash scripts/fuzz.sh 15
# Test files are independent (each its own process, hub servers on free ports, temp dirs).
# tokenizer-fixtures.test.js (every shared tokenizer.json on the whole corpus) takes about as long
# as all the other files together, one test per fixture. Its tests run as two shards (alternate
# fixtures in name order: the costs balance), started first, beside the other Node files and then
# beside the browser tests, so that neither core waits for one long process at the end. A test
# runs in shard 1 if its name starts with one of that shard's fixture names, else in shard 0; the
# skip counts must show that every test ran exactly once.
fixtures_big=tests/js/tokenizer-fixtures.test.js
fixture_pids=()
start_fixture_shards() {
  local patterns i=0 p
  mkdir -p build
  patterns=$(node scripts/fixture_shards.mjs) || { echo "could not list the tokenizer fixtures" > build/node-fixtures-0.log; return; }
  fixtures_t0=$SECONDS
  while IFS= read -r p; do
    node --test --test-name-pattern="$p" "$fixtures_big" > "build/node-fixtures-$i.log" 2>&1 & fixture_pids+=($!)
    printf '%s\n' "$p" > "build/node-fixtures-$i.pattern"
    i=$((i + 1))
  done <<< "$patterns"
}
wait_fixture_shards() {
  local rc=0 i tests skipped
  [ ${#fixture_pids[@]} -eq 2 ] || { cat build/node-fixtures-0.log; return 1; }
  for i in 0 1; do
    wait "${fixture_pids[$i]}" || rc=1
    say "$fixtures_big, shard $i (tests named $(cat "build/node-fixtures-$i.pattern")):"
    cat "build/node-fixtures-$i.log"
  done
  tests=$(awk '/^# tests /{print $3}' build/node-fixtures-0.log)
  skipped=$(awk '/^# skipped /{n += $3} END {print n}' build/node-fixtures-0.log build/node-fixtures-1.log)
  [ -n "$tests" ] && [ "$tests" = "$skipped" ] \
    || { echo "$fixtures_big: $tests tests, but the shards skipped $skipped in all (each test must run once)" >&2; rc=1; }
  awk '/# compared with Rust: / { n++; t += $(NF-10); e += $(NF-8); dec += $(NF-3); m += $(NF-1) }
    END { printf "[test] wasm vs HF Rust tokenizers (tokenizer-fixtures.test.js): %d tokenizer.json, %d texts, %d encodings (8 fields each), %d decodes, %d mismatches\n", n, t, e, dec, m }' \
    build/node-fixtures-0.log build/node-fixtures-1.log
  say "both shards done $((SECONDS - fixtures_t0)) s after they started"
  return $rc
}
node_others=()
for f in tests/js/*.test.js; do [ "$f" = "$fixtures_big" ] || node_others+=("$f"); done
start_fixture_shards
stage "Node (node --test tests/js except $fixtures_big, $JOBS files at a time; its 2 shards run beside)" \
  node --test --test-concurrency="$JOBS" "${node_others[@]}"
stage "Browser (Playwright + Chromium, node --test tests/e2e; beside the shards)" node --test --test-concurrency=1 tests/e2e/
stage "Node ($fixtures_big, 2 shards)" wait_fixture_shards

if [ ${#failed[@]} -gt 0 ]; then
  say "FAILED after $((SECONDS - started)) s: ${failed[*]}"
  exit 1
fi
say "all stages passed in $((SECONDS - started)) s"
