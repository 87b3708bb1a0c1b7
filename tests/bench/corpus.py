#!/usr/bin/env python3
"""A cargo-shaped target dir of a given size and file count, deterministic.

Writes DEST/target (default 3.6 GB, 50,000 files) with both profiles, the
layout cargo 1.65-1.95 writes (the old layout):
  <profile>/deps/lib<crate>-<hash>.{rlib,rmeta}, <crate>-<hash>.d, proc-macro
      lib<crate>-<hash>.so, the workspace's binaries <bin>-<hash>
  <profile>/.fingerprint/<crate>-<hash>/{dep-lib-*,lib-*,lib-*.json,invoked.timestamp}
      and the build-script and run-build-script units' files
  <profile>/build/<pkg>-<hash>/{build-script-build,build_script_build-<hash>{,.d}}
      (the compiled script) and build/<pkg>-<hash2>/{out/…,output,root-output,
      stderr,invoked.timestamp} (its run)
  <profile>/incremental/<crate>-<hash>/s-<session>-<hash>/{dep-graph.bin,
      query-cache.bin,work-products.bin,<cgu>.o …} and its .lock
  <profile>/examples/<example>-<hash>{,.d}, <profile>/<bin>{,.d}, CACHEDIR.TAG
Each file class's sizes are drawn from a log-normal fitted (median, spread,
range) to real target dirs, table SIZES below; `--measure DIR` prints that
fit for any target dir, which is how the table was made (docs/BENCHMARKS.md
names the dirs). The large classes (rlib, rmeta, so, executables, .o, the
incremental caches) are then scaled so that the whole tree has --size bytes;
the small ones (fingerprints, .d files, build script output) keep their
real sizes. Contents: a fixed pseudo-random pool with cargo-like
redundancy (zstd -3 compresses it about 3×), each file starting with its
own 32 bytes, so no two files are equal. Same --size, --files and --seed:
the same tree, byte for byte, mtimes included.

Usage:
  tests/bench/corpus.py DEST [--size 3.6G] [--files 50000] [--seed 1]
  tests/bench/corpus.py DEST --store STORE [--mode symlinks|zstd|both] …
      the store-side form bench.py measures against: the target packed by
      heirloom into read-only store paths STORE/<hash>-corpus-<mode>
      (bench.py's store_name), printed one a line; DEST/target is removed
  tests/bench/corpus.py --measure TARGET_DIR …
"""
import argparse
import hashlib
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (store_name, HEIRLOOM, sh, rmtree)

# Per file class: (median bytes, log-normal sigma, min, max, scaled), per
# profile. Fitted with --measure to the release target dir of
# examples/service (cargo 1.95, CARGO_INCREMENTAL=0: 887 files, 186 MB) and
# to its debug build (`cargo build`, incremental on for the workspace crate:
# 1,122 files, 565 MB); incremental/ comes from the debug build only.
SIZES = {
    "rlib": (268_770, 1.71, 6_934, 40_000_000, True),
    "rmeta": (200_987, 1.73, 5_430, 20_000_000, True),
    "so": (3_991_984, 0.17, 1_000_000, 30_000_000, True),
    "bin": (4_290_064, 0.3, 500_000, 120_000_000, True),
    "dep_d": (1_580, 1.03, 215, 60_000, False),
    "fp_json": (455, 0.36, 255, 2_000, False),
    "build_script": (546_128, 0.13, 300_000, 2_000_000, True),
    "build_script_d": (423, 0.22, 300, 900, False),
    "out": (1_030, 2.43, 100, 700_000, False),
    "output": (40, 1.43, 0, 2_000, False),
    "root_output": (93, 0.05, 80, 120, False),
    "inc_o": (21_840, 1.41, 2_720, 3_000_000, True),
    "inc_bin": (1_957_014, 2.62, 17_607, 20_000_000, True),
}
SIZES_DEBUG = dict(SIZES, **{
    "rlib": (492_352, 1.85, 6_934, 60_000_000, True),
    "rmeta": (174_424, 1.70, 5_430, 20_000_000, True),
    "so": (8_910_912, 0.08, 2_000_000, 40_000_000, True),
    "bin": (48_212_136, 0.3, 2_000_000, 300_000_000, True),
    "build_script": (4_447_296, 0.02, 3_000_000, 9_000_000, True),
    "build_script_d": (387, 0.24, 300, 900, False),
    "root_output": (75, 0.06, 60, 100, False),
})


def scaled_class(cls):
    return cls in SIZES and SIZES[cls][4]


