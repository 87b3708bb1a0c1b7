#!/usr/bin/env python3
"""Every inheritance mode side by side, on one target dir, in one run.

Measures, alternating the contenders round by round (A B C … A B C …) so
that machine noise hits them alike:
  inherit  heirloom unpack (symlinks; zstd; zstd as a two-layer .prev chain)
           against the classic approaches re-implemented in shell (rsync of
           the rest + per-file `ln -s` of rlib/rmeta; `cp -r --dereference`;
           `zstd -d | tar -x`; GNU tar and bsdtar of a plain symlink tarball),
           the floor (only mkdir, symlink and copy syscalls for heirloom's
           policy: inside the process and as a whole process), and a bare walk;
  install  heirloom pack in both modes, with and without a previous layer,
           against `cmp` + `ln -s` per file, `tar | zstd -T0`, and `tar -cf`
           of a symlink tree;
  shim     the rustc shim's added time per call;
  memory   heirloom's peak RSS per command.
Prints tables and the targets' ratios, writes bench.json and bench.png.

Usage (root, from the repository root, after tools/setup.sh):
  tests/bench/bench.py [--project DIR] [--fs tmpfs,ext4] [--rounds N] [--out DIR] [--layouts]
--project: a cargo project whose `cargo build --release` target dir is the
subject (default: examples/service, offline from Debian's crates).
--layouts: instead of the full run, only heirloom's inherit and install of
the project's target dir in cargo's old layout and in the per-unit layout of
-Zbuild-dir-new-layout (cargo 1.95, RUSTC_BOOTSTRAP=1), alternated round by
round on the first --fs.
--fs: where to run: `tmpfs` (a fresh tmpfs), `ext4` (a loop-mounted ext4 with
a journal), or `dir:PATH` (an existing directory, as is).
"""
import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
HEIRLOOM = os.path.join(BUILD, "heirloom")
# crane's use-zstd install (lib/setupHooks/installCargoArtifactsHook.sh): tar's flags, then zstd -T0 at its default level 3.
CRANE_TAR = ("tar --sort=name --mtime=@1 --owner=0 --group=0 --mode=u+w --numeric-owner "
             "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime")
SHIM = os.path.join(BUILD, "src", "rustc-shim", "rustc")
FLOOR = os.path.join(BUILD, "tests", "heirloom-bench-floor")


def die(msg):
    print(f"bench: error: {msg}", file=sys.stderr)
    sys.exit(1)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


def store_name(label):
    """A well-formed store path name: 32 base-32 characters, a dash, the label."""
    digest = hashlib.sha256(label.encode()).digest()
    alphabet = "0123456789abcdfghijklmnpqrsvwxyz"
    return "".join(alphabet[b % 32] for b in digest[:32]) + "-" + label


def run_timed(argv, env=None):
    """Runs argv (a list, or a shell string); returns (seconds, peak RSS KiB, stdout)."""
    if isinstance(argv, str):
        argv = ["bash", "-c", "set -euo pipefail; " + argv]
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    # (communicate has reaped it; rusage of the finished child comes from wait4 below when possible)
    seconds = time.perf_counter() - t0
    if p.returncode != 0:
        die(f"{argv!r} failed ({p.returncode}): {err.decode(errors='replace').strip()[-400:]}")
    return seconds, None, out.decode()


# Linux keeps a process's peak RSS across exec, so wait4's figure for a child
# forked from this (Python) process is never below Python's own RSS at the
# fork. The memory pass therefore runs each command once more under GNU time
# (a small process forks it) and takes its %M.
RSS_PASS = False


def run_measured(argv):
    """Like run_timed, with the child's own peak RSS (wait4; GNU time's in the memory pass)."""
    if RSS_PASS:
        with tempfile.NamedTemporaryFile("r") as f:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f.name] + argv, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return 0.0, int(f.read().split()[-1])
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        die(f"{' '.join(argv)} failed with status {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_maxrss


def rmtree(path):
    if os.path.lexists(path):
        sh(["chmod", "-R", "u+w", path], stderr=subprocess.DEVNULL)
        shutil.rmtree(path)


def build_project_target(project, layout="old"):
    """The project's release target dir, built once and cached under build/bench.
    layout "new": cargo's per-unit build dir (-Zbuild-dir-new-layout)."""
    key = hashlib.sha256(os.path.abspath(project).encode()).hexdigest()[:12] + ("-new" if layout == "new" else "")
    cache = os.path.join(BUILD, "bench", f"target-{key}")
    if os.path.exists(os.path.join(cache, ".complete")):
        return os.path.join(cache, "target")
    rmtree(cache)
    os.makedirs(cache)
    print(f"bench: building {project} (cargo build --release) once into {cache}", file=sys.stderr)
    cmd = ["cargo", "--config", os.path.join(ROOT, "tests/lib/debian-registry.toml"), "build", "--release", "--quiet"]
    if project != os.path.join(ROOT, "examples/service"):
        cmd = ["cargo", "build", "--release", "--quiet"]
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(cache, "target"), CARGO_INCREMENTAL="0")
    if layout == "new":
        env.update(RUSTC_BOOTSTRAP="1", CARGO_UNSTABLE_BUILD_DIR_NEW_LAYOUT="true")
    subprocess.run(cmd, cwd=project, env=env, check=True)
    # The lock files are never handed down; leave them out of the subject.
    for dirpath, _, files in os.walk(os.path.join(cache, "target")):
        for f in files:
            if f.startswith(".cargo-") and f.endswith("lock"):
                os.unlink(os.path.join(dirpath, f))
    open(os.path.join(cache, ".complete"), "w").close()
    return os.path.join(cache, "target")


