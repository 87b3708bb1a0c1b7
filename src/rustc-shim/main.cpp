// heirloom's rustc shim, installed as libexec/heirloom/rustc.
//
// cargo runs it as RUSTC. It works out which files this rustc invocation will
// write, unlinks each one that is a symlink into the Nix store (an inherited,
// read-only artifact that rustc would refuse to overwrite), then execs the
// real rustc named by HEIRLOOM_RUSTC with the arguments unchanged, so output
// keeps streaming and cargo sees exactly what rustc prints. Probes (-vV,
// --print) pass straight through. No temporary files, no copies.
//
// Installed a second time as libexec/heirloom/rustc-wrapper, it is a
// RUSTC_WRAPPER instead: the only place that sees the invocations of a
// workspace wrapper such as clippy-driver, which never runs RUSTC.
#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "heirloom-rustc: error: %s\n", msg.c_str());
  std::exit(1);
}

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
      die("removing inherited '" + path + "': " + std::strerror(errno));
  }
}


bool is_executable_file(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISREG(st.st_mode) && ::access(path, X_OK) == 0;
}

std::string_view base_name(std::string_view p) {
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

void unlink_predicted(const std::vector<std::string>& args) {
  std::string error;
  auto expanded = heirloom::shim::expand_argfiles(args, error);
  if (!expanded)
    die(error);
  auto prediction = heirloom::shim::predict_outputs(*expanded);
  if (prediction.probe)
    return;
  std::string store = store_dir();
  for (const auto& out : prediction.outputs)
    unlink_store_link(out, store);
}

// As RUSTC_WRAPPER ("rustc-wrapper"): cargo runs `wrapper PROGRAM [RUSTC]
// ARGS...`, where PROGRAM is RUSTC or a workspace wrapper such as
// clippy-driver, which compiles in-process and never runs RUSTC. Unlink the
// outputs, then exec PROGRAM with everything after it.
[[noreturn]] void run_as_wrapper(int argc, char** argv) {
  if (argc < 2)
    die("rustc-wrapper: no program to run (cargo passes it as the first argument)");
  if (base_name(argv[1]) == "rustc-wrapper")
    die(std::string("rustc-wrapper: '") + argv[1] + "' is this wrapper itself");
  int first = 2;
  // Skip the compiler paths that precede rustc's own arguments.
  while (first < argc && first < 4 && argv[first][0] != '-' && !std::string_view(argv[first]).ends_with(".rs") &&
         is_executable_file(argv[first]))
    ++first;
  unlink_predicted(std::vector<std::string>(argv + first, argv + argc));
  ::execv(argv[1], argv + 1);
  die(std::string("executing '") + argv[1] + "': " + std::strerror(errno));
}

} // namespace

int main(int argc, char** argv) {
  if (base_name(argv[0]) == "rustc-wrapper")
    run_as_wrapper(argc, argv);
  const char* real = std::getenv("HEIRLOOM_RUSTC");
  if (!real || !*real)
    die("HEIRLOOM_RUSTC is not set; it must name the real rustc");
  struct stat real_st, self_st;
  if (::stat(real, &real_st) != 0)
    die(std::string("HEIRLOOM_RUSTC='") + real + "': " + std::strerror(errno));
  if (!S_ISREG(real_st.st_mode) || ::access(real, X_OK) != 0)
    die(std::string("HEIRLOOM_RUSTC='") + real + "' is not an executable file");
  if (::stat("/proc/self/exe", &self_st) == 0 && self_st.st_dev == real_st.st_dev &&
      self_st.st_ino == real_st.st_ino)
    die(std::string("HEIRLOOM_RUSTC='") + real + "' is this shim itself; it must name the real rustc");

  unlink_predicted(std::vector<std::string>(argv + 1, argv + argc));
  argv[0] = const_cast<char*>(real);
  ::execv(real, argv);
  die(std::string("executing '") + real + "': " + std::strerror(errno));
}
