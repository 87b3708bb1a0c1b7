// The link/materialize policy: for each file of an inherited target dir,
// whether unpack creates a symlink into the store (cheap, read-only) or a
// writable copy (a "materialized" file), or leaves it out.
//
// The rule, in order (first match wins; each reason is what cargo, rustc or a
// build script does to that file on a later build). It covers both layouts
// of cargo's build dir (policy.cpp shows their shapes): the old one, cargo's
// default, and the per-unit one of -Zbuild-dir-new-layout, where every unit
// is `build/<pkg>/<hash>/` with `out/`, `fingerprint/` and, for a build
// script run, `run/`.
//
//  1. skip        cargo's locks: `.cargo-lock`, `.cargo-*lock` (nightly's
//                 `.cargo-build-lock`, `.cargo-artifact-lock`) and a unit's
//                 `build/<pkg>/<hash>/.lock` (-Zfine-grain-locking). A lock
//                 inherited from another build is meaningless and a read-only
//                 one cannot be taken. Never packed, never unpacked, and user
//                 globs cannot bring them back.
//  2. user globs  `--materialize GLOB`, then `--link GLOB` (whole relative
//                 path; '*' also matches '/').
//  3. materialize fingerprints: below `.fingerprint/` (old) or a unit's
//                 `fingerprint/` (new). cargo truncates and rewrites the
//                 hashes, `dep-*` and `invoked.timestamp` files in place.
//  4. materialize a build script's OUT_DIR, `build/<pkg>-<hash>/out/**` (old).
//                 cargo never cleans it before rerunning the script, which
//                 writes there in place (cc writes objects, codegen rewrites
//                 .rs files), however large the generated files are.
//  5. materialize build script run records: `build/<pkg>-<hash>/{output,
//                 stderr,root-output,invoked.timestamp}` (old), anything in a
//                 unit's `run/` (new: `stdout` replaces `output`). cargo
//                 truncates them when the script reruns.
//  6. link        in a new-layout unit's `out/`, rustc's outputs named after
//                 the unit hash (`lib<crate>-<hash>.rlib`, `.rmeta`, `.so`,
//                 `build_script_build-<hash>`) and `build-script-build`.
//  7. materialize `*.d`: dep-info files; cargo rewrites the top-level ones in
//                 place when it uplifts an artifact.
//  8. materialize anything else below a new-layout `out/`: a build script
//                 run's OUT_DIR (as 4), or a binary named without the hash (an
//                 OUT_DIR may hold executables too: by path alone they cannot
//                 be told apart).
//  9. materialize anything below `incremental/` or `doc/`: rustc's incremental
//                 session dirs and rustdoc's output are updated in place.
// 10. materialize files directly in the target dir root (`.rustc_info.json`,
//                 `CACHEDIR.TAG`): cargo rewrites them.
// 11. link        rustc's products, by name: `*.rlib`, `*.rmeta`, `*.so`,
//                 `*.dylib`, `*.a`, `*.dll`, `*.lib`, `*.wasm`, `*.o` and
//                 executables (any x bit). rustc refuses to overwrite a
//                 read-only output, so the rustc shim unlinks each such link
//                 before rustc writes; cargo removes an uplifted file before it
//                 hard-links a new one.
// 12. materialize everything else: unknown files default to the safe side.
#pragma once

#include <string>
#include <string_view>
#include <optional>
#include <vector>

namespace heirloom {

enum class Action { skip, link, materialize };

struct Decision {
  Action action;
  const char* reason;  // static text, for `inspect` and the docs
};

class Policy {
public:
  struct Globs {
    std::vector<std::string> link;
    std::vector<std::string> materialize;
  };

  Policy() = default;
  explicit Policy(Globs globs) : globs_(std::move(globs)) {}

  // `rel` is the path relative to the target dir root ("release/deps/libx.rlib");
  // `executable` tells whether the file has any execute bit.
  Decision decide(std::string_view rel, bool executable) const;

  // The decision when it does not depend on the execute bit (the same for
  // both values), so that unpack can act on it before it has stat'ed the
  // file: for a copy, the open and fstat of the copy then replace the stat.
  std::optional<Decision> decide_by_path(std::string_view rel) const;

  // Built-in rule only (no user globs).
  static Decision builtin(std::string_view rel, bool executable);

private:
  Globs globs_;
};

// True for `.cargo-lock` and `.cargo-<anything>lock` base names.
bool is_cargo_lock_name(std::string_view base);

// True for every lock file cargo writes in a target dir: the names above
// anywhere, and a new-layout unit's `build/<pkg>/<hash>/.lock`.
bool is_cargo_lock(std::string_view rel);

// Whether pack leaves a file of the target dir out of every output: cargo's
// lock files (is_cargo_lock), and the root's `.rustc_info.json`, cargo's cache of rustc's
// `-vV`/`--print` answers. Cargo rebuilds that cache in a few milliseconds
// when it is missing, and writes its map in an unstable order: packing it
// would make outputs differ between identical builds.
bool is_never_packed(std::string_view rel);

const char* action_name(Action a);

} // namespace heirloom