class Place:
    """A file system to run on: a fresh tmpfs, a loop-mounted ext4, or a dir."""

    def __init__(self, spec, size=""):
        self.spec = spec
        self.mounts = []
        if spec == "tmpfs":
            self.path = tempfile.mkdtemp(prefix="heirloom-bench-tmpfs-")
            sh(["mount", "-t", "tmpfs", "-o", f"size={size or '6G'}", "tmpfs", self.path])
            self.mounts.append(self.path)
            self.label = "tmpfs"
        elif spec == "ext4":
            self.path = tempfile.mkdtemp(prefix="heirloom-bench-ext4-")
            self.image = self.path + ".img"
            sh(["truncate", "-s", size or "8G", self.image])
            sh(["mkfs.ext4", "-q", "-F", self.image])
            sh(["mount", "-o", "loop", self.image, self.path])
            self.mounts.append(self.path)
            self.label = "ext4 (loop, journaled)"
        elif spec.startswith("dir:"):
            base = spec[4:]
            os.makedirs(base, exist_ok=True)
            self.path = tempfile.mkdtemp(prefix="heirloom-bench-", dir=base)
            self.label = f"dir {base}"
        else:
            die(f"'{spec}': unknown --fs (tmpfs, ext4 or dir:PATH)")

    def close(self):
        for m in self.mounts:
            subprocess.run(["umount", m], check=False)
        if self.spec == "ext4":
            os.unlink(self.image)
        rmtree(self.path)


def summarize(xs):
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "n": len(xs)}


def memory_pass(fns, before):
    """Each heirloom command once more, for its peak RSS (see RSS_PASS)."""
    global RSS_PASS
    out = {}
    for name, fn in fns.items():
        before()
        RSS_PASS = True
        try:
            out[name] = fn()[1]
        finally:
            RSS_PASS = False
    return out


def dropped(contenders, skip):
    """contenders without those whose name contains one of `skip`'s strings."""
    return {k: v for k, v in contenders.items() if not any(x in k for x in skip)}


