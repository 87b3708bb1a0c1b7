#!/usr/bin/env python3
"""A cargo registry made of unpacked crates (Debian's /usr/share/cargo/registry).

Usage: make-registry.py OUT INDEX_URL DL_URL API_URL CRATE_DIR...

Writes OUT/index/ (a sparse index: config.json with "dl" and "api", and one
file per crate name at the path cargo's index layout gives it, each line a
JSON version entry: name, vers, deps, cksum, features, yanked, links) and
OUT/dl/<name>/<version>/download (the .crate, a gzipped tar of
<name>-<version>/, reproducible: fixed owners and times). A dependency
on another crate of the set gets `registry-index = "<INDEX_URL>"` in the
.crate's Cargo.toml, as `cargo publish` writes a `registry = "<name>"`
dependency (without it, cargo looks for it on crates.io). The crates'
manifests are cargo's normalized ones (one [dependencies.<name>] table
each), as Debian ships them.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import tomllib


def index_path(name):
    n = name.lower()
    if len(n) <= 2:
        return os.path.join(str(len(n)), n)
    if len(n) == 3:
        return os.path.join("3", n[0], n)
    return os.path.join(n[:2], n[2:4], n)


def crate_bytes(src, top, manifest_text):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            for root, dirs, files in os.walk(src):
                dirs.sort()
                for f in sorted(files):
                    path = os.path.join(root, f)
                    rel = os.path.relpath(path, src)
                    # Debian's marker of an unpacked crate, not part of it.
                    if rel == ".cargo-checksum.json":
                        continue
                    info = tarfile.TarInfo(f"{top}/{rel}")
                    info.size = os.path.getsize(path)
                    info.mode = 0o644
                    info.mtime = 0
                    if rel == "Cargo.toml":
                        data = manifest_text.encode()
                        info.size = len(data)
                        tar.addfile(info, io.BytesIO(data))
                        continue
                    with open(path, "rb") as fh:
                        tar.addfile(info, fh)
    return buf.getvalue()


def deps_of(manifest):
    """Index "deps" entries of a manifest, as crates.io's index lists them."""
    out = []
    sections = [(None, manifest)] + [(t, v) for t, v in manifest.get("target", {}).items()]
    for target, table in sections:
        for key, kind in (("dependencies", "normal"), ("build-dependencies", "build"), ("dev-dependencies", "dev")):
            for name, spec in table.get(key, {}).items():
                if isinstance(spec, str):
                    spec = {"version": spec}
                entry = {
                    "name": name,  # a renamed dependency: the new name, "package" the crate
                    "req": spec.get("version", "*"),
                    "features": spec.get("features", []),
                    "optional": spec.get("optional", False),
                    "default_features": spec.get("default-features", True),
                    "target": target,
                    "kind": kind,
                }
                if "package" in spec:
                    entry["package"] = spec["package"]
                out.append(entry)
    return out


def main():
    if len(sys.argv) < 6:
        sys.exit("usage: make-registry.py OUT INDEX_URL DL_URL API_URL CRATE_DIR...")
    out, index_url, dl, api, crates = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    index = os.path.join(out, "index")
    os.makedirs(index, exist_ok=True)
    with open(os.path.join(index, "config.json"), "w") as fh:
        json.dump({"dl": dl, "api": api}, fh)
        fh.write("\n")
    manifests = {}
    for src in crates:
        try:
            with open(os.path.join(src, "Cargo.toml"), "rb") as fh:
                text = fh.read().decode()
            manifests[src] = (text, tomllib.loads(text))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            sys.exit(f"make-registry.py: {src}/Cargo.toml: {e}")
    ours = {m["package"]["name"] for _, m in manifests.values()}
    lines = {}
    for src in crates:
        text, manifest = manifests[src]
        pkg = manifest["package"]
        name, vers = pkg["name"], pkg["version"]
        for dep in deps_of(manifest):
            if dep.get("package", dep["name"]) not in ours:
                continue
            kind = {"normal": "dependencies", "build": "build-dependencies", "dev": "dev-dependencies"}[dep["kind"]]
            header = (f"[target.{json.dumps(dep['target'])}.{kind}.{dep['name']}]" if dep["target"] else f"[{kind}.{dep['name']}]")
            if header + "\n" not in text:
                sys.exit(f"make-registry.py: {src}/Cargo.toml: no {header} table to add registry-index to")
            text = text.replace(header + "\n", f"{header}\nregistry-index = {json.dumps(index_url)}\n", 1)
        data = crate_bytes(src, f"{name}-{vers}", text)
        target = os.path.join(out, "dl", name, vers)
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "download"), "wb") as fh:
            fh.write(data)
        features = manifest.get("features", {})
        entry = {
            "name": name,
            "vers": vers,
            "deps": deps_of(manifest),
            "cksum": hashlib.sha256(data).hexdigest(),
            "features": features,
            "yanked": False,
            "links": pkg.get("links"),
        }
        lines.setdefault(name, []).append(json.dumps(entry, separators=(",", ":")))
    for name, entries in lines.items():
        path = os.path.join(index, index_path(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write("\n".join(entries) + "\n")


main()
