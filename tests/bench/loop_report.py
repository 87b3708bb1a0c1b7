#!/usr/bin/env python3
"""The markdown table of tests/bench/loop.sh's measurements.

Usage: loop_report.py build/bench/loop.jsonl
Per step and mode: the deps and package derivations' wall times inside one
`nix-build` of the service, the whole nix-build, cargo's own time in the
package (its "Finished … in" line), the time around cargo in the package
derivation (inherit, install, Nix: package drv − cargo), heirloom's inherit
and install as it reported them, and the floor (plain cargo outside Nix).
"""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
names = {"1": "cold", "2": "add anyhow", "3": "change a constant", "4": "edit README.md",
         "5": "snapshot's state, base", "6": "add anyhow, base", "7": "change a constant, base",
         "8": "enable a feature (tokio fs), base", "9": "remove a dependency (sha2), base",
         "10": "upgrade a dependency (heirloom-fixture-mid), base"}
floor = {r["step"]: r["package_s"] for r in rows if r["mode"] == "floor"}
# Over the base, steps 6 and 7 make the edits of 2 and 3: the same floor.
for step, same in (("6", "2"), ("7", "3")):
    if same in floor:
        floor.setdefault(step, floor[same])


def ratio(total, fl):
    return "-" if fl is None or fl < 1 else f"{total / fl:.2f}"


def s(v):
    return "-" if v is None else f"{v:.2f}"


print("| step | mode | nix-build s | deps drv s | package drv s | cargo in package s | around cargo s | inherit s | deps install s | floor s | × floor |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for step in map(str, range(1, 11)):
    for r in rows:
        if r["step"] != step or r["mode"] == "floor":
            continue
        deps = s(r["deps_s"]) if r["deps_built"] else "not built"
        pkg = s(r["package_s"]) if r["package_built"] else "not built"
        around = r["package_s"] - r["package_cargo_s"] if r["package_built"] and r["package_cargo_s"] is not None else None
        print(f"| {step} {names[step]} | {r['mode']} | {r['total_s']:.2f} | {deps} | {pkg} | {s(r['package_cargo_s'])} "
              f"| {s(around)} | {s(r['inherit_s'])} | {s(r['deps_install_s'])} | {s(floor.get(step))} "
              f"| {ratio(r['total_s'], floor.get(step))} |")
