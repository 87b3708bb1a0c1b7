# crane-resolve-workspace-inheritance MEMBER_TOML ROOT_TOML DEST_DIR
#
# Writes DEST_DIR/Cargo.toml: the member's manifest with what it inherits
# from its workspace root filled in, as `cargo package` resolves it:
# `<field>.workspace = true` in [package] from [workspace.package],
# `<dep>.workspace = true` in the dependency tables (target-specific ones
# too) from [workspace.dependencies] (features added to the workspace's,
# `optional` and `default-features = true` from the member, a `path`
# made relative to the member), and `[lints] workspace = true` from
# [workspace.lints]. A readme or license file outside the member's
# directory is copied into DEST_DIR. The resolved manifest has no
# `package.workspace` key and no [workspace] table (a vendored crate is no
# workspace). A manifest inheriting nothing is left as it is.
import os
import shutil
import sys
import tomllib

from toml_out import Unwritable, document

PROG = "crane-resolve-workspace-inheritance"
DEP_TABLES = ("dependencies", "dev-dependencies", "dev_dependencies", "build-dependencies", "build_dependencies")
PATH_FIELDS = ("readme", "license-file")


def die(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        die(f"{path}: {e}")


def inherits(v):
    return isinstance(v, dict) and v.get("workspace") is True


# --- resolution --------------------------------------------------------------

def main():
    if len(sys.argv) != 4:
        die("usage: crane-resolve-workspace-inheritance MEMBER_TOML ROOT_TOML DEST_DIR")
    member_path, root_path, dest = sys.argv[1:]
    member = load(member_path)
    root = load(root_path) if os.path.realpath(root_path) != os.path.realpath(member_path) else member
    member_dir = os.path.dirname(os.path.abspath(member_path))
    root_dir = os.path.dirname(os.path.abspath(root_path))
    ws = root.get("workspace", {})
    changed = False

    def from_ws(section, name, what):
        if name not in ws.get(section, {}):
            die(f"{member_path}: {what} is inherited, but {root_path} has no workspace.{section}.{name}")
        return ws[section][name]

    package = member.get("package", {})
    for field, v in list(package.items()):
        if not inherits(v):
            continue
        changed = True
        got = from_ws("package", field, f"package.{field}")
        if field in PATH_FIELDS and isinstance(got, str):
            src = os.path.normpath(os.path.join(root_dir, got))
            rel = os.path.relpath(src, member_dir)
            if rel.startswith(".."):
                # outside the crate: cargo package copies it in
                if os.path.isfile(src):
                    shutil.copyfile(src, os.path.join(dest, os.path.basename(src)))
                rel = os.path.basename(src)
            got = rel
        package[field] = got

    def resolve_deps(deps, where):
        nonlocal changed
        for name, spec in list(deps.items()):
            if not inherits(spec):
                continue
            changed = True
            base = from_ws("dependencies", name, f"{where}.{name}")
            dep = {"version": base} if isinstance(base, str) else dict(base)
            if "path" in dep:
                dep["path"] = os.path.relpath(os.path.normpath(os.path.join(root_dir, dep["path"])), member_dir)
            features = list(dep.get("features", []))
            features += [f for f in spec.get("features", []) if f not in features]
            if features:
                dep["features"] = features
            for k in ("optional", "public"):
                if k in spec:
                    dep[k] = spec[k]
            df = spec.get("default-features", spec.get("default_features"))
            if df is True:
                dep.pop("default_features", None)
                dep["default-features"] = True
            deps[name] = dep

    for t in DEP_TABLES:
        if isinstance(member.get(t), dict):
            resolve_deps(member[t], t)
    for cfg, tt in member.get("target", {}).items():
        for t in DEP_TABLES:
            if isinstance(tt.get(t), dict):
                resolve_deps(tt[t], f"target.{cfg}.{t}")

    if inherits(member.get("lints")):
        changed = True
        if "lints" not in ws:
            die(f"{member_path}: lints are inherited, but {root_path} has no workspace.lints")
        member["lints"] = ws["lints"]

    if not changed:
        return
    package.pop("workspace", None)
    member.pop("workspace", None)
    try:
        text = document(member)
    except Unwritable as e:
        die(f"{member_path}: {e}")
    tmp = os.path.join(dest, "Cargo.toml.resolved")
    with open(tmp, "w") as fh:
        fh.write(text)
    os.replace(tmp, os.path.join(dest, "Cargo.toml"))


main()