def bench_place(place, subject, rounds, install_rounds, skip_full_cmp=False, skip=()):
    p = place.path
    store = os.path.join(p, "store")
    os.makedirs(store)
    env = dict(os.environ, HEIRLOOM_STORE_DIR=store)
    hl = [HEIRLOOM]
    so = ["--store-dir", store, "--quiet"]

    def fresh_copy(dst):
        rmtree(dst)
        sh(["cp", "-a", subject, dst])

    # The outputs every inherit contender reads.
    deps = os.path.join(store, store_name("bench-deps"))
    fresh_copy(os.path.join(p, "in"))
    sh(hl + ["pack", "--target", os.path.join(p, "in"), "--out", deps] + so)
    deps_z = os.path.join(store, store_name("bench-deps-zstd"))
    fresh_copy(os.path.join(p, "in"))
    sh(hl + ["pack", "--mode", "zstd", "--target", os.path.join(p, "in"), "--out", deps_z] + so)
    # A second zstd layer: the subject with the workspace crate's outputs changed.
    fresh_copy(os.path.join(p, "in"))
    changed = 0
    for dirpath, _, files in os.walk(os.path.join(p, "in")):
        for f in files:
            if "service" in f or "heirloom_example" in f:
                with open(os.path.join(dirpath, f), "ab") as fh:
                    fh.write(b"\0")
                changed += 1
    chain_z = os.path.join(store, store_name("bench-pkg-zstd"))
    sh(hl + ["pack", "--mode", "zstd", "--prev", deps_z, "--target", os.path.join(p, "in"), "--out", chain_z] + so)
    rmtree(os.path.join(p, "in"))

    # The classic artifacts: a full tar.zst, and a plain symlink tree + tarball.
    classic = os.path.join(p, "classic")
    os.makedirs(classic)
    sh(f"tar -C '{deps}' -cf - target | zstd -q -T0 -3 -o '{classic}/target.tar.zst'")
    symtree = os.path.join(classic, "symtree")
    os.makedirs(symtree)
    sh(["cp", "-rs", os.path.join(deps, "target"), os.path.join(symtree, "target")])
    sh(["tar", "-C", symtree, "-cf", os.path.join(classic, "symtree.tar"), "target"])
    sh(f"cd '{deps}' && {CRANE_TAR} -c target | zstd -q -T0 -o '{classic}/crane.tar.zst'")

    # The floor's plan, from what heirloom makes of the symlinks output.
    ref = os.path.join(p, "ref")
    sh(hl + ["unpack", "--from", deps, "--target", ref] + so)
    plan_path = os.path.join(p, "floor.plan")
    counts = {"d": 0, "l": 0, "c": 0}
    with open(plan_path, "w") as plan:
        for dirpath, dirs, files in os.walk(ref):
            rel = os.path.relpath(dirpath, ref)
            rel = "" if rel == "." else rel + "/"
            for d in sorted(dirs):
                plan.write(f"d {rel}{d}\n")
                counts["d"] += 1
            for f in sorted(files):
                full = os.path.join(dirpath, f)
                if os.path.islink(full):
                    plan.write(f"l {rel}{f}\t{os.readlink(full)}\n")
                    counts["l"] += 1
                else:
                    plan.write(f"c {rel}{f}\t{os.path.join(deps, 'target', rel + f)}\n")
                    counts["c"] += 1
    rmtree(ref)
    tree = {"files": counts["l"] + counts["c"], "dirs": counts["d"], "links": counts["l"], "copies": counts["c"],
            "bytes": int(sh(["du", "-sb", os.path.join(deps, "target")], capture_output=True).stdout.split()[0]),
            "zstd_bytes": os.path.getsize(os.path.join(classic, "target.tar.zst"))}
    tree["heirloom_zstd_bytes"] = os.path.getsize(os.path.join(deps_z, "target.tar.zst"))
    tree["crane_zstd_bytes"] = os.path.getsize(os.path.join(classic, "crane.tar.zst"))

    src = os.path.join(deps, "target")
    target = os.path.join(p, "run", "target")
    os.makedirs(os.path.dirname(target))
    floor_inner = []

    def floor_run():
        s, rss = run_measured([FLOOR, plan_path, target])
        return s, rss

    inherit = {
        "heirloom unpack, symlinks": lambda: run_measured(hl + ["unpack", "--from", deps, "--target", target] + so),
        "heirloom unpack, symlinks, --jobs 1": lambda: run_measured(
            hl + ["unpack", "--jobs", "1", "--from", deps, "--target", target] + so),
        "heirloom unpack, zstd": lambda: run_measured(hl + ["unpack", "--from", deps_z, "--target", target] + so),
        "heirloom unpack, zstd .prev chain (2 layers)": lambda: run_measured(hl + ["unpack", "--from", chain_z, "--target", target] + so),
        "shell: rsync + per-file ln -s of rlib/rmeta": lambda: run_timed(
            f"mkdir -p '{target}'; rsync -a --exclude='*.rlib' --exclude='*.rmeta' '{src}/' '{target}/'; chmod -R u+w '{target}'; "
            f"cd '{src}'; find . -type f \\( -name '*.rlib' -o -name '*.rmeta' \\) | while read -r f; do "
            f"mkdir -p \"{target}/$(dirname \"$f\")\"; ln -s \"{src}/$f\" \"{target}/$f\"; done")[:2],
        "cp -r --dereference": lambda: run_timed(["cp", "-r", "--dereference", src, target])[:2],
        "crane: zstd -d | tar -x (its use-zstd inherit)": lambda: run_timed(
            f"mkdir '{target}'; zstd -d -q -c '{classic}/crane.tar.zst' | tar -x -C '{target}' --strip-components=1")[:2],
        "zstd -d | tar -x (full archive)": lambda: run_timed(
            f"mkdir '{target}'; zstd -d -q -c '{classic}/target.tar.zst' | tar -x -C '{target}'")[:2],
        "GNU tar -xf, symlink tarball": lambda: run_timed(f"mkdir '{target}'; tar -xf '{classic}/symtree.tar' -C '{target}'")[:2],
        "bsdtar -xf, symlink tarball": lambda: run_timed(f"mkdir '{target}'; bsdtar -xf '{classic}/symtree.tar' -C '{target}'")[:2],
        "floor, whole process": floor_run,
        "walk: find -printf ''": lambda: run_timed(["find", src, "-printf", ""])[:2],
    }
    if skip_full_cmp:  # at tens of thousands of files: minutes a round, and nothing the targets ask
        del inherit["shell: rsync + per-file ln -s of rlib/rmeta"]
    inherit = dropped(inherit, skip)
    results = {name: [] for name in inherit}
    rss = {}
    results["floor, syscalls only"] = []
    print(f"bench [{place.label}]: inherit, {rounds} rounds of {len(inherit)} contenders", file=sys.stderr)
    for _ in range(rounds):
        for name, fn in inherit.items():
            rmtree(target)
            if name == "floor, whole process":
                t0 = time.perf_counter()
                out = subprocess.run([FLOOR, plan_path, target], check=True, capture_output=True, text=True).stdout
                results[name].append(time.perf_counter() - t0)
                results["floor, syscalls only"].append(float(out.split()[1]))
                continue
            seconds, peak = fn()
            results[name].append(seconds)
    rss.update(memory_pass({k: v for k, v in inherit.items() if k.startswith("heirloom")}, lambda: rmtree(target)))
    rmtree(target)

    # install: each run packs a fresh copy of the subject (the copy is not timed).
    inp = os.path.join(p, "run", "in")
    out = os.path.join(p, "run", "out")
    prev_target = os.path.join(deps, "target")

    def pack(mode, prev, extra=()):
        def fn():
            fresh_copy(inp)
            rmtree(out)
            argv = hl + ["pack", "--mode", mode, "--target", inp, "--out", out] + so + list(extra)
            if prev:
                argv += ["--prev", prev]
            return run_measured(argv)
        return fn

    def classic(cmd):
        def fn():
            fresh_copy(inp)
            rmtree(out)
            os.makedirs(out)
            return run_timed(cmd)[:2]
        return fn

    def symlink_tree_tar():
        rmtree(out)
        os.makedirs(out)
        return run_timed(["tar", "-C", symtree, "-cf", os.path.join(out, "symlinks.tar"), "target"])[:2]

    # The tree a package build leaves: inherited from deps (links and
    # copies), with the workspace crate's outputs rebuilt (rewritten).
    inherited = os.path.join(p, "inherited")
    sh(hl + ["unpack", "--from", deps, "--target", inherited] + so)
    for dirpath, _, files in os.walk(inherited):
        for f in files:
            if "service" in f or "heirloom_example" in f:
                full = os.path.join(dirpath, f)
                data = open(full, "rb").read() + b"\0"
                os.unlink(full)
                with open(full, "wb") as fh:
                    fh.write(data)

    def fresh_inherited():
        rmtree(inp)
        sh(["cp", "-a", inherited, inp])
        rmtree(out)

    def pack_inherited():
        fresh_inherited()
        return run_measured(hl + ["pack", "--target", inp, "--out", out, "--prev", deps] + so)

    def classic_inherited():
        fresh_inherited()
        os.makedirs(out)
        return run_timed(
            f"cd '{inp}'; find . -type f -o -type l | while read -r f; do "
            f"if cmp -s \"$f\" \"{prev_target}/$f\"; then ln -sf \"{prev_target}/$f\" \"$f\"; fi; done; "
            f"tar -cf '{out}/symlinks.tar' .")[:2]

    install = {
        "heirloom pack, symlinks, --prev, inherited tree": pack_inherited,
        "shell: cmp + ln -s per file, inherited tree": classic_inherited,
        "heirloom pack, symlinks": pack("symlinks", None),
        "heirloom pack, symlinks, --jobs 1": pack("symlinks", None, ["--jobs", "1"]),
        "heirloom pack, symlinks, --prev": pack("symlinks", deps),
        "heirloom pack, zstd": pack("zstd", None),
        "heirloom pack, zstd, --prev": pack("zstd", deps_z),
        "shell: cmp + ln -s per file against the previous layer": classic(
            f"cd '{inp}'; find . -type f | while read -r f; do "
            f"if cmp -s \"$f\" \"{prev_target}/$f\"; then ln -sf \"{prev_target}/$f\" \"$f\"; fi; done; "
            f"tar -cf '{out}/symlinks.tar' ."),
        "tar | zstd -T0 (full)": classic(f"tar -C '{inp}' -cf - . | zstd -q -T0 -3 -o '{out}/target.tar.zst'"),
        "crane: tar --sort=name … | zstd -T0 (its use-zstd install)": classic(
            f"cd '{os.path.dirname(inp)}' && {CRANE_TAR} -c '{os.path.basename(inp)}' | zstd -q -T0 -o '{out}/target.tar.zst'"),
        "tar -cf of a symlink tree": symlink_tree_tar,
    }
    if skip_full_cmp:  # at tens of thousands of files: the inherited-tree variant only
        del install["shell: cmp + ln -s per file against the previous layer"]
    install = dropped(install, skip)
    iresults = {name: [] for name in install}
    print(f"bench [{place.label}]: install, {install_rounds} rounds of {len(install)} contenders", file=sys.stderr)
    for _ in range(install_rounds):
        for name, fn in install.items():
            seconds, peak = fn()
            iresults[name].append(seconds)
    rss.update(memory_pass({k: v for k, v in install.items() if k.startswith("heirloom")}, lambda: None))
    rmtree(inp)
    rmtree(out)
    rmtree(inherited)

    # Peak memory of inspect as well.
    rss.update(memory_pass({
        "heirloom inspect": lambda: run_measured(hl + ["inspect", deps, "--store-dir", store]),
        "heirloom inspect, zstd": lambda: run_measured(hl + ["inspect", deps_z, "--store-dir", store])}, lambda: None))
    return {"fs": place.label, "tree": tree, "changed_in_layer_2": changed,
            "inherit": {k: summarize(v) for k, v in results.items()},
            "install": {k: summarize(v) for k, v in iresults.items()},
            "peak_rss_kib": rss}


