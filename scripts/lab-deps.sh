#!/usr/bin/env bash
# Installs what the browser lab needs (lab/, docs/lab.md) when it is missing: Debian's chromium,
# node and npm (node installed another way, >= 18, is fine), and the pinned npm packages of lab/
# and examples/check/ (`npm ci` from their package-lock.json; puppeteer-core never downloads a browser).
# Usage: scripts/lab-deps.sh [--headed]   (--headed: also xvfb and xdotool, for a headed lab)
# Called by scripts/install-deps.sh (so the quick start's commands install it) and scripts/lab.sh.
# Idempotent: when everything is present it only checks (about a second) and exits.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

packages=(chromium nodejs npm)
if [ "${1:-}" = "--headed" ]; then packages+=(xvfb xdotool); fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # node and npm installed another way (nvm, NodeSource) are fine
    if [ "$p" != chromium ] && [ "$p" != xvfb ] && [ "$p" != xdotool ] && command -v "${p/nodejs/node}" >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "lab: installing missing packages: ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
      echo "lab: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then echo "lab: node >= 18 needed, found $(node --version)" >&2; exit 1; fi

# The pinned packages (package-lock.json) of lab/ and of examples/check/ (the sharding examples'
# validators, docs/scaling.md), each installed again only when its lockfile changed.
for dir in lab examples/check; do
  stamp="$root/$dir/node_modules/.agentsim-lock-stamp"
  want="$(node -e 'const l=require(process.argv[1]);console.log(JSON.stringify(l.packages))' "$root/$dir/package-lock.json")"
  if [ ! -f "$root/$dir/node_modules/.package-lock.json" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "agentsim: npm ci in $dir/" >&2
    (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    printf '%s\n' "$want" > "$stamp"
  fi
done
