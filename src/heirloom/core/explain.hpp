// explain: which inherited units cargo recompiled after an inherit, and why.
//
// cargo records, for every unit it compiled, a fingerprint JSON file:
//   old layout  <profile>/.fingerprint/<pkg>-<hash>/<unit>.json
//   new layout  <profile>/build/<pkg>/<hash>/fingerprint/<unit>.json
// (<unit> is e.g. `lib-serde`, `bin-app`, `build-script-build-script-build`,
// `run-build-script-build-script-build`, `test-lib-x`). Its fields are the
// inputs cargo compares: rustc, features, declared_features, target, profile,
// path, deps, local, rustflags, config, compile_kind (and metadata in cargo
// 1.65). Passes:
//  1. inherited  read the artifacts output (core/output) and collect the
//                fingerprint JSON files it hands down, base and layers
//  2. built      walk the target dir after the build and collect the same
//  3. match      a unit of the target dir whose hash the output also holds is
//                the inherited unit itself (recompiled in place when its JSON
//                differs); a unit with a new hash is matched to the inherited
//                units of the same profile dir, package and unit file name
//                (a changed feature or flag gives a new hash), the one with
//                the fewest differing fields
//  4. diff       each differing field is one reason (`features [] -> ["std"]`)
//
// cargo's own logs do not say this for most causes: a changed feature,
// RUSTFLAGS (cargo >= 1.8x) or profile gives the unit a new hash, so cargo
// finds no previous fingerprint and prints only `Compiling` (`-v` prints no
// `Dirty` line; the fingerprint log says "failed to read"). Comparing the
// files works for every cargo from 1.65 to today, in both layouts.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace heirloom {

struct ExplainOptions {
  std::string from;       // the artifacts output the target dir was inherited from
  std::string target;     // the target dir after the build
  std::string store_dir;
};

struct FieldChange {
  std::string field;   // the fingerprint field: features, rustflags, profile, deps, local, ...
  std::string before;  // as in the inherited fingerprint (compact JSON or cargo's string)
  std::string after;
  std::string reason;  // one phrase: `features [] -> ["std"]`
};

struct RecompiledUnit {
  std::string profile;         // the profile dir: "release", "x86_64-unknown-linux-gnu/debug"
  std::string package;         // the package name
  std::string unit;            // cargo's unit file stem: lib-fnv, bin-app, run-build-script-build-script-build
  std::string inherited_hash;  // the unit hash in the inherited output
  std::string hash;            // the unit hash after the build
  bool in_place = false;       // same hash (the inherited unit rewritten)
  std::vector<FieldChange> changes;
};

// A reason cargo itself printed, from a build log (`heirloom explain --log`):
// `Dirty <pkg> v<version> (...): <reason>` of `cargo build -v` (cargo >= 1.69),
// or the `fingerprint error for <pkg> v<version>` / `err: <reason>` pairs of
// `CARGO_LOG=cargo::core::compiler::fingerprint=info` (any cargo; a
// "failed to read" error, cargo finding no old fingerprint, is left out: the
// comparison above says why the hash changed).
struct CargoReason {
  std::string package;
  std::string version;
  std::string reason;
};

struct Explanation {
  std::uint64_t inherited_units = 0;  // fingerprints the output hands down
  std::uint64_t units = 0;            // fingerprints in the target dir after the build
  std::uint64_t new_units = 0;        // units nothing inherited matches (new dependencies, new targets)
  std::vector<RecompiledUnit> recompiled;  // sorted by profile, package, unit
  std::vector<CargoReason> cargo_log;      // in the log's order, each line once
};

// The reasons a cargo build log gives; throws `Error` when it cannot be read.
std::vector<CargoReason> read_cargo_log(const std::string& path);

// Throws `Error` when the output cannot be read or the target dir is missing.
Explanation explain(const ExplainOptions& opts);

// One line per recompiled unit ("<package> (<unit>, <profile>): <reason>; ..."),
// or one line saying nothing inherited was recompiled; then one line per
// reason from cargo's log ("<package> v<version> (cargo): <reason>").
std::string render_explain(const Explanation& e);

nlohmann::ordered_json explain_json(const Explanation& e);

// The hooks' one line, "" when nothing inherited was recompiled:
// "heirloom: N inherited units recompiled: fnv lib (features), ...; ..."
std::string explain_summary(const Explanation& e);

} // namespace heirloom