def bench_shim(rounds):
    """The shim's added time per call. rustc itself takes ~40 ms and varies by
    more than the effect, so the exact figure comes from a program that
    exits at once (/bin/true as HEIRLOOM_RUSTC): direct, through the shim,
    and through the floor's --exec mode (a static binary that only execs: the
    least any exec-based wrapper can add)."""
    rustc = shutil.which("rustc", path="/usr/bin") or die("rustc is missing: apt-get install rustc")
    variants = {
        "rustc -vV": ([rustc, "-vV"], dict(os.environ)),
        "rustc -vV through the shim": ([SHIM, "-vV"], dict(os.environ, HEIRLOOM_RUSTC=rustc)),
        "/bin/true": (["/bin/true", "-vV"], dict(os.environ)),
        "/bin/true through the shim": ([SHIM, "-vV"], dict(os.environ, HEIRLOOM_RUSTC="/bin/true")),
        "/bin/true through an exec-only program": ([FLOOR, "--exec", "/bin/true", "-vV"], dict(os.environ)),
    }
    times = {k: [] for k in variants}
    for i in range(rounds + 5):
        for name, (argv, env) in variants.items():
            t = run_timed(argv, env)[0]
            if i >= 5:  # the first rounds warm the page cache
                times[name].append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"variants": {k: summarize(v) for k, v in times.items()}, "rounds": rounds,
            "added_ms": (med["/bin/true through the shim"] - med["/bin/true"]) * 1e3,
            "added_rustc_ms": (med["rustc -vV through the shim"] - med["rustc -vV"]) * 1e3,
            "exec_floor_ms": (med["/bin/true through an exec-only program"] - med["/bin/true"]) * 1e3}


