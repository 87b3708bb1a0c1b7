#!/usr/bin/env python3
"""Writes the seed corpus of a fuzz target from real heirloom outputs.

unpack, inspect: a small synthetic target dir packed by $HEIRLOOM in
symlinks mode, in zstd mode, and as a two-layer zstd chain, each encoded in
the record format of scratch.hpp. shim-args: rustc command lines as cargo
writes them (NUL-separated). Usage: seeds.py TARGET CORPUS_DIR

The bytes are the same on every run and machine (the smoke run depends on
it): fixed modes, mtimes and environment for pack, files in sorted order,
and no two seeds of one size (libFuzzer orders seeds of equal size as the
directory lists them).
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile

target, corpus = sys.argv[1], sys.argv[2]
os.makedirs(corpus, exist_ok=True)
os.umask(0o022)
MTIME = 1_700_000_000  # of every file packed (not 1: pack's own archive mtime)
sizes = {}


def save(blob):
    name = "seed-" + hashlib.sha1(blob).hexdigest()
    if sizes.setdefault(len(blob), name) != name:
        sys.exit(f"seeds.py: {sizes[len(blob)]} and {name} have the same size, {len(blob)} bytes")
    with open(os.path.join(corpus, name), "wb") as f:
        f.write(blob)


def record(kind, data):
    return bytes([kind]) + struct.pack("<H", len(data)) + data[:65535]


if target == "shim-args":
    out = "/build/source/target/release/deps"
    lines = [
        ["--crate-name", "serde", "--edition=2018", "src/lib.rs", "--error-format=json", "--crate-type", "lib",
         "--emit=dep-info,metadata,link", "-C", "opt-level=3", "-C", "metadata=0a1b", "-C", "extra-filename=-0a1b",
         "--out-dir", out, "-L", "dependency=" + out],
        ["--crate-name", "build_script_build", "build.rs", "--crate-type", "bin", "--emit=dep-info,link",
         "-C", "extra-filename=-77", "--out-dir", "/build/source/target/release/build/x-77"],
        ["--crate-name", "app", "src/main.rs", "--crate-type", "bin", "--emit=link", "-o", "/tmp/app"],
        ["--crate-name", "m", "src/lib.rs", "--crate-type", "proc-macro", "--crate-type", "rlib",
         "--emit", "metadata=/tmp/m.rmeta,link", "--out-dir", out],
        ["-vV"], ["-", "--crate-name", "___", "--print=file-names", "--crate-type", "bin"],
    ]
    for args in lines:
        save(b"\0".join(a.encode() for a in args))
    sys.exit(0)

heirloom = os.environ.get("HEIRLOOM")
if not heirloom or not os.access(heirloom, os.X_OK):
    sys.exit("seeds.py: HEIRLOOM must name the heirloom binary")

work = tempfile.mkdtemp(prefix="heirloom-seeds-")
try:
    store = os.path.join(work, "store")
    os.makedirs(store)

    def make_target(path, variant):
        files = {
            "release/deps/libfoo-0a1b2c.rlib": b"!<arch>\n" + bytes(range(64)) * variant,
            "release/deps/libfoo-0a1b2c.rmeta": b"rust\0\0\0\x06" + b"m" * 40,
            "release/deps/foo-0a1b2c.d": b"/build/src/lib.rs:\n",
            "release/.fingerprint/foo-0a1b2c/lib-foo": b"5f3c1d0a9e8b7c6d",
            "release/.fingerprint/foo-0a1b2c/lib-foo.json": b'{"rustc":1,"features":"[]"}',
            "release/.fingerprint/foo-0a1b2c/invoked.timestamp": b"",
            "release/build/foo-9f8e/out/gen.rs": b"pub const X: u32 = %d;\n" % variant,
            "release/build/foo-9f8e/output": b"cargo:rerun-if-changed=build.rs\n",
            "release/app": b"\x7fELF" + b"\0" * 60,
            "release/app.d": b"/build/target/release/app: /build/src/main.rs\n",
            "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n",
        }
        for rel, data in files.items():
            full = os.path.join(path, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(data)
            os.chmod(full, 0o755 if rel == "release/app" else 0o644)
        for dirpath, dirs, names in os.walk(path):
            for n in dirs + names:
                os.utime(os.path.join(dirpath, n), (MTIME, MTIME))
        os.utime(path, (MTIME, MTIME))

    def pack(label, mode, variant, prev=None):
        tdir = os.path.join(work, "t-" + label)
        make_target(tdir, variant)
        out = os.path.join(store, hashlib.sha256(label.encode()).hexdigest()[:32].translate(
            str.maketrans("e", "z")) + "-" + label)
        argv = [heirloom, "pack", "--quiet", "--jobs", "1", "--mode", mode, "--store-dir", store,
                "--target", tdir, "--out", out]
        if prev:
            argv += ["--prev", prev]
        env = {k: v for k, v in os.environ.items()
               if k not in ("SOURCE_DATE_EPOCH", "HEIRLOOM_STORE_DIR", "NIX_STORE", "NIX_BUILD_CORES")}
        subprocess.run(argv, check=True, env=env)
        return out

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    def encode_symlinks(out):
        blob = record(0, read(os.path.join(out, "symlinks.tar")))
        blob += record(1, read(os.path.join(out, "references")))
        blob += record(2, read(os.path.join(out, "heirloom.json")))
        owned = os.path.join(out, "target")
        for dirpath, dirs, files in os.walk(owned):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(dirpath, f)
                if os.path.islink(full):
                    continue
                rel = os.path.relpath(full, owned).encode()
                blob += record(6, rel + b"\0" + read(full))
        return blob

    sym = pack("sym", "symlinks", 1)
    save(encode_symlinks(sym))
    z1 = pack("zst1", "zstd", 1)
    save(record(3, read(os.path.join(z1, "target.tar.zst"))) + record(4, read(os.path.join(z1, "target.index"))))
    z2 = pack("zst2", "zstd", 2, prev=z1)
    save(record(3, read(os.path.join(z2, "target.tar.zst"))) + record(4, read(os.path.join(z2, "target.index")))
         + record(5, read(os.path.join(z1, "target.tar.zst"))))
    # A plain symlinks.tar alone, and one compressed.
    save(record(0, read(os.path.join(sym, "symlinks.tar"))))
finally:
    subprocess.run(["chmod", "-R", "u+w", work], check=False)
    shutil.rmtree(work, ignore_errors=True)
