#!/usr/bin/env python3
"""Writes the seed corpus of a fuzz target from real heirloom outputs.

unpack, inspect: a small synthetic target dir packed by $HEIRLOOM, encoded in
the record format of scratch.hpp, one valid output of every form heirloom
reads from an output directory (core/output.hpp): heirloom symlinks, heirloom
zstd alone and on a previous layer, crane use-zstd alone and as a chain (a
heirloom format-2 layer is in crane's form), crane use-symlink (target/ with
files). Each passes heirloom's checks as laid out by the harness: the outputs
are packed in a store of the harness's shape and the store's path in their
bytes is replaced by the harness's. shim-args: rustc command lines as cargo
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

# Where the harness lays an input out (scratch.cpp): the store dir, the
# output (ARTIFACTS) and the previous layer's output inside it.
HARNESS_STORE = b"/dev/shm/heirloom-fuzz-%s/a/b/store" % target.encode()
OUT_NAME = "0000000000000000000000000000000a-artifacts"
PREV_NAME = "0000000000000000000000000000000b-previous"

work = tempfile.mkdtemp(prefix="heirloom-seeds-")
try:
    store = os.path.join(work, "a", "b", "store")
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

    def pack(label, name, mode, variant, prev=None):
        tdir = os.path.join(work, "t-" + label)
        make_target(tdir, variant)
        out = os.path.join(store, name)
        shutil.rmtree(out, ignore_errors=True)
        argv = [heirloom, "pack", "--quiet", "--jobs", "1", "--mode", mode, "--store-dir", store,
                "--target", tdir, "--out", out]
        if prev:
            argv += ["--prev", prev]
        env = {k: v for k, v in os.environ.items()
               if k not in ("SOURCE_DATE_EPOCH", "HEIRLOOM_STORE_DIR", "NIX_STORE", "NIX_BUILD_CORES")}
        subprocess.run(argv, check=True, env=env)
        return out

    def read(path):
        # The store's path (in references, heirloom.json's parents) as the
        # harness's: the same bytes on every run, valid where they are loaded.
        with open(path, "rb") as f:
            return f.read().replace(store.encode(), HARNESS_STORE)

    def owned_files(out):
        blob = b""
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

    def zstd_layer(out):
        return record(3, read(os.path.join(out, "target.tar.zst")))

    def zstd_meta(out):
        return (record(4, read(os.path.join(out, "target.index"))) + record(1, read(os.path.join(out, "references")))
                + record(2, read(os.path.join(out, "heirloom.json"))))

    # heirloom symlinks: the archive of links, references, heirloom.json and
    # the owned files under target/.
    sym = pack("sym", OUT_NAME, "symlinks", 1)
    save(record(0, read(os.path.join(sym, "symlinks.tar"))) + record(1, read(os.path.join(sym, "references")))
         + record(2, read(os.path.join(sym, "heirloom.json"))) + owned_files(sym))
    # crane use-symlink: target/ with the files (crane's dedup links point
    # into older outputs, which a record cannot hold).
    save(owned_files(sym))
    shutil.rmtree(sym)
    # heirloom zstd, one layer; the same layer alone is crane use-zstd.
    z1 = pack("zst1", OUT_NAME, "zstd", 1)
    save(zstd_layer(z1) + zstd_meta(z1))
    save(zstd_layer(z1))
    # heirloom zstd on a previous layer (OUT/target.tar.zst.prev ->
    # PREV/target.tar.zst, as record 5 lays it out; references names PREV);
    # and the same two layers as a crane use-zstd chain.
    os.rename(z1, os.path.join(store, PREV_NAME))
    z1 = os.path.join(store, PREV_NAME)
    z2 = pack("zst2", OUT_NAME, "zstd", 2, prev=os.path.join(z1, "target.tar.zst"))
    save(zstd_layer(z2) + zstd_meta(z2) + record(5, read(os.path.join(z1, "target.tar.zst"))))
    save(zstd_layer(z2) + record(5, read(os.path.join(z1, "target.tar.zst"))))
finally:
    subprocess.run(["chmod", "-R", "u+w", work], check=False)
    shutil.rmtree(work, ignore_errors=True)
