#!/usr/bin/env bash
# Installs the Debian packages agentsim needs to build, test and render its docs.
# Idempotent: when every package is present it only checks (well under a second) and exits.
set -euo pipefail

packages=(
  build-essential cmake
  libboost-dev            # Boost.MSM (header-only)
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libfmt-dev
  librapidcheck-dev
  libyaml-cpp-dev
  libcli11-dev
  nlohmann-json3-dev
  graphviz                # renders `agentsim model --format dot` in the tests
  clang libclang-rt-14-dev  # the libFuzzer harnesses (scripts/fuzz-loader.sh): clang, libFuzzer
  llvm                      # llvm-symbolizer: file and line in a fuzzer's sanitizer reports
  chromium                  # the browser lab's mechanics test (ctest -L lab; lab-deps.sh below)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "agentsim: installing missing packages: ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
      echo "agentsim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser lab's node, npm and pinned npm packages (`npm ci` in lab/), when missing.
"$(dirname "$0")/lab-deps.sh"