WORDS = ("core alloc serde tokio hyper http futures util proto sync codec rand regex syn quote proc macro "
         "log tracing bytes mio net time uuid url chrono json toml clap term ansi atty memchr itoa ryu "
         "digest sha crypto block generic array cfg if once cell lazy static parking lot smallvec slab "
         "pin project lite socket num traits integer bitflags unicode ident width idna percent form").split()


def class_of(rel):
    """The SIZES class of a path relative to the target dir (for --measure)."""
    parts = rel.split("/")
    f = parts[-1]
    if len(parts) < 3:
        return "bin" if "." not in f else "other"
    d = parts[1]
    if d == "deps":
        ext = f.rsplit(".", 1)[-1] if "." in f else ""
        return {"rlib": "rlib", "rmeta": "rmeta", "so": "so", "d": "dep_d", "": "bin"}.get(ext, "other")
    if d == ".fingerprint":
        return "fp_json" if f.endswith(".json") else "fp_small"
    if d == "build":
        if len(parts) > 4 and parts[3] == "out":
            return "out"
        if f.startswith("build_script") or f == "build-script-build":
            return "build_script_d" if f.endswith(".d") else "build_script"
        return {"output": "output", "root-output": "root_output"}.get(f, "build_small")
    if d == "incremental":
        return "inc_o" if f.endswith(".o") else ("inc_bin" if f.endswith(".bin") else "inc_other")
    if d == "examples":
        return "dep_d" if f.endswith(".d") else "bin"
    return "other"


def measure(target):
    classes = {}
    for dirpath, _, files in os.walk(target):
        for f in files:
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, target)
            classes.setdefault(class_of(rel), []).append(os.lstat(full).st_size)
    total = sum(sum(v) for v in classes.values())
    n = sum(len(v) for v in classes.values())
    print(f"{target}: {n} files, {total / 1e6:.1f} MB")
    print(f"{'class':16} {'files':>6} {'MB':>9} {'median':>10} {'sigma':>6} {'min':>9} {'max':>10}")
    for k, v in sorted(classes.items(), key=lambda kv: -sum(kv[1])):
        v.sort()
        logs = [math.log(max(x, 1)) for x in v]
        mu = sum(logs) / len(logs)
        sigma = math.sqrt(sum((x - mu) ** 2 for x in logs) / len(logs))
        print(f"{k:16} {len(v):6} {sum(v) / 1e6:9.2f} {v[len(v) // 2]:10} {sigma:6.2f} {v[0]:9} {v[-1]:10}")


def parse_size(s):
    s = s.strip().upper()
    mult = {"K": 1e3, "M": 1e6, "G": 1e9}
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


