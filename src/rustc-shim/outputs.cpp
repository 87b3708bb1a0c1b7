#include "outputs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <string_view>

namespace heirloom::shim {

namespace {

// rustc options that take their value as the next argument.
constexpr std::array<std::string_view, 34> options_with_value = {
    "-o",          "--out-dir",   "-L",          "-l",        "--cfg",       "--check-cfg",   "--crate-type",
    "--crate-name", "--edition",  "--emit",      "--print",   "-C",          "--codegen",     "-W",
    "--warn",      "-A",          "--allow",     "-D",        "--deny",      "-F",            "--forbid",
    "--cap-lints", "--target",    "--extern",    "--sysroot", "--error-format", "--json",     "--color",
    "--explain",   "-Z",          "--remap-path-prefix", "--diagnostic-width", "--env-set", "--force-warn",
};

bool takes_value(std::string_view a) {
  for (auto o : options_with_value)
    if (a == o)
      return true;
  return false;
}

// "--name=value" or "--name value": returns the value when `a` is `name`.
std::optional<std::string> value_of(const std::vector<std::string>& args, std::size_t& i, std::string_view name) {
  std::string_view a = args[i];
  if (a == name) {
    if (i + 1 < args.size())
      return args[++i];
    return std::nullopt;
  }
  if (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=')
    return std::string(a.substr(name.size() + 1));
  // Short options also take an attached value: -Cfoo=bar, -ofile.
  if (name.size() == 2 && name[0] == '-' && name[1] != '-' && a.size() > 2 && a.starts_with(name))
    return std::string(a.substr(2));
  return std::nullopt;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    std::string_view part = s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!part.empty())
      out.emplace_back(part);
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return out;
}

struct Naming {
  std::string bin_suffix;     // "" on Unix, ".exe" on Windows, ".wasm" on wasm
  std::string dylib_prefix;   // "lib" except on Windows
  std::string dylib_suffix;   // ".so", ".dylib", ".dll", ".wasm"
  std::string staticlib_prefix;
  std::string staticlib_suffix;
};

Naming naming_for(std::string_view target) {
  if (target.find("windows") != std::string_view::npos) {
    bool gnu = target.find("gnu") != std::string_view::npos;
    return {".exe", "", ".dll", gnu ? "lib" : "", gnu ? ".a" : ".lib"};
  }
  if (target.find("wasm") != std::string_view::npos)
    return {".wasm", "", ".wasm", "lib", ".a"};
  if (target.find("apple") != std::string_view::npos)
    return {"", "lib", ".dylib", "lib", ".a"};
  return {"", "lib", ".so", "lib", ".a"};
}

std::string join(const std::string& dir, const std::string& file) {
  if (dir.empty())
    return file;
  return dir.back() == '/' ? dir + file : dir + "/" + file;
}

std::string dirname_of(const std::string& p) {
  auto slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

} // namespace

Prediction predict_outputs(const std::vector<std::string>& args) {
  Prediction p;
  std::optional<std::string> out_dir, out_file, crate_name, input, target;
  std::string extra;
  std::vector<std::string> crate_types;
  std::vector<std::string> emits;
  bool test = false;

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-vV" || a == "-V" || a == "--version" || a == "-h" || a == "--help" || a == "--explain") {
      p.probe = true;
      return p;
    }
    if (a == "--print" || a.starts_with("--print=")) {
      p.probe = true;
      return p;
    }
    if (auto v = value_of(args, i, "--out-dir")) {
      out_dir = *v;
    } else if (auto v2 = value_of(args, i, "-o")) {
      out_file = *v2;
    } else if (auto v3 = value_of(args, i, "--crate-name")) {
      crate_name = *v3;
    } else if (auto v4 = value_of(args, i, "--crate-type")) {
      for (auto& t : split_commas(*v4))
        crate_types.push_back(t);
    } else if (auto v5 = value_of(args, i, "--emit")) {
      for (auto& e : split_commas(*v5))
        emits.push_back(e);
    } else if (auto v6 = value_of(args, i, "--target")) {
      target = *v6;
    } else if (a == "-C" || a == "--codegen" || a.starts_with("-C") || a.starts_with("--codegen=")) {
      std::optional<std::string> cg = a.starts_with("--codegen") ? value_of(args, i, "--codegen") : value_of(args, i, "-C");
      if (cg && cg->starts_with("extra-filename="))
        extra = cg->substr(15);
    } else if (a == "--test") {
      test = true;
    } else if (a == "-") {
      p.probe = true;  // source from stdin: cargo's probes
      return p;
    } else if (takes_value(a)) {
      ++i;
    } else if (!a.starts_with("-") && !input) {
      input = std::string(a);
    }
  }
  if (!input)
    return {true, {}};

