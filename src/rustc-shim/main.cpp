// heirloom's rustc shim, installed as libexec/heirloom/rustc.
//
// cargo runs it as RUSTC. It works out which files this rustc invocation will
// write, unlinks each one that is a symlink into the Nix store (an inherited,
// read-only artifact that rustc would refuse to overwrite), then execs the
// real rustc named by HEIRLOOM_RUSTC with the arguments unchanged, so output
// keeps streaming and cargo sees exactly what rustc prints. Probes (-vV,
// --print) pass straight through. No temporary files, no copies.
#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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

} // namespace

int main(int argc, char** argv) {
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

  std::vector<std::string> args(argv + 1, argv + argc);
  std::string error;
  auto expanded = heirloom::shim::expand_argfiles(args, error);
  if (!expanded)
    die(error);
  auto prediction = heirloom::shim::predict_outputs(*expanded);
  if (!prediction.probe) {
    std::string store = store_dir();
    for (const auto& out : prediction.outputs)
      unlink_store_link(out, store);
  }
  argv[0] = const_cast<char*>(real);
  ::execv(real, argv);
  die(std::string("executing '") + real + "': " + std::strerror(errno));
}