class Plan:
    """The list of (path, class, natural size, mode) of the tree, then sizes."""

    def __init__(self, files, seed):
        self.rng = random.Random(seed)
        self.entries = []  # [rel, class, size, executable]
        self.want = files

    def h(self):
        return "%016x" % self.rng.getrandbits(64)

    def add(self, rel, cls, size=None, exe=False):
        if size is None:
            table = SIZES_DEBUG if rel.startswith("target/debug/") else SIZES
            med, sigma, lo, hi, _ = table[cls]
            size = int(min(hi, max(lo, self.rng.lognormvariate(math.log(med), sigma))))
        self.entries.append([rel, cls, size, exe])

    def b36(self, n):
        return "".join(self.rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(n))

    def crate_name(self, i):
        a = WORDS[i % len(WORDS)]
        b = WORDS[(i // len(WORDS)) % len(WORDS)]
        return f"{a}_{b}" if i >= len(WORDS) else a

    def unit(self, profile, name, proc_macro=False, build_script=False):
        hsh = self.h()
        fp = f"target/{profile}/.fingerprint/{name.replace('_', '-')}-{hsh}"
        self.add(f"{fp}/dep-lib-{name}", "fp", 14 + self.rng.randrange(0, 40))
        self.add(f"{fp}/invoked.timestamp", "fp", 48)
        self.add(f"{fp}/lib-{name}", "fp", 16)
        self.add(f"{fp}/lib-{name}.json", "fp_json")
        deps = f"target/{profile}/deps"
        if proc_macro:
            self.add(f"{deps}/lib{name}-{hsh}.so", "so", exe=True)
        else:
            self.add(f"{deps}/lib{name}-{hsh}.rlib", "rlib")
            self.add(f"{deps}/lib{name}-{hsh}.rmeta", "rmeta")
        self.add(f"{deps}/{name}-{hsh}.d", "dep_d")
        if build_script:
            pkg = name.replace("_", "-")
            h1, h2 = self.h(), self.h()
            b1 = f"target/{profile}/build/{pkg}-{h1}"
            size = None
            self.add(f"{b1}/build_script_build-{h1}", "build_script", exe=True)
            size = self.entries[-1][2]
            self.add(f"{b1}/build-script-build", "build_script", size, exe=True)
            self.add(f"{b1}/build_script_build-{h1}.d", "build_script_d")
            b2 = f"target/{profile}/build/{pkg}-{h2}"
            self.add(f"{b2}/invoked.timestamp", "fp", 48)
            self.add(f"{b2}/output", "output")
            self.add(f"{b2}/root-output", "root_output")
            self.add(f"{b2}/stderr", "fp", 0)
            for k in range(self.rng.choice((0, 0, 1, 2, 3))):
                self.add(f"{b2}/out/{self.rng.choice(WORDS)}_{k}.rs", "out")
            for u, h in (("build", h1), ("run", h2)):
                f2 = f"target/{profile}/.fingerprint/{pkg}-{h}"
                self.add(f"{f2}/{u}-script-build-script-build", "fp", 16)
                self.add(f"{f2}/{u}-script-build-script-build.json", "fp_json")
                if u == "build":
                    self.add(f"{f2}/dep-build-script-build-script-build", "fp", 14)
                    self.add(f"{f2}/invoked.timestamp", "fp", 48)

    def incremental(self, profile, name, files):
        """One crate's incremental dir: sessions of `files` files in all."""
        d = f"target/{profile}/incremental/{name}-{self.b36(13)}"
        left = files
        while left > 0:
            sess = f"s-{self.b36(10)}-{self.b36(7)}"
            n = min(left, max(4, self.rng.randrange(200, 600)))
            self.add(f"{d}/{sess}.lock", "fp", 0)
            sess += "-" + self.b36(25)
            for b in ("dep-graph.bin", "query-cache.bin", "work-products.bin"):
                self.add(f"{d}/{sess}/{b}", "inc_bin")
            for k in range(max(0, n - 4)):
                self.add(f"{d}/{sess}/{self.b36(25)}.o", "inc_o")
            left -= n


def plan_tree(size, files, seed):
    p = Plan(files, seed)
    p.add("target/CACHEDIR.TAG", "fp", 177)
    # Share of the files in incremental/ session dirs: the workspace's crates
    # in the debug profile (cargo's default there), ~40% of a large tree.
    inc_files = int(files * 0.4)
    unit_files = files - inc_files
    # ~10.5 files per dependency unit (a quarter with build scripts), both profiles.
    crates = max(4, int(unit_files / 2 / 10.5))
    workspace = max(1, crates // 50)
    for profile in ("debug", "release"):
        for i in range(crates):
            name = p.crate_name(i)
            r = random.Random(f"{seed}-{i}")
            p.unit(profile, name, proc_macro=r.random() < 0.06, build_script=r.random() < 0.25)
        for w in range(workspace):
            name = "service" if w == 0 else f"service_{p.crate_name(w)}"
            hsh = p.h()
            p.add(f"target/{profile}/deps/{name}-{hsh}", "bin", exe=True)
            p.add(f"target/{profile}/deps/{name}-{hsh}.d", "dep_d")
            fp = f"target/{profile}/.fingerprint/{name.replace('_', '-')}-{hsh}"
            for f, c, s in ((f"bin-{name}", "fp", 16), (f"bin-{name}.json", "fp_json", None),
                            (f"dep-bin-{name}", "fp", 14), ("invoked.timestamp", "fp", 48)):
                p.add(f"{fp}/{f}", c, s)
            p.add(f"target/{profile}/{name}", "bin", exe=True)
            p.add(f"target/{profile}/{name}.d", "dep_d")
        for e in range(2):
            hsh = p.h()
            p.add(f"target/{profile}/examples/example_{e}-{hsh}", "bin", exe=True)
            p.add(f"target/{profile}/examples/example_{e}-{hsh}.d", "dep_d")
    # The rest of the file budget: incremental sessions of the workspace crates.
    left = files - len(p.entries)
    per = max(1, left // workspace)
    for w in range(workspace):
        name = "service" if w == 0 else f"service_{p.crate_name(w)}"
        n = left - per * (workspace - 1) if w == workspace - 1 else per
        if n > 0:
            p.incremental("debug", name, n)
    entries = p.entries[:files] if len(p.entries) > files else p.entries
    # Scale the large classes to the size wanted.
    fixed = sum(e[2] for e in entries if not scaled_class(e[1]))
    scaled = sum(e[2] for e in entries if scaled_class(e[1]))
    if scaled and size > fixed:
        f = (size - fixed) / scaled
        for e in entries:
            if scaled_class(e[1]):
                e[2] = max(32, int(e[2] * f))
    return entries


def pool(seed, n=48 << 20):
    """Data with the redundancy of compiled code: 16-symbol noise, runs of
    zeros and repeated phrases (zstd -3: about 3×)."""
    rng = random.Random(f"pool-{seed}")
    table = bytes((i * 37) % 16 * 11 for i in range(256))
    out = bytearray()
    phrases = [rng.randbytes(rng.randrange(8, 64)) for _ in range(512)]
    while len(out) < n:
        k = rng.random()
        if k < 0.45:
            out += rng.randbytes(rng.randrange(64, 4096)).translate(table)
        elif k < 0.7:
            out += bytes(rng.randrange(16, 2048))
        else:
            for _ in range(rng.randrange(4, 64)):
                out += phrases[rng.randrange(len(phrases))]
    return bytes(out[:n])


def write_tree(dest, size, files, seed):
    entries = plan_tree(size, files, seed)
    data = pool(seed, min(48 << 20, max(4 << 20, size // 8)))
    mv = memoryview(data)
    rng = random.Random(f"offsets-{seed}")
    made = set()
    base = 1_700_000_000
    written = 0
    for i, (rel, _cls, n, exe) in enumerate(entries):
        full = os.path.join(dest, rel)
        d = os.path.dirname(full)
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        head = hashlib.sha256(rel.encode()).digest()
        with open(full, "wb") as fh:
            fh.write(head[:min(n, 32)])
            left = n - min(n, 32)
            while left > 0:
                off = rng.randrange(0, len(data) - 4096)
                k = min(left, len(data) - off)
                fh.write(mv[off:off + k])
                left -= k
        if exe:
            os.chmod(full, 0o755)
        os.utime(full, (base + i, base + i))
        written += n
    for d in sorted(made | {os.path.join(dest, "target")}, reverse=True):
        while d != dest and d.startswith(dest):
            os.utime(d, (base, base))
            d = os.path.dirname(d)
    return len(entries), written


def to_store(dest, store, modes, label):
    """heirloom pack of DEST/target into read-only store paths, one per mode."""
    outs = []
    target = os.path.join(dest, "target")
    for mode in modes:
        tmp = os.path.join(dest, f"target-{mode}")
        bench.rmtree(tmp)
        bench.sh(["cp", "-a", target, tmp])
        out = os.path.join(store, bench.store_name(f"{label}-{mode}"))
        bench.rmtree(out)
        bench.sh([bench.HEIRLOOM, "pack", "--mode", mode, "--target", tmp, "--out", out, "--store-dir", store, "--quiet"])
        bench.rmtree(tmp)
        bench.sh(["chmod", "-R", "a-w", out])
        outs.append(out)
    bench.rmtree(target)
    return outs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", nargs="?")
    ap.add_argument("--size", default="3.6G", help="total bytes (K, M, G suffixes: powers of 1000)")
    ap.add_argument("--files", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--store", help="also pack into read-only store paths under this store dir")
    ap.add_argument("--mode", default="symlinks", choices=("symlinks", "zstd", "both"))
    ap.add_argument("--measure", metavar="TARGET_DIR", help="print the size fit of a real target dir")
    a = ap.parse_args()
    if a.measure:
        if not os.path.isdir(a.measure):
            bench.die(f"'{a.measure}': not a directory")
        measure(a.measure)
        return
    if not a.dest:
        bench.die("DEST is missing (see --help)")
    if a.files < 50:
        bench.die(f"--files {a.files}: a cargo-shaped tree needs at least 50 files")
    target = os.path.join(a.dest, "target")
    if os.path.lexists(target):
        bench.die(f"'{target}': already exists")
    n, size = write_tree(a.dest, parse_size(a.size), a.files, a.seed)
    print(f"corpus: {n} files, {size / 1e6:.1f} MB in {target}", file=sys.stderr)
    if a.store:
        modes = ("symlinks", "zstd") if a.mode == "both" else (a.mode,)
        for out in to_store(a.dest, a.store, modes, f"corpus-{a.files}-{a.seed}"):
            print(out)


if __name__ == "__main__":
    main()
