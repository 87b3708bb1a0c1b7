// heirloom's rustc shim, installed as libexec/heirloom/rustc.
//
// cargo runs it as RUSTC. It works out which files this rustc invocation will
// write (outputs.hpp), unlinks each one that is a symlink into the Nix store
// (an inherited, read-only artifact that rustc would refuse to overwrite),
// then execs the real rustc named by HEIRLOOM_RUSTC with the arguments
// unchanged, so output keeps streaming and cargo sees exactly what rustc
// prints. Probes (-vV, --print) pass straight through. No temporary files,
// no copies. When it cannot tell what rustc will write, it says so in one
// line and runs rustc anyway (launch.hpp).
//
// Installed a second time as libexec/heirloom/rustc-wrapper, it is a
// RUSTC_WRAPPER instead: the only place that sees the invocations of a
// workspace wrapper such as clippy-driver, which never runs RUSTC.
#include "launch.hpp"

#include <string_view>

int main(int argc, char** argv) {
  std::string_view self = argc > 0 ? argv[0] : "";
  if (self.substr(self.rfind('/') + 1) == "rustc-wrapper")
    heirloom::shim::run_as_wrapper(argc, argv);
  heirloom::shim::run_as_rustc(argc, argv);
}
