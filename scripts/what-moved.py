#!/usr/bin/env python3
"""What moved: compare the headline figures of two or more agentsim report.json files.

Usage: what-moved.py LABEL=report.json LABEL=report.json [...]
(each report.json from `agentsim run --format json --report-dir DIR` at one commit)
The first file is "before"; each later one is a cumulative step (e.g. after a change landed).
Prints a Markdown table: per scenario and headline metric, the value in each file, and the step
in which it moved most ("moved by"). A figure "moved" when the intervals of two consecutive steps
do not overlap, or an exact figure changed.
"""
import json
import sys

HEADLINE = [
    "ghost_rate", "ghost_rate_over_30s", "offline_rate", "spurious_offline_rate",
    "missed_per_1000_closes", "ghost_agent_minutes", "ghosts_at_end",
]


def fmt(m):
    if m is None:
        return "—"
    if not m.get("defined", True):
        return "undefined"
    e = m["estimate"]
    if e is None:
        return "undefined"
    unit = m.get("unit", "")
    if unit.startswith("fraction"):
        return f"{100 * e:.1f}%"
    if abs(e) >= 100:
        return f"{e:,.0f}"
    return f"{e:.3g}"


def moved(a, b):
    if a is None or b is None:
        return a is not b
    if a.get("exact") or b.get("exact") or None in (a.get("lo"), a.get("hi"), b.get("lo"), b.get("hi")):
        return a.get("estimate") != b.get("estimate")
    return a["hi"] < b["lo"] or b["hi"] < a["lo"]


def main(argv):
    steps = []
    for arg in argv:
        label, _, path = arg.partition("=")
        with open(path) as f:
            d = json.load(f)
        steps.append((label, {s["name"]: s for s in d["scenarios"]}))
    names = list(steps[0][1].keys())
    for _, sc in steps[1:]:
        names += [n for n in sc if n not in names]
    header = ["scenario", "metric"] + [label for label, _ in steps] + ["moved by"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for n in names:
        for metric in HEADLINE:
            vals = [sc.get(n, {}).get("metrics", {}).get(metric) for _, sc in steps]
            if all(v is None for v in vals):
                continue
            first = next(i for i, v in enumerate(vals) if v is not None)
            if first > 0:
                by = ["new scenario in " + steps[first][0]]
                if metric not in ("ghost_rate", "missed_per_1000_closes", "ghost_agent_minutes"):
                    continue
            else:
                by = [steps[i][0] for i in range(1, len(steps)) if moved(vals[i - 1], vals[i])]
            if not by:
                continue
            print("| " + " | ".join([n, metric] + [fmt(v) for v in vals] + [", ".join(by)]) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
