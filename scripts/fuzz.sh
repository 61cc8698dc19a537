#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*_fuzzer.cpp: clang-14, ASan + UBSan, build/fuzz) and
# runs each for a bounded time, starting from seeds generated from the shared fixtures
# (scripts/fuzz_seeds.mjs) plus the corpus the earlier runs grew in build/fuzz/corpus/<target>.
# Any crash, leak, sanitizer report, timeout or fast-path mismatch fails the script; the input
# that triggered it is saved as build/fuzz/artifacts/<target>/crash-* (rerun it with
# `build/fuzz/<target> <file>`).
#   bash scripts/fuzz.sh [seconds-per-target (default 60)] [target-name-regex]
# npm test runs it for 15 s per target; `npm run fuzz` for 5 minutes per target.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
only=${2:-.}
dir=build/fuzz
say() { printf '[fuzz] %s\n' "$*"; }

if [ ! -f "$dir/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMPIPE_FUZZ=ON >/dev/null
fi
cmake --build "$dir" > "$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
node scripts/fuzz_seeds.mjs "$dir" >/dev/null
export WASMPIPE_FUZZ_BASES="$PWD/$dir/bases"

# One target: runs it, says what it found; its exit status says whether it found anything.
fuzz_one() {
  local name=$1 corpus="$dir/corpus/$1" artifacts="$dir/artifacts/$1" log="$dir/$1.log"
  mkdir -p "$corpus" "$artifacts"
  local inputs=("$corpus") seeds="$dir/seeds/${name%_fuzzer}"
  [ -d "$seeds" ] && inputs+=("$seeds")
  local opts=(-max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1
              -artifact_prefix="$artifacts/")
  [ -f "tests/fuzz/$name.dict" ] && opts+=(-dict="tests/fuzz/$name.dict")
  if "$dir/$name" "${opts[@]}" "${inputs[@]}" > "$log" 2>&1; then
    say "$name: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs in ${secs}s, no findings" \
        "(corpus $(ls "$corpus" | wc -l) inputs)"
  else
    say "$name: FAILED (log $log, inputs in $artifacts)"
    grep -E 'ERROR|SUMMARY|runtime error|differs|==[0-9]+==' "$log" | head -20 >&2 || tail -40 "$log" >&2
    return 1
  fi
}

# Each target is one single-threaded process: as many run at once as there are cores.
names=() pids=()
for src in tests/fuzz/*_fuzzer.cpp; do
  name=$(basename "$src" .cpp)
  [[ "$name" =~ $only ]] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  fuzz_one "$name" &
  names+=("$name") pids+=($!)
done
failed=()
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
if [ ${#failed[@]} -gt 0 ]; then
  say "findings in: ${failed[*]}"
  exit 1
fi
