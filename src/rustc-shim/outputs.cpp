#include "outputs.hpp"

#include "options.hpp"

#include <string_view>

namespace heirloom::shim {

namespace {

struct Affixes {
  std::string_view prefix, suffix;
};

// File names of `--emit link` per platform, from the --target triple.
struct Naming {
  Affixes bin, dylib, staticlib;
};

Naming naming_for(std::string_view target) {
  if (target.find("windows") != std::string_view::npos) {
    bool gnu = target.find("gnu") != std::string_view::npos;
    return {{"", ".exe"}, {"", ".dll"}, gnu ? Affixes{"lib", ".a"} : Affixes{"", ".lib"}};
  }
  if (target.find("wasm") != std::string_view::npos)
    return {{"", ".wasm"}, {"", ".wasm"}, {"lib", ".a"}};
  if (target.find("apple") != std::string_view::npos)
    return {{"", ""}, {"lib", ".dylib"}, {"lib", ".a"}};
  return {{"", ""}, {"lib", ".so"}, {"lib", ".a"}};
}

// --crate-type → the naming of its `link` output.
enum class LinkFile { bin, rlib, dylib, staticlib };
struct CrateType {
  std::string_view name;
  LinkFile file;
};
constexpr CrateType crate_types[] = {
    {"bin", LinkFile::bin},     {"lib", LinkFile::rlib},          {"rlib", LinkFile::rlib},
    {"dylib", LinkFile::dylib}, {"cdylib", LinkFile::dylib},      {"proc-macro", LinkFile::dylib},
    {"staticlib", LinkFile::staticlib},
};

Affixes link_affixes(LinkFile f, const Naming& n) {
  switch (f) {
  case LinkFile::bin: return n.bin;
  case LinkFile::rlib: return {"lib", ".rlib"};
  case LinkFile::dylib: return n.dylib;
  case LinkFile::staticlib: return n.staticlib;
  }
  return {};
}

// --emit kinds other than `link`: one file each, the same on every platform.
struct EmitKind {
  std::string_view kind;
  Affixes file;
};
constexpr EmitKind emit_kinds[] = {
    {"metadata", {"lib", ".rmeta"}}, {"dep-info", {"", ".d"}},   {"obj", {"", ".o"}},
    {"asm", {"", ".s"}},             {"llvm-ir", {"", ".ll"}},   {"llvm-bc", {"", ".bc"}},
    {"mir", {"", ".mir"}},           {"thin-link-bitcode", {"", ".indexing.o"}},
};

std::string join(const std::string& dir, Affixes a, const std::string& stem) {
  std::string file = std::string(a.prefix) + stem + std::string(a.suffix);
  if (dir.empty())
    return file;
  return dir.back() == '/' ? dir + file : dir + "/" + file;
}

std::string dirname_of(const std::string& p) {
  auto slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

// rustc's default crate name: the input's file name without its extension,
// '-' becoming '_'.
std::string crate_name_of(const RustcArgs& r) {
  if (r.crate_name)
    return *r.crate_name;
  const std::string& in = *r.input;
  auto slash = in.rfind('/');
  std::string file = in.substr(slash == std::string::npos ? 0 : slash + 1);
  std::string name = file.substr(0, file.rfind('.'));
  for (char& c : name)
    if (c == '-')
      c = '_';
  return name;
}

} // namespace

Prediction predict_outputs(const std::vector<std::string>& args) {
  RustcArgs r = parse_rustc_args(args);
  Prediction p;
  if (r.probe || !r.input) {
    p.probe = true;
    return p;
  }
  if (!r.unknown.empty()) {
    p.unpredictable = r.unknown;
    return p;
  }
  std::string name = crate_name_of(r);
  // rustc refuses an empty crate name (from `--crate-name ""` or an input
  // named "" or ".rs"): it writes nothing, and an empty stem must never
  // become a path (it would name the output directory itself).
  if (name.empty())
    return p;
  if (r.test || r.crate_types.empty())
    r.crate_types = {"bin"};
  if (r.emits.empty())
    r.emits = {"link"};
  Naming n = naming_for(r.target.value_or(""));
  std::string stem = name + r.extra_filename;
  std::string dir = r.out_file ? dirname_of(*r.out_file) : r.out_dir.value_or("");

  for (const auto& emit : r.emits) {
    auto eq = emit.find('=');
    if (eq != std::string::npos) {  // kind=PATH
      if (eq + 1 < emit.size())     // (rustc rejects `kind=` with no path)
        p.outputs.push_back(emit.substr(eq + 1));
      continue;
    }
    if (emit == "link" && r.out_file) {
      if (!r.out_file->empty())  // (rustc rejects `-o ""`)
        p.outputs.push_back(*r.out_file);
    } else if (emit == "link") {
      for (const auto& t : r.crate_types)
        for (const auto& ct : crate_types)
          if (ct.name == t)
            p.outputs.push_back(join(dir, link_affixes(ct.file, n), stem));
    } else {
      for (const auto& k : emit_kinds)
        if (k.kind == emit)
          p.outputs.push_back(join(dir, k.file, stem));
    }
  }
  return p;
}

} // namespace heirloom::shim
