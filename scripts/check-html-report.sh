#!/usr/bin/env bash
# Loads an agentsim HTML report in headless Chromium and fails when the page does not render as
# written: a console error, a blocked resource, or a dumped DOM that lacks the scenario sections
# or their charts.
#
#   scripts/check-html-report.sh REPORT.html [SCREENSHOT.png]
#
# Installs Chromium with apt-get when it is missing and we are root. With a second argument, also
# writes a full-page screenshot (1200 px wide) to that path.
#
# Exit codes: 0 the page rendered; 1 a check failed; 2 usage or a missing file; 4 Chromium is
# missing and could not be installed, or did not run.
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
report=$1
screenshot=${2:-}
[[ -f $report ]] || { echo "no such file: $report" >&2; exit 2; }
report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium_bin ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "installing chromium (apt-get)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2; } ||
      { echo "could not install chromium" >&2; exit 4; }
    chromium_bin=$(command -v chromium)
  else
    echo "chromium is not installed (run as root to install it, or: apt-get install chromium)" >&2
    exit 4
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Flags that keep Chromium from reaching the network on its own (updates, sync, field trials),
# so any request in the log comes from the page.
run_chromium() {
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-default-apps \
    --user-data-dir="$(mktemp -d -p "$work")" --enable-logging=stderr --v=0 "$@" "file://$report_abs"
}

if ! run_chromium --dump-dom >"$work/dom.html" 2>"$work/console.log"; then
  echo "chromium failed to load the page; its log:" >&2
  cat "$work/console.log" >&2
  exit 4
fi

failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

# Console messages of the page ("INFO:CONSOLE(...)", "ERROR:...CONSOLE"). The report has no script,
# so Chromium logs one only when something in the page is wrong: an uncaught error, a
# Content-Security-Policy violation (a script, an image, a font or a style sheet it tried to
# load), a failed load. Chromium's own noise (D-Bus, GPU, sandbox) does not match.
if grep -E ":CONSOLE|Uncaught|net::ERR_" "$work/console.log" >"$work/errors.log"; then
  fail "the console log shows errors:"
  cat "$work/errors.log" >&2
fi

expected=$(grep -o 'data-scenarios="[0-9]*"' "$report" | head -1 | grep -o '[0-9]\+' || true)
[[ -n $expected ]] || fail "the report has no <body data-scenarios=\"N\">: not an agentsim HTML report?"
expected=${expected:-0}
sections=$(grep -o '<section class="scenario" id="scenario-[^"]*"' "$work/dom.html" | wc -l)
[[ $sections -eq $expected ]] ||
  fail "the rendered DOM has $sections scenario sections; the report declares $expected"
[[ $sections -ge 1 ]] || fail "no scenario section rendered"

svgs_in_file=$(grep -o '<svg' "$report" | wc -l)
svgs_in_dom=$(grep -o '<svg' "$work/dom.html" | wc -l)
[[ $svgs_in_dom -eq $svgs_in_file ]] || fail "the DOM has $svgs_in_dom <svg> elements; the file has $svgs_in_file"
# A comparison chart: ghost rates of single-agent scenarios, ghost-agent-minutes of center ones.
grep -qE 'id="chart-(ghost-rate|center-ghost-minutes)"' "$work/dom.html" ||
  fail "the comparison chart (ghost rate or center ghost-minutes) is missing"
# Every section has its main figure: the ghost-duration chart (single agent) or the center figures table.
for id in $(grep -o '<section class="scenario" id="scenario-[^"]*"' "$work/dom.html" | sed 's/.*id="//; s/"$//'); do
  grep -qE "id=\"$id-(ghost-durations|center-figures)\"" "$work/dom.html" ||
    fail "section $id has neither a ghost-duration chart nor the center figures"
done

# Any external resource other than the SVG namespace URI (which is a name, never fetched).
if grep -oE '(src|href)="(https?:)?//[^"]*"|url\((https?:)?//' "$work/dom.html" >"$work/external.log"; then
  fail "the page refers to external resources:"
  cat "$work/external.log" >&2
fi

if [[ -n $screenshot ]]; then
  mkdir -p "$(dirname "$screenshot")"
  screenshot_abs=$(cd "$(dirname "$screenshot")" && pwd)/$(basename "$screenshot")
  height=$((600 + 1500 * sections))
  run_chromium --hide-scrollbars --window-size=1200,"$height" --screenshot="$screenshot_abs" \
    >/dev/null 2>"$work/screenshot.log" || { cat "$work/screenshot.log" >&2; fail "the screenshot failed"; }
  [[ -s $screenshot_abs ]] || fail "no screenshot written to $screenshot"
fi

if [[ $failed -ne 0 ]]; then exit 1; fi
echo "OK: $report renders: $sections scenario sections, $svgs_in_dom charts, no console errors" >&2
