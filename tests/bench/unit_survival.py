#!/usr/bin/env python3
"""How many of a build's dependency units keep their unit hash after an edit.

Usage: unit_survival.py BEFORE.json AFTER.json EDIT
BEFORE and AFTER are cargo's --message-format json of two builds of one
workspace, AFTER run in BEFORE's target dir. A unit is one compiler-artifact
message; its identity is its file names below target/ (they carry the unit hash). Prints
one JSON line: the dependency units before, after, how many of the earlier
ones AFTER found fresh under the same names, and the units cargo compiled
(the workspace's own listed apart).
"""
import json
import sys


def units(path):
    out = []
    for line in open(path):
        if not line.startswith("{"):
            continue
        m = json.loads(line)
        if m.get("reason") != "compiler-artifact":
            continue
        local = m["package_id"].split(" ")[-1].startswith("(path+")
        pkg = m["package_id"].split(" ")[0]
        out.append({"name": m["target"]["name"] if m["target"]["name"] == pkg.replace("-", "_") or m["target"]["name"] == pkg else pkg + ":" + m["target"]["name"], "kind": ",".join(m["target"]["kind"]),
                    "files": tuple(sorted(f.split("/target/", 1)[-1] for f in m["filenames"])), "fresh": m["fresh"], "local": local})
    return out


before, after, edit = units(sys.argv[1]), units(sys.argv[2]), sys.argv[3]
deps_before = [u for u in before if not u["local"]]
deps_after = [u for u in after if not u["local"]]
fresh_files = {u["files"] for u in deps_after if u["fresh"]}
kept = [u for u in deps_before if u["files"] in fresh_files]
compiled = sorted(f"{u['name']}({u['kind']})" for u in deps_after if not u["fresh"])
print(json.dumps({
    "edit": edit,
    "dep_units_before": len(deps_before),
    "dep_units_after": len(deps_after),
    "kept": len(kept),
    "kept_pct": round(100.0 * len(kept) / len(deps_before), 1),
    "compiled_deps": compiled,
    "compiled_workspace": sorted(u["name"] for u in after if u["local"] and not u["fresh"]),
}))