def ms(x):
    return f"{x * 1e3:.1f}"


def report(res):
    lines = []
    for r in res["places"]:
        t = r["tree"]
        lines.append(f"\n### {r['fs']}: {t['files']} files ({t['links']} linked, {t['copies']} copied), "
                     f"{t['dirs']} dirs, {t['bytes'] / 1e6:.0f} MB\n")
        floor = r["inherit"]["floor, syscalls only"]["median"]
        for section in ("inherit", "install"):
            lines.append(f"| {section} | min ms | median ms | max ms | × floor |" if section == "inherit"
                         else f"| {section} | min ms | median ms | max ms | |")
            lines.append("|---|---|---|---|---|")
            for name, s in sorted(r[section].items(), key=lambda kv: kv[1]["median"]):
                ratio = f"{s['median'] / floor:.2f}" if section == "inherit" else ""
                lines.append(f"| {name} | {ms(s['min'])} | {ms(s['median'])} | {ms(s['max'])} | {ratio} |")
            lines.append("")
        lines.append("| command | peak RSS MiB |")
        lines.append("|---|---|")
        for name, kib in sorted(r["peak_rss_kib"].items()):
            lines.append(f"| {name} | {kib / 1024:.1f} |")
        lines.append("")
        lines.append("| target | measured | met |")
        lines.append("|---|---|---|")
        for name, value, ok in r["targets"]:
            lines.append(f"| {name} | {value} | {'yes' if ok else 'no'} |")
    s = res["shim"]
    if not s:
        return "\n".join(lines)
    lines.append(f"\n| rustc shim ({s['rounds']} alternating rounds) | min ms | median ms | max ms |")
    lines.append("|---|---|---|---|")
    for name, v in s["variants"].items():
        lines.append(f"| {name} | {ms(v['min'])} | {ms(v['median'])} | {ms(v['max'])} |")
    lines.append(f"\nshim: {s['added_ms']:+.2f} ms per call (exec-only program: {s['exec_floor_ms']:+.2f} ms; "
                 f"with rustc, noisier: {s['added_rustc_ms']:+.2f} ms); target < 0.5 ms: "
                 f"{'met' if s['added_ms'] < 0.5 else 'missed'}")
    return "\n".join(lines)


def targets(r):
    i, n = r["inherit"], r["install"]
    # A contender left out (--skip) makes its targets' ratios NaN; those rows are dropped below.
    med = lambda d, k: d[k]["median"] if k in d else float("nan")
    hs = med(i, "heirloom unpack, symlinks")
    floor_same_policy = med(i, "floor, syscalls only")
    out = []
    x = hs / floor_same_policy
    out.append(("inherit (symlinks) within 1.5× of the floor (syscalls only)", f"{x:.2f}×", x <= 1.5))
    if "shell: rsync + per-file ln -s of rlib/rmeta" in i:
        x = med(i, "shell: rsync + per-file ln -s of rlib/rmeta") / hs
        out.append(("inherit ≥ 15× faster than the per-file shell approach", f"{x:.1f}×", x >= 15))
    x = med(i, "GNU tar -xf, symlink tarball") / hs
    out.append(("inherit faster than GNU tar of a symlink tarball", f"{x:.2f}×", x > 1))
    if "shell: cmp + ln -s per file against the previous layer" in n:
        x = med(n, "shell: cmp + ln -s per file against the previous layer") / med(n, "heirloom pack, symlinks, --prev")
        out.append(("install with --prev ≥ 50× faster than cmp per file (a full copy: every byte compared)", f"{x:.1f}×", x >= 50))
    x = med(n, "shell: cmp + ln -s per file, inherited tree") / med(n, "heirloom pack, symlinks, --prev, inherited tree")
    out.append(("install with --prev ≥ 50× faster than cmp per file (an inherited tree, as in Nix)", f"{x:.1f}×", x >= 50))
    x = med(n, "tar | zstd -T0 (full)") / med(n, "heirloom pack, zstd")
    out.append(("zstd install ≥ 1.3× faster than tar | zstd -T0", f"{x:.2f}×", x >= 1.3))
    x = med(i, "zstd -d | tar -x (full archive)") / med(i, "heirloom unpack, zstd")
    out.append(("zstd inherit ≥ 1.3× faster than zstd -d | tar -x", f"{x:.2f}×", x >= 1.3))
    x = med(n, "crane: tar --sort=name … | zstd -T0 (its use-zstd install)") / med(n, "heirloom pack, zstd")
    out.append(("zstd install ≥ 1.5× faster than crane's tar | zstd (same level)", f"{x:.2f}×", x >= 1.5))
    x = med(i, "crane: zstd -d | tar -x (its use-zstd inherit)") / med(i, "heirloom unpack, zstd")
    out.append(("zstd inherit ≥ 1.5× faster than crane's zstd -d | tar -x", f"{x:.2f}×", x >= 1.5))
    t = r["tree"]
    x = t["heirloom_zstd_bytes"] / t["crane_zstd_bytes"]
    out.append(("zstd archive within 2% of crane's", f"{(x - 1) * 100:+.1f}% ({t['heirloom_zstd_bytes'] / 1e6:.1f} MB "
                f"against {t['crane_zstd_bytes'] / 1e6:.1f} MB)", abs(x - 1) <= 0.02))
    for name, kib in sorted(r["peak_rss_kib"].items()):
        if name.startswith("heirloom") and "zstd" not in name:
            out.append((f"peak RSS ≤ 64 MiB: {name}", f"{kib / 1024:.1f} MiB", kib <= 64 * 1024))
    x = t["heirloom_zstd_bytes"] / t["zstd_bytes"]
    out.append(("zstd archive no more than 5% larger than tar | zstd -3", f"{(x - 1) * 100:+.1f}%", x <= 1.05))
    return [row for row in out if "nan" not in row[1]]


