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

headed_flag=()
if [ "$headed" -eq 1 ]; then headed_flag=(--headed); fi
"$root/scripts/lab-deps.sh" "${headed_flag[@]}"

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
