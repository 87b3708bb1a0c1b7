"""Reads cargo's --message-format json output and says which units were
rebuilt. Usage: cargo_report.py MESSAGES [--workspace-root DIR]
Prints one line per compiled unit: "<fresh|rebuilt> <package name> <target kind>".
"""
import json
import sys

for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    m = json.loads(line)
    if m.get("reason") != "compiler-artifact":
        continue
    name = m["target"]["name"]
    kind = ",".join(m["target"]["kind"])
    print(("fresh" if m["fresh"] else "rebuilt"), name, kind)