def chart(res, path):
    if not shutil.which("gnuplot"):
        die("gnuplot is missing: apt-get install gnuplot-nox")
    data = path + ".dat"
    rows = []
    for r in res["places"]:
        for section in ("inherit", "install"):
            for name, s in r[section].items():
                rows.append((f"{section}: {name} [{r['fs'].split()[0]}]", s["median"] * 1e3))
    rows.sort(key=lambda x: x[1])
    with open(data, "w") as f:
        for i, (name, v) in enumerate(rows):
            f.write(f'{i} {v:.3f} "{name}"\n')
    script = f"""
set terminal pngcairo size 1400,{200 + 22 * len(rows)} font ",10"
set output "{path}"
set title "heirloom benchmark: median ms (log scale), lower is better"
set logscale x
set xlabel "ms"
set ytics nomirror
set grid xtics
set style fill solid 0.6
set yrange [-1:{len(rows)}]
set xrange [0.5:*]
plot "{data}" using 2:1:(0.5):2:($1-0.35):($1+0.35):ytic(3) with boxxyerror notitle lc rgb "#3465a4", \
     "{data}" using 2:1:(sprintf("%.1f", $2)) with labels left offset 0.5,0 notitle
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(data)


def corpus_target(size, files, seed):
    """A tests/bench/corpus.py tree, written once and cached under build/bench."""
    import corpus
    cache = os.path.join(BUILD, "bench", f"corpus-{size}-{files}-{seed}")
    if os.path.exists(os.path.join(cache, ".complete")):
        return os.path.join(cache, "target")
    rmtree(cache)
    os.makedirs(cache)
    print(f"bench: writing the corpus ({size}, {files} files, seed {seed}) into {cache}", file=sys.stderr)
    corpus.write_tree(cache, corpus.parse_size(size), files, seed)
    open(os.path.join(cache, ".complete"), "w").close()
    return os.path.join(cache, "target")


def bench_scale(place, counts, bytes_per_file, seed, rounds, size_of):
    """pack, unpack (--jobs 1 and the default) and inspect of corpus trees of
    each file count (same bytes per file), alternated round by round; the
    cost per file shows whether a step is linear in the files."""
    p = place.path
    store = os.path.join(p, "store")
    os.makedirs(store)
    hl = [HEIRLOOM]
    so = ["--store-dir", store, "--quiet"]
    inp, out, target = (os.path.join(p, x) for x in ("in", "out", "target"))
    subjects, outputs = {}, {}
    for n in counts:
        subjects[n] = corpus_target(size_of(n), n, seed)
        rmtree(inp)
        sh(["cp", "-a", subjects[n], inp])
        outputs[n] = os.path.join(store, store_name(f"scale-{n}"))
        sh(hl + ["pack", "--target", inp, "--out", outputs[n]] + so)
    steps = {
        "pack": lambda n: (rmtree(inp), rmtree(out), sh(["cp", "-a", subjects[n], inp]),
                           run_measured(hl + ["pack", "--target", inp, "--out", out] + so))[-1],
        "pack --jobs 1": lambda n: (rmtree(inp), rmtree(out), sh(["cp", "-a", subjects[n], inp]),
                                    run_measured(hl + ["pack", "--jobs", "1", "--target", inp, "--out", out] + so))[-1],
        "unpack": lambda n: (rmtree(target), run_measured(hl + ["unpack", "--from", outputs[n], "--target", target] + so))[-1],
        "unpack --jobs 1": lambda n: (rmtree(target), run_measured(
            hl + ["unpack", "--jobs", "1", "--from", outputs[n], "--target", target] + so))[-1],
        "inspect": lambda n: run_measured(hl + ["inspect", outputs[n], "--store-dir", store]),
    }
    times = {(step, n): [] for step in steps for n in counts}
    rss = {}
    print(f"bench [{place.label}]: scale {counts}, {rounds} rounds of {len(times)}", file=sys.stderr)
    for _ in range(rounds):
        for n in counts:
            for step, fn in steps.items():
                times[step, n].append(fn(n)[0])
    for n in counts:
        for step, peak in memory_pass({s: (lambda f=f: f(n)) for s, f in steps.items()}, lambda: None).items():
            rss[step, n] = peak
    for d in (inp, out, target):
        rmtree(d)
    rows = []
    for step in steps:
        for n in counts:
            m = statistics.median(times[step, n])
            rows.append({"step": step, "files": n, "median_s": m, "min_s": min(times[step, n]),
                         "us_per_file": m / n * 1e6, "peak_rss_kib": rss[step, n]})
    return {"fs": place.label, "bytes_per_file": bytes_per_file, "rounds": rounds, "rows": rows}


def scale_report(r):
    counts = sorted({x["files"] for x in r["rows"]})
    lines = [f"### cost per file ({r['fs']}, {r['bytes_per_file'] / 1e3:.0f} kB per file, "
             f"median of {r['rounds']} rounds)", "",
             "| step | " + " | ".join(f"{n} files: ms, µs/file, RSS MiB" for n in counts) + " |",
             "|---|" + "---|" * len(counts)]
    for step in dict.fromkeys(x["step"] for x in r["rows"]):
        cells = []
        for n in counts:
            x = next(x for x in r["rows"] if x["step"] == step and x["files"] == n)
            cells.append(f"{x['median_s'] * 1e3:.0f}, {x['us_per_file']:.1f}, {x['peak_rss_kib'] / 1024:.1f}")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def scale_chart(r, path):
    data = path + ".dat"
    steps = list(dict.fromkeys(x["step"] for x in r["rows"]))
    with open(data, "w") as f:
        for step in steps:
            f.write(f'"{step}"\n')
            for x in r["rows"]:
                if x["step"] == step:
                    f.write(f"{x['files']} {x['us_per_file']:.3f}\n")
            f.write("\n\n")
    plots = ", ".join(f'"{data}" index {i} using 1:2 with linespoints lw 2 title "{s}"' for i, s in enumerate(steps))
    script = f"""
