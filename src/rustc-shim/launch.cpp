#include "launch.hpp"

#include "argfile.hpp"
#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace heirloom::shim {

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "heirloom-rustc: error: %s\n", msg.c_str());
  std::exit(1);
}

void warn(const std::string& msg) { std::fprintf(stderr, "heirloom-rustc: warning: %s\n", msg.c_str()); }

std::string store_dir() {
  for (const char* var : {"HEIRLOOM_STORE_DIR", "NIX_STORE"})
    if (const char* v = std::getenv(var); v && *v)
      return v;
  return "/nix/store";
}

// Unlinks `path` when it is a symlink whose target lies in the store.
void unlink_store_link(const std::string& path, const std::string& store) {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf)
    return;  // not a link (the common case: one syscall)
  std::string_view target(buf, static_cast<std::size_t>(n));
  if (target.size() > store.size() && target.starts_with(store) && target[store.size()] == '/') {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      warn("removing inherited '" + path + "': " + std::strerror(errno) + "; running rustc anyway");
  }
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool is_this_program(const std::string& path) {
  struct stat a, self;
  return ::stat(path.c_str(), &a) == 0 && ::stat("/proc/self/exe", &self) == 0 && a.st_dev == self.st_dev &&
         a.st_ino == self.st_ino;
}

std::string_view base_name(std::string_view p) {
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

} // namespace

void unlink_inherited_outputs(const std::vector<std::string>& args, const std::string& store) {
  std::string error;
  auto expanded = expand_argfiles(args, error);
  Prediction prediction;
  if (expanded)
    prediction = predict_outputs(*expanded);
  else
    prediction.unpredictable = error;
  if (!prediction.unpredictable.empty()) {
    warn(prediction.unpredictable + "; running rustc without unlinking inherited outputs");
    return;
  }
  for (const auto& out : prediction.outputs)
    unlink_store_link(out, store);
}

std::optional<std::string> find_program(std::string_view name, std::string_view search_path) {
  if (name.empty())
    return std::nullopt;
  if (name.find('/') != std::string_view::npos)
    return std::string(name);
  for (;;) {
    auto colon = search_path.find(':');
    std::string_view dir = search_path.substr(0, colon);
    std::string candidate = dir.empty() ? std::string(name) : std::string(dir) + "/" + std::string(name);
    if (is_executable_file(candidate))
      return candidate;
    if (colon == std::string_view::npos)
      return std::nullopt;
    search_path.remove_prefix(colon + 1);
  }
}

void run_as_rustc(int argc, char** argv) {
  const char* real = std::getenv("HEIRLOOM_RUSTC");
  if (!real || !*real)
    die("HEIRLOOM_RUSTC is not set; it must name the real rustc");
  struct stat st;
  if (::stat(real, &st) != 0)
    die(std::string("HEIRLOOM_RUSTC='") + real + "': " + std::strerror(errno));
  if (!is_executable_file(real))
    die(std::string("HEIRLOOM_RUSTC='") + real + "' is not an executable file");
  if (is_this_program(real))
    die(std::string("HEIRLOOM_RUSTC='") + real + "' is this shim itself; it must name the real rustc");

  unlink_inherited_outputs(std::vector<std::string>(argv + 1, argv + argc), store_dir());
  argv[0] = const_cast<char*>(real);
  ::execv(real, argv);
  die(std::string("executing '") + real + "': " + std::strerror(errno));
}

// cargo runs `wrapper PROGRAM [RUSTC] ARGS...`, where PROGRAM is RUSTC or a
// workspace wrapper such as clippy-driver, which compiles in-process and
// never runs RUSTC.
void run_as_wrapper(int argc, char** argv) {
  if (argc < 2)
    die("rustc-wrapper: no program to run (cargo passes it as the first argument)");
  if (base_name(argv[1]) == "rustc-wrapper")
    die(std::string("rustc-wrapper: '") + argv[1] + "' is this wrapper itself");
  // A user's RUSTC_WRAPPER, run in our place: checked before anything is
  // unlinked, so that a wrong setting changes nothing.
  std::optional<std::string> next;
  if (const char* n = std::getenv("HEIRLOOM_RUSTC_WRAPPER_NEXT"); n && *n) {
    const char* path = std::getenv("PATH");
    next = find_program(n, path ? path : "/usr/local/bin:/usr/bin:/bin");
    if (!next || !is_executable_file(*next))
      die(std::string("HEIRLOOM_RUSTC_WRAPPER_NEXT='") + n + "': no such executable" +
          (std::strchr(n, '/') ? "" : " on PATH"));
    if (is_this_program(*next))
      die(std::string("HEIRLOOM_RUSTC_WRAPPER_NEXT='") + n +
          "' is this wrapper itself; it must name another wrapper, such as sccache");
  }
  int first = 2;
  // Skip the compiler paths that precede rustc's own arguments.
  while (first < argc && first < 4 && argv[first][0] != '-' && !std::string_view(argv[first]).ends_with(".rs") &&
         is_executable_file(argv[first]))
    ++first;
  unlink_inherited_outputs(std::vector<std::string>(argv + first, argv + argc), store_dir());
  if (next) {
    // argv[0] is ours: NEXT takes its place, PROGRAM and the rest follow.
    argv[0] = std::getenv("HEIRLOOM_RUSTC_WRAPPER_NEXT");
    ::execv(next->c_str(), argv);
    die("executing '" + *next + "': " + std::strerror(errno));
  }
  // NB: execvp, because cargo passes a bare `rustc` when RUSTC is unset.
  ::execvp(argv[1], argv + 1);
  die(std::string("executing '") + argv[1] + "': " + std::strerror(errno));
}

} // namespace heirloom::shim