  std::string name;
  if (crate_name) {
    name = *crate_name;
  } else {
    std::string file = input->substr(input->rfind('/') == std::string::npos ? 0 : input->rfind('/') + 1);
    name = file.substr(0, file.rfind('.'));
    for (char& c : name)
      if (c == '-')
        c = '_';
  }
  // rustc refuses an empty crate name (from `--crate-name ""` or an input
  // named "" or ".rs"): it writes nothing, and an empty stem must never
  // become a path (it would name the output directory itself).
  if (name.empty())
    return p;
  if (test || crate_types.empty())
    crate_types = {"bin"};
  if (emits.empty())
    emits = {"link"};
  Naming n = naming_for(target.value_or(""));
  std::string stem = name + extra;
  std::string dir = out_dir.value_or("");
  if (out_file)
    dir = dirname_of(*out_file);

  for (const auto& emit : emits) {
    auto eq = emit.find('=');
    std::string kind = emit.substr(0, eq);
    if (eq != std::string::npos) {
      if (eq + 1 < emit.size())  // (rustc rejects `kind=` with no path)
        p.outputs.push_back(emit.substr(eq + 1));
      continue;
    }
    if (kind == "link") {
      if (out_file) {
        if (!out_file->empty())  // (rustc rejects `-o ""`)
          p.outputs.push_back(*out_file);
        continue;
      }
      for (const auto& t : crate_types) {
        if (t == "bin")
          p.outputs.push_back(join(dir, stem + n.bin_suffix));
        else if (t == "lib" || t == "rlib")
          p.outputs.push_back(join(dir, "lib" + stem + ".rlib"));
        else if (t == "dylib" || t == "cdylib" || t == "proc-macro")
          p.outputs.push_back(join(dir, n.dylib_prefix + stem + n.dylib_suffix));
        else if (t == "staticlib")
          p.outputs.push_back(join(dir, n.staticlib_prefix + stem + n.staticlib_suffix));
      }
    } else if (kind == "metadata") {
      p.outputs.push_back(join(dir, "lib" + stem + ".rmeta"));
    } else if (kind == "dep-info") {
      p.outputs.push_back(join(dir, stem + ".d"));
    } else if (kind == "obj") {
      p.outputs.push_back(join(dir, stem + ".o"));
    } else if (kind == "asm") {
      p.outputs.push_back(join(dir, stem + ".s"));
    } else if (kind == "llvm-ir") {
      p.outputs.push_back(join(dir, stem + ".ll"));
    } else if (kind == "llvm-bc") {
      p.outputs.push_back(join(dir, stem + ".bc"));
    } else if (kind == "mir") {
      p.outputs.push_back(join(dir, stem + ".mir"));
    }
  }
  return p;
}

std::optional<std::vector<std::string>> expand_argfiles(const std::vector<std::string>& args, std::string& error) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& a : args) {
    if (a.size() < 2 || a[0] != '@') {
      out.push_back(a);
      continue;
    }
    bool shell = a.starts_with("@shell:");
    std::string path = a.substr(shell ? 7 : 1);
    // POSIX reads, not iostreams: static libstdc++'s stream and locale
    // set-up would cost every rustc call start-up time.
    std::string text;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0;
    char buf[8192];
    while (ok) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        ok = n == 0;
        break;
      }
      text.append(buf, static_cast<std::size_t>(n));
    }
    if (fd >= 0)
      ::close(fd);
    if (!ok) {
      error = "cannot read argument file '" + path + "'";
      return std::nullopt;
    }
    if (shell) {
      std::size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
          ++i;
        std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
          ++i;
        if (i > start)
          out.push_back(text.substr(start, i - start));
      }
      continue;
    }
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      out.push_back(line);
      if (nl == std::string::npos)
        break;
      start = nl + 1;
    }
  }
  return out;
}

} // namespace heirloom::shim