set terminal pngcairo size 1000,600 font ",10"
set output "{path}"
set title "heirloom cost per file, corpus trees of 1k-50k files ({r['fs']}, median); flat = linear in files"
set logscale x
set xlabel "files in the target dir"
set ylabel "µs per file"
set yrange [0:*]
set grid
set key top right
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(data)


def bench_layouts(place, subjects, rounds):
    """heirloom unpack and pack of each layout's tree, alternated round by round."""
    p = place.path
    store = os.path.join(p, "store")
    os.makedirs(store)
    hl = [HEIRLOOM]
    so = ["--store-dir", store, "--quiet"]
    inp = os.path.join(p, "in")
    out = os.path.join(p, "out")
    target = os.path.join(p, "target")
    outputs, trees, runs = {}, {}, {}
    for layout, subject in subjects.items():
        for mode in ("symlinks", "zstd"):
            rmtree(inp)
            sh(["cp", "-a", subject, inp])
            o = os.path.join(store, store_name(f"bench-{layout}-{mode}"))
            sh(hl + ["pack", "--mode", mode, "--target", inp, "--out", o] + so)
            outputs[layout, mode] = o
        files = sum(len(f) for _, _, f in os.walk(subject))
        trees[layout] = {"files": files, "bytes": int(sh(["du", "-sb", subject], capture_output=True).stdout.split()[0])}

    def unpack(layout, mode):
        def fn():
            rmtree(target)
            return run_measured(hl + ["unpack", "--from", outputs[layout, mode], "--target", target] + so)
        return fn

    def pack(layout, mode):
        def fn():
            rmtree(inp)
            rmtree(out)
            sh(["cp", "-a", subjects[layout], inp])
            return run_measured(hl + ["pack", "--mode", mode, "--target", inp, "--out", out] + so)
        return fn

    for layout in subjects:
        for mode in ("symlinks", "zstd"):
            runs[f"inherit, {mode}, {layout} layout"] = unpack(layout, mode)
            runs[f"install, {mode}, {layout} layout"] = pack(layout, mode)
    results = {name: [] for name in runs}
    print(f"bench [{place.label}]: layouts, {rounds} rounds of {len(runs)} contenders", file=sys.stderr)
    for _ in range(rounds):
        for name, fn in runs.items():
            results[name].append(fn()[0])
    for d in (inp, out, target):
        rmtree(d)
    return {"fs": place.label, "trees": trees, "runs": {k: summarize(v) for k, v in results.items()}}


