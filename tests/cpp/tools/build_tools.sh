#!/usr/bin/env bash
# Builds the native helper tools of tests/cpp/tools (not part of ctest) against build/native:
#   build/tools/bench_tokenizer     encode throughput on the corpus
#   build/tools/bench_encode_ids    encode_ids (JS encode()'s path) on the browser benchmark's paragraphs
#   build/tools/bench_regex         pre-tokenization regexes: fast paths vs Oniguruma
#   build/tools/bench_load          tokenizer.json load time (median of N loads)
#   build/tools/gen_unicode_compat  regenerates wasm/core/unicode_compat_tables.h from a probe
set -euo pipefail
cd "$(dirname "$0")/../../.."
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native --target wasmpipe_core utf8proc onig >/dev/null
mkdir -p build/tools
FLAGS=(-std=c++20 -O2 -DNDEBUG -Iwasm -isystem build/native/third_party_include -isystem .deps/src/utf8proc
       -DUTF8PROC_STATIC "-DWASMPIPE_FIXTURES=\"$(cd .. && pwd)/shared/fixtures\"")
LIBS=(build/native/libwasmpipe_core.a build/native/libutf8proc.a build/native/onig/libonig.a)
for tool in bench_tokenizer bench_encode_ids bench_regex bench_load gen_unicode_compat; do
  g++ "${FLAGS[@]}" "tests/cpp/tools/$tool.cpp" "${LIBS[@]}" -o "build/tools/$tool"
done
echo "built build/tools/{bench_tokenizer,bench_encode_ids,bench_regex,bench_load,gen_unicode_compat}"
