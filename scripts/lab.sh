#!/usr/bin/env bash
# The browser lab in one command: installs what is missing (Debian's chromium, node and npm, the
# lab's pinned npm packages with `npm ci`, agentsim itself), runs the default lab in headless
# Chromium and writes report.html, environment.yaml and the JSON (results.json, lab.json).
#   scripts/lab.sh [--page-script FILE.js]... [--trials N] [--out DIR] [--headed] [other lab/run.js options]
# --headed runs a headed Chromium under Xvfb (installs xvfb and xdotool) and adds real Ctrl+W closes.
# Default --out: build/lab. See docs/lab.md. Idempotent: a second run only checks (about a second).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

args=("$@")
have_out=0
headed=0
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --out) have_out=1 ;;
    --headed) headed=1 ;;
    --page-script)   # resolve against the caller's directory: the lab runs from lab/
      if [ $((i + 1)) -lt ${#args[@]} ]; then args[$((i + 1))]="$(realpath "${args[$((i + 1))]}")"; fi ;;
  esac
done
if [ "$have_out" -eq 0 ]; then args+=(--out "$root/build/lab"); fi
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--out" ] && [ $((i + 1)) -lt ${#args[@]} ]; then
    mkdir -p "${args[$((i + 1))]}"; args[$((i + 1))]="$(realpath "${args[$((i + 1))]}")"
  fi
done

packages=(chromium nodejs npm)
# --headed: a headed browser under Xvfb, with real key presses (Ctrl+W) by xdotool.
if [ "$headed" -eq 1 ]; then packages+=(xvfb xdotool); fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # node and npm installed another way (nvm, NodeSource) are fine
    if [ "$p" != chromium ] && command -v "${p/nodejs/node}" >/dev/null 2>&1; then continue; fi
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

# The pinned packages (package-lock.json), installed again only when the lockfile changed.
if [ ! -f "$root/lab/node_modules/.package-lock.json" ] || \
   ! cmp -s <(node -e 'const l=require(process.argv[1]);console.log(JSON.stringify(l.packages[""]))' "$root/lab/package-lock.json") \
             <(cat "$root/lab/node_modules/.lab-lock-stamp" 2>/dev/null); then
  echo "lab: npm ci in lab/" >&2
  (cd "$root/lab" && npm ci --no-audit --no-fund --loglevel=error)
  node -e 'const l=require(process.argv[1]);console.log(JSON.stringify(l.packages[""]))' "$root/lab/package-lock.json" \
    > "$root/lab/node_modules/.lab-lock-stamp"
fi

# agentsim, for `validate` and the side-by-side simulation.
if [ ! -x "$root/build/agentsim" ]; then
  "$root/scripts/install-deps.sh"
  nice "$root/scripts/build.sh" --target agentsim
fi

cd "$root/lab"
if [ "$headed" -eq 1 ] && [ -z "${DISPLAY:-}" ]; then
  exec nice xvfb-run -a -s "-screen 0 1280x1024x24" node run.js --agentsim "$root/build/agentsim" "${args[@]}"
fi
exec nice node run.js --agentsim "$root/build/agentsim" "${args[@]}"
