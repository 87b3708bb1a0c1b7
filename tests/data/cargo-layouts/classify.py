"""Lists a cargo target dir as heirloom must treat it, one line per file:
"<expected action> <class> <x|-> <path>", sorted by path. The action comes
from what cargo said it built, not from heirloom's policy:
  product      a file cargo's compiler-artifact messages name (rlib, rmeta,
               so, executable) or a hard link of one (cargo uplifts by
               hard-linking): link
  out-dir      below a build-script-executed message's out_dir: materialize
  fingerprint  below .fingerprint/ (old layout) or a unit's fingerprint/
               (new layout): materialize
  run-record   a build script run's output|stdout, stderr, root-output,
               invoked.timestamp: materialize
  product-unhashed  a product directly in a new-layout unit's out/ named
               without the unit hash (a bin: build/app/<hash>/out/app), other
               than cargo's build-script-build link: materialize, because an
               OUT_DIR (the same path shape) may hold executables its build
               script rewrites
  dep-info     *.d not named by cargo as a product: materialize
  root         a file in the target dir root (CACHEDIR.TAG): materialize
  rustc-info   .rustc_info.json: never packed (skip)
  lock         cargo's lock files (.cargo-lock, .cargo-*-lock, a unit's
               .lock): skip
  unknown      none of these (the script fails: a new file class to study)
Usage: classify.py TARGET_DIR MESSAGES.json..."""
import json
import os
import re
import sys

target = os.path.realpath(sys.argv[1])
products, out_dirs = set(), set()
for messages in sys.argv[2:]:
    for line in open(messages):
        if not line.startswith("{"):
            continue
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact":
            products.update(os.path.realpath(f) for f in m["filenames"])
            if m.get("executable"):
                products.add(os.path.realpath(m["executable"]))
        elif m.get("reason") == "build-script-executed":
            out_dirs.add(os.path.realpath(m["out_dir"]))

files = []
for dirpath, _, names in os.walk(target):
    for n in names:
        files.append(os.path.join(dirpath, n))
product_inodes = {os.stat(p).st_ino for p in products if p.endswith((".rlib", ".rmeta", ".so")) or os.access(p, os.X_OK)}


def new_layout_unit_out(parts):
    """The unit hash of <profile>/build/<pkg>/<hash>/out/<file>, else None."""
    if len(parts) >= 5 and parts[-2] == "out" and parts[-5] == "build" and re.fullmatch("[0-9a-f]{16}", parts[-3]):
        return parts[-3]
    return None


def classify(path, rel):
    base = os.path.basename(rel)
    parts = rel.split("/")
    if base == ".cargo-lock" or (base.startswith(".cargo-") and base.endswith("-lock")) or base == ".lock":
        return "skip", "lock"
    if rel == ".rustc_info.json":
        return "skip", "rustc-info"
    if any(path.startswith(d + "/") for d in out_dirs):
        return "materialize", "out-dir"
    if ".fingerprint" in parts[:-1] or (len(parts) >= 5 and parts[-2] == "fingerprint"):
        return "materialize", "fingerprint"
    if base in ("output", "stdout", "stderr", "root-output", "invoked.timestamp"):
        return "materialize", "run-record"
    if os.stat(path).st_ino in product_inodes and not base.endswith(".d"):
        unit = new_layout_unit_out(parts)
        if unit and base != "build-script-build" and "-" + unit not in base:
            return "materialize", "product-unhashed"
        return "link", "product"
    if base.endswith(".d"):
        return "materialize", "dep-info"
    if len(parts) == 1:
        return "materialize", "root"
    return None, "unknown"


lines, unknown = [], []
for path in files:
    rel = os.path.relpath(path, target)
    action, cls = classify(path, rel)
    if action is None:
        unknown.append(rel)
    x = "x" if os.access(path, os.X_OK) else "-"
    lines.append(f"{action} {cls} {x} {rel}")
if unknown:
    sys.exit("classify.py: files of no known class: " + ", ".join(unknown[:10]))
print("\n".join(sorted(lines, key=lambda l: l.split(" ", 3)[3])))
