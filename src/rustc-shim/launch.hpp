// The shim's two ways of running, and what they share: unlink the store
// links at rustc's predicted outputs, then exec the next program.
//
// Two kinds of trouble, two answers (as ccache does):
// - the shim's own configuration is wrong (HEIRLOOM_RUSTC unset, not an
//   executable, the shim itself; HEIRLOOM_RUSTC_WRAPPER_NEXT not found or the
//   wrapper itself): one line `heirloom-rustc: error: ...`, exit 1;
// - the outputs cannot be predicted (an option rustc_options does not list,
//   an unreadable @argfile) or an inherited link cannot be removed: one line
//   `heirloom-rustc: warning: ...`, and rustc runs anyway. Most such calls
//   write nothing inherited; when one does, rustc's own error names the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heirloom::shim {

// Unlinks each predicted output of rustc `args` (argv without argv[0], before
// @argfile expansion) that is a symlink into `store`. Prints one warning and
// unlinks nothing when the outputs cannot be predicted.
void unlink_inherited_outputs(const std::vector<std::string>& args, const std::string& store);

// The program `name` as execvp would run it: `name` itself when it contains
// a '/', else the first executable regular file `DIR/name` for DIR in
// `search_path` (colon-separated; an empty entry is the current directory).
std::optional<std::string> find_program(std::string_view name, std::string_view search_path);

// As RUSTC: exec HEIRLOOM_RUSTC with argv[1..] unchanged.
[[noreturn]] void run_as_rustc(int argc, char** argv);

// As RUSTC_WRAPPER: argv is `wrapper PROGRAM [RUSTC] ARGS...`; exec PROGRAM
// with its arguments, or `$HEIRLOOM_RUSTC_WRAPPER_NEXT PROGRAM ARGS...` when
// that is set and not empty (a user's wrapper such as sccache, chained).
[[noreturn]] void run_as_wrapper(int argc, char** argv);

} // namespace heirloom::shim
