#!/usr/bin/env bash
# Builds the go/no-go prototype (proto.mjs/.wasm/.worker.js) with the core's row scan.
set -euo pipefail
cd "$(dirname "$0")"
export NODE_PATH=/usr/share/nodejs
ROOT=../../..
em++ -std=c++20 -O3 -msimd128 -pthread -sPTHREAD_POOL_SIZE=1 -sMODULARIZE -sEXPORT_ES6 -sEXPORT_NAME=createProto \
  -sINITIAL_MEMORY=33554432 -sENVIRONMENT=web,worker -I$ROOT/wasm \
  proto.cpp $ROOT/wasm/generation/row_scan.cpp -o proto.mjs