def layouts_report(r):
    lines = [f"## old and new build-dir layout ({r['fs']})", ""]
    for layout, t in r["trees"].items():
        lines.append(f"- {layout} layout: {t['files']} files, {t['bytes'] / 1e6:.1f} MB")
    lines += ["", "| step | median ms | min | max |", "|---|---|---|---|"]
    for name, s in r["runs"].items():
        lines.append(f"| {name} | {s['median'] * 1e3:.1f} | {s['min'] * 1e3:.1f} | {s['max'] * 1e3:.1f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", default=os.path.join(ROOT, "examples/service"))
    ap.add_argument("--fs", default="tmpfs,ext4")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--install-rounds", type=int, default=5)
    ap.add_argument("--shim-rounds", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(BUILD, "bench"))
    ap.add_argument("--layouts", action="store_true")
    ap.add_argument("--corpus", metavar="SIZE:FILES",
                    help="the subject is a tests/bench/corpus.py tree (e.g. 3.6G:50000) instead of --project's")
    ap.add_argument("--scale", metavar="N,N,…",
                    help="instead of the full run: pack/unpack/inspect cost per file for corpus trees of N files "
                         "(bytes per file from --corpus, default 3.6G:50000), on the first --fs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", default="", metavar="TEXT,…",
                    help="leave out the contenders whose name contains one of these (e.g. 'cmp,rsync' at 3.6 GB)")
    ap.add_argument("--fs-size", default="", metavar="SIZE",
                    help="size of the tmpfs and of the ext4 image (default 6G and 8G); a 3.6 GB subject wants 24G")
    a = ap.parse_args()
    for exe, what in ((HEIRLOOM, "heirloom"), (SHIM, "the rustc shim"), (FLOOR, "the floor program")):
        if not os.access(exe, os.X_OK):
            die(f"'{exe}': {what} is not built: run tools/setup.sh (it builds into build/)")
    for tool, pkg in (("/usr/bin/time", "time"), ("rsync", "rsync"), ("bsdtar", "libarchive-tools"), ("zstd", "zstd"), ("gnuplot", "gnuplot-nox")):
        if not shutil.which(tool):
            die(f"'{tool}' is missing: apt-get install {pkg}")
    if any(s in ("tmpfs", "ext4") for s in a.fs.split(",")) and os.geteuid() != 0:
        die("--fs tmpfs/ext4 mount file systems: run as root, or pass --fs dir:PATH")
    os.makedirs(a.out, exist_ok=True)
    if a.layouts:
        subjects = {l: build_project_target(os.path.abspath(a.project), l) for l in ("old", "new")}
        place = Place(a.fs.split(",")[0], a.fs_size)
        try:
            r = bench_layouts(place, subjects, a.rounds)
        finally:
            place.close()
        with open(os.path.join(a.out, "bench-layouts.json"), "w") as f:
            json.dump(r, f, indent=1)
        print(layouts_report(r))
        return
    corpus = None
    if a.corpus or a.scale:
        try:
            size, files = (a.corpus or "3.6G:50000").split(":")
            files = int(files)
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import corpus as corpus_mod
            corpus = (size, files, corpus_mod.parse_size(size))
        except ValueError:
            die(f"--corpus '{a.corpus}': expected SIZE:FILES, e.g. 3.6G:50000")
    if a.scale:
        try:
            counts = [int(x) for x in a.scale.split(",")]
        except ValueError:
            die(f"--scale '{a.scale}': expected file counts, e.g. 1000,5000,20000,50000")
        place = Place(a.fs.split(",")[0], a.fs_size)
        try:
            r = bench_scale(place, counts, corpus[2] // corpus[1], a.seed, a.rounds,
                            lambda n: corpus[0] if n == corpus[1] else str(corpus[2] // corpus[1] * n))
        finally:
            place.close()
        with open(os.path.join(a.out, "bench-scale.json"), "w") as f:
            json.dump(r, f, indent=1)
        scale_chart(r, os.path.join(a.out, "bench-scale.png"))
        print(scale_report(r))
        return
    if corpus:
        subject = corpus_target(corpus[0], corpus[1], a.seed)
        project = f"tests/bench/corpus.py --size {corpus[0]} --files {corpus[1]} --seed {a.seed}"
    else:
        subject = build_project_target(os.path.abspath(a.project))
        project = os.path.relpath(a.project, ROOT)
    res = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "project": project, "places": []}
    for spec in a.fs.split(","):
        place = Place(spec, a.fs_size)
        try:
            r = bench_place(place, subject, a.rounds, a.install_rounds, skip_full_cmp=bool(corpus),
                            skip=[x for x in a.skip.split(",") if x])
        finally:
            place.close()
        r["targets"] = targets(r)
        res["places"].append(r)
        # Each place's tables as soon as it is done (a long run stopped later keeps them).
        with open(os.path.join(a.out, f"bench-{spec.replace(':', '_').replace('/', '_')}.md"), "w") as f:
            f.write(report(dict(res, places=[r], shim=None)) + "\n")
    res["shim"] = bench_shim(a.shim_rounds) if a.shim_rounds else None
    with open(os.path.join(a.out, "bench.json"), "w") as f:
        json.dump(res, f, indent=1)
    chart(res, os.path.join(a.out, "bench.png"))
    print(report(res))
    print(f"\nbench: wrote {a.out}/bench.json and {a.out}/bench.png", file=sys.stderr)


if __name__ == "__main__":
    main()
