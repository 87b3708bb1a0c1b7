// The link/materialize policy as one table (`kRules`), read top to bottom;
// policy.hpp says why each rule exists. The matchers below only parse the
// shapes of cargo's two build-dir layouts:
//
//   old (cargo's default, 1.65 to 1.97):
//     <profile>/.fingerprint/<pkg>-<hash>/…      fingerprints
//     <profile>/build/<pkg>-<hash>/out/…          a build script's OUT_DIR
//     <profile>/build/<pkg>-<hash>/{output,stderr,root-output,invoked.timestamp}
//     <profile>/build/<pkg>-<hash>/build-script-build, build_script_build-<hash>
//     <profile>/deps/lib<crate>-<hash>.{rlib,rmeta,so}, <bin>-<hash>, *.d
//   new (-Zbuild-dir-new-layout): one directory per unit,
//     <profile>/build/<pkg>/<hash>/out/…          the unit's rustc outputs, or,
//                                                 for a build script run, OUT_DIR
//     <profile>/build/<pkg>/<hash>/fingerprint/…
//     <profile>/build/<pkg>/<hash>/run/{stdout,stderr,root-output,invoked.timestamp}
//     <profile>/build/<pkg>/<hash>/.lock          (-Zfine-grain-locking)
//
// The layouts are told apart by shape: below build/, the old layout's second
// component is a file or `out`, the new layout's is the unit hash (16 hex
// digits). A new-layout `out/` is OUT_DIR or a compile unit's output dir;
// rustc names its outputs there after the unit hash (lib<crate>-<hash>.rlib,
// build_script_build-<hash>), which a build script's files never carry, so
// only those (and `build-script-build`, cargo's link to the build script) are
// linked. Everything else below a new-layout `out/` is copied: an OUT_DIR
// may hold executables and archives that its script rewrites in place.
#include "policy.hpp"

#include "util/paths.hpp"

#include <array>

