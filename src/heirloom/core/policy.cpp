#include "policy.hpp"

#include "util/paths.hpp"

#include <array>

namespace heirloom {

namespace {

bool has_component(std::string_view rel, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= rel.size()) {
    std::size_t slash = rel.find('/', pos);
    std::size_t end = slash == std::string_view::npos ? rel.size() : slash;
    if (rel.substr(pos, end - pos) == name && slash != std::string_view::npos)
      return true;  // a directory component, not the file itself
    if (slash == std::string_view::npos)
      return false;
    pos = slash + 1;
  }
  return false;
}

// For "…/build/<unit>/<rest>", returns <rest>; otherwise an empty view.
std::string_view below_build_unit(std::string_view rel) {
  std::size_t pos = 0;
  while (true) {
    std::size_t at = rel.find("build/", pos);
    if (at == std::string_view::npos)
      return {};
    if (at == 0 || rel[at - 1] == '/') {
      std::string_view after = rel.substr(at + 6);
      std::size_t slash = after.find('/');
      if (slash != std::string_view::npos && slash > 0)
        return after.substr(slash + 1);
    }
    pos = at + 1;
  }
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (auto suf : suffixes)
    if (s.ends_with(suf))
      return true;
  return false;
}

} // namespace

bool is_cargo_lock_name(std::string_view base) {
  return base == ".cargo-lock" || (base.starts_with(".cargo-") && base.ends_with("lock"));
}

bool is_never_packed(std::string_view rel) {
  return is_cargo_lock_name(base_of(rel)) || rel == ".rustc_info.json";
}

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
  std::string_view base = base_of(rel);
  if (is_cargo_lock_name(base))
    return {Action::skip, "cargo lock file"};
  if (has_component(rel, ".fingerprint"))
    return {Action::materialize, "cargo fingerprint, rewritten in place"};
  std::string_view unit_rest = below_build_unit(rel);
  if (unit_rest.starts_with("out/"))
    return {Action::materialize, "build script OUT_DIR, written in place and never cleaned"};
  if (unit_rest == "output" || unit_rest == "stderr" || unit_rest == "root-output" ||
      unit_rest == "invoked.timestamp")
    return {Action::materialize, "build script run record, truncated by cargo"};
  if (base.ends_with(".d"))
    return {Action::materialize, "dep-info, rewritten in place"};
  if (rel.starts_with("doc/") || has_component(rel, "incremental") || has_component(rel, "doc"))
    return {Action::materialize, "rustdoc or incremental state, updated in place"};
  if (rel.find('/') == std::string_view::npos)
    return {Action::materialize, "target dir root file, rewritten by cargo"};
  if (executable || ends_with_any(base, {".rlib", ".rmeta", ".so", ".dylib", ".a", ".dll", ".lib",
                                         ".wasm", ".o"}))
    return {Action::link, "rustc output, replaced whole (the shim unlinks it first)"};
  return {Action::materialize, "unknown file, copied to stay writable"};
}

Decision Policy::decide(std::string_view rel, bool executable) const {
  if (is_cargo_lock_name(base_of(rel)))
    return {Action::skip, "cargo lock file"};
  for (const auto& g : globs_.materialize)
    if (glob_match(g, rel))
      return {Action::materialize, "--materialize glob"};
  for (const auto& g : globs_.link)
    if (glob_match(g, rel))
      return {Action::link, "--link glob"};
  return builtin(rel, executable);
}

} // namespace heirloom
