#!/usr/bin/env python3
"""Measures what the rustc shim adds to each rustc call.

Runs the same rustc invocations directly and through the shim, alternating
(A B A B ...) in one run so that machine noise hits both alike, and prints
min/median/max per variant and the median difference. Two invocations:
`rustc -vV` (a probe: passes straight through) and a no-op compile of an
empty library with cargo-like arguments (the shim predicts and checks its
outputs). Usage: shim_overhead.py SHIM RUSTC [ROUNDS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

shim, rustc = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 200
work = tempfile.mkdtemp(prefix="heirloom-shim-bench-")
lib = os.path.join(work, "lib.rs")
open(lib, "w").write("")
compile_args = ["--crate-name", "empty", "--edition=2021", lib, "--crate-type", "lib",
                "--emit=dep-info,metadata", "-C", "extra-filename=-0", "--out-dir", work]
env = dict(os.environ, HEIRLOOM_RUSTC=rustc)


def timed(argv):
    t0 = time.perf_counter_ns()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter_ns() - t0) / 1e6


results = {}
for name, args, n in (("rustc -vV", ["-vV"], rounds), ("no-op compile", compile_args, max(20, rounds // 4))):
    direct, shimmed = [], []
    for _ in range(3):  # warm the page cache
        timed([rustc] + args); timed([shim] + args)
    for _ in range(n):
        direct.append(timed([rustc] + args))
        shimmed.append(timed([shim] + args))
    results[name] = (direct, shimmed)

print(f"{'call':<16}{'variant':<9}{'min ms':>9}{'median':>9}{'max':>9}")
for name, (direct, shimmed) in results.items():
    for label, xs in (("direct", direct), ("shim", shimmed)):
        print(f"{name:<16}{label:<9}{min(xs):9.3f}{statistics.median(xs):9.3f}{max(xs):9.3f}")
    diff = statistics.median(shimmed) - statistics.median(direct)
    ratio = statistics.median(shimmed) / statistics.median(direct)
    print(f"{name:<16}added by the shim: {diff:+.3f} ms per call (ratio {ratio:.3f}, {len(direct)} pairs)")