namespace heirloom {

namespace {

// `rel` split for the matchers: its base name, and, below its first `build/`
// component, the next two components and what follows each.
struct Entry {
  std::string_view rel;
  std::string_view base;
  bool executable = false;
  bool in_build = false;      // some component is `build` with a unit below it
  std::string_view first;     // the component after `build/`
  std::string_view second;    // the one after that (empty if `first` is the file)
  std::string_view after_first;   // everything after `build/<first>/`
  std::string_view after_second;  // everything after `build/<first>/<second>/`
};

bool is_unit_hash(std::string_view s) {
  if (s.size() != 16)
    return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

std::string_view first_component(std::string_view s) {
  std::size_t slash = s.find('/');
  return slash == std::string_view::npos ? std::string_view{} : s.substr(0, slash);
}

Entry parse(std::string_view rel, bool executable) {
  Entry e;
  e.rel = rel;
  e.base = base_of(rel);
  e.executable = executable;
  // The first `build/` component with a unit directory below it (cargo's
  // build dir sits directly in a profile dir).
  for (std::size_t pos = 0;;) {
    std::size_t at = rel.find("build/", pos);
    if (at == std::string_view::npos)
      return e;
    if (at == 0 || rel[at - 1] == '/') {
      std::string_view after = rel.substr(at + 6);
      std::string_view first = first_component(after);
      if (!first.empty()) {
        e.in_build = true;
        e.first = first;
        e.after_first = after.substr(first.size() + 1);
        e.second = first_component(e.after_first);
        if (!e.second.empty())
          e.after_second = e.after_first.substr(e.second.size() + 1);
        return e;
      }
    }
    pos = at + 1;
  }
}

bool has_dir_component(std::string_view rel, std::string_view name) {
  for (std::size_t pos = 0;;) {
    std::size_t slash = rel.find('/', pos);
    if (slash == std::string_view::npos)
      return false;
    if (rel.substr(pos, slash - pos) == name)
      return true;
    pos = slash + 1;
  }
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (auto suf : suffixes)
    if (s.ends_with(suf))
      return true;
  return false;
}

// --- the matchers, one per rule ---------------------------------------------

bool lock_file(const Entry& e) { return is_cargo_lock(e.rel); }

bool old_fingerprint(const Entry& e) { return has_dir_component(e.rel, ".fingerprint"); }

// new layout: build/<pkg>/<hash>/<dir>/…
bool new_unit_dir(const Entry& e, std::string_view dir) {
  return e.in_build && is_unit_hash(e.second) && first_component(e.after_second) == dir;
}
std::string_view new_unit_rest(const Entry& e) { return e.after_second.substr(first_component(e.after_second).size() + 1); }

bool new_fingerprint(const Entry& e) { return new_unit_dir(e, "fingerprint"); }

bool run_record_name(std::string_view name, std::string_view output_name) {
  return name == output_name || name == "stderr" || name == "root-output" || name == "invoked.timestamp";
}
bool old_run_record(const Entry& e) { return e.in_build && e.second.empty() && run_record_name(e.after_first, "output"); }
bool new_run_record(const Entry& e) { return new_unit_dir(e, "run"); }

bool old_out_dir(const Entry& e) { return e.in_build && e.second == "out"; }

// rustc's products, by name, and executables.
bool rustc_product(const Entry& e) {
  return e.executable || ends_with_any(e.base, {".rlib", ".rmeta", ".so", ".dylib", ".a", ".dll", ".lib", ".wasm", ".o"});
}

// new layout: a file directly in build/<pkg>/<hash>/out/ that rustc named
// after the unit hash, or cargo's `build-script-build` link.
bool new_unit_output(const Entry& e) {
  if (!new_unit_dir(e, "out"))
    return false;
  std::string_view name = new_unit_rest(e);
  if (name.find('/') != std::string_view::npos || name.ends_with(".d") || !rustc_product(e))
    return false;
  if (name == "build-script-build")
    return true;
  std::size_t at = name.find(e.second);
  return at != std::string_view::npos && at > 0 && name[at - 1] == '-' &&
         (at + 16 == name.size() || name[at + 16] == '.');
}
bool new_out_dir(const Entry& e) { return new_unit_dir(e, "out"); }

bool dep_info(const Entry& e) { return e.base.ends_with(".d"); }

bool rustdoc_or_incremental(const Entry& e) {
  return e.rel.starts_with("doc/") || has_dir_component(e.rel, "incremental") || has_dir_component(e.rel, "doc");
}

bool target_root_file(const Entry& e) { return e.rel.find('/') == std::string_view::npos; }

bool anything(const Entry&) { return true; }

struct Rule {
  bool (*matches)(const Entry&);
  Action action;
  const char* reason;
};

// The reasons `inspect` prints; a class may have a rule in each layout.
constexpr const char* kLock = "cargo lock file";
constexpr const char* kFingerprint = "cargo fingerprint, rewritten in place";
constexpr const char* kOutDir = "build script OUT_DIR, written in place and never cleaned";
constexpr const char* kRunRecord = "build script run record, truncated by cargo";
constexpr const char* kRustcOutput = "rustc output, replaced whole (the shim unlinks it first)";
constexpr const char* kUnknown = "unknown file, copied to stay writable";

// First match wins.
constexpr std::array kRules{
    Rule{lock_file, Action::skip, kLock},
    Rule{old_fingerprint, Action::materialize, kFingerprint},
    Rule{new_fingerprint, Action::materialize, kFingerprint},
    Rule{old_out_dir, Action::materialize, kOutDir},
    Rule{old_run_record, Action::materialize, kRunRecord},
    Rule{new_run_record, Action::materialize, kRunRecord},
    Rule{new_unit_output, Action::link, kRustcOutput},
    Rule{dep_info, Action::materialize, "dep-info, rewritten in place"},
    Rule{new_out_dir, Action::materialize, kOutDir},
    Rule{rustdoc_or_incremental, Action::materialize, "rustdoc or incremental state, updated in place"},
    Rule{target_root_file, Action::materialize, "target dir root file, rewritten by cargo"},
    Rule{rustc_product, Action::link, kRustcOutput},
    Rule{anything, Action::materialize, kUnknown},
};

} // namespace

bool is_cargo_lock_name(std::string_view base) {
  return base == ".cargo-lock" || (base.starts_with(".cargo-") && base.ends_with("lock"));
}

bool is_cargo_lock(std::string_view rel) {
  if (is_cargo_lock_name(base_of(rel)))
    return true;
  // build/<pkg>/<hash>/.lock
  Entry e = parse(rel, false);
  return e.in_build && is_unit_hash(e.second) && e.after_second == ".lock";
}

bool is_never_packed(std::string_view rel) { return is_cargo_lock(rel) || rel == ".rustc_info.json"; }

const char* action_name(Action a) {
  switch (a) {
  case Action::skip:
    return "skip";
  case Action::link:
    return "link";
  case Action::materialize:
    return "materialize";
  }
  return "?";
}

Decision Policy::builtin(std::string_view rel, bool executable) {
  Entry e = parse(rel, executable);
  for (const Rule& r : kRules)
    if (r.matches(e))
      return {r.action, r.reason};
  return {Action::materialize, kUnknown};  // (unreached: `anything` matches)
}

Decision Policy::decide(std::string_view rel, bool executable) const {
  if (is_cargo_lock(rel))
    return {Action::skip, kLock};
  for (const auto& g : globs_.materialize)
    if (glob_match(g, rel))
      return {Action::materialize, "--materialize glob"};
  for (const auto& g : globs_.link)
    if (glob_match(g, rel))
      return {Action::link, "--link glob"};
  return builtin(rel, executable);
}

std::optional<Decision> Policy::decide_by_path(std::string_view rel) const {
  Decision plain = decide(rel, false), exec = decide(rel, true);
  if (plain.action != exec.action || plain.reason != exec.reason)
    return std::nullopt;
  return plain;
}

} // namespace heirloom
