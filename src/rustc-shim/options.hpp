// rustc's command line, read the way rustc reads it.
//
// rustc parses its options with getopts; `rustc_options` (options.cpp) lists
// every option rustc accepts, whether it takes a value and what it means for
// the files rustc writes. The forms getopts accepts: `--name value`,
// `--name=value`, `-X value`, `-Xvalue` (`-Copt-level=3`), grouped short
// flags (`-vV` is `-v -V`); `--` ends the options; every other argument is an
// input, `-` being stdin. An option outside the table is reported, not
// guessed at: the caller cannot know which argument is its value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace heirloom::shim {

struct RustcArgs {
  bool probe = false;   // -vV, --version, --help, --print, --explain, a crate on stdin: nothing is compiled
  bool test = false;    // --test
  std::string unknown;  // why the command line cannot be read ("" when it can): the first argument not understood
  std::optional<std::string> input;       // the first input
  std::optional<std::string> out_dir;     // --out-dir
  std::optional<std::string> out_file;    // -o
  std::optional<std::string> crate_name;  // --crate-name
  std::optional<std::string> target;      // --target
  std::string extra_filename;             // -C extra-filename=
  std::vector<std::string> crate_types;   // every --crate-type, split on commas
  std::vector<std::string> emits;         // every --emit, split on commas: "kind" or "kind=PATH"
};

// Reads `args` (rustc's arguments after @argfile expansion, without argv[0]).
// The last --out-dir, -o, --crate-name, --target and -C extra-filename win.
// When a probe appears, `probe` is set even if `unknown` is too.
RustcArgs parse_rustc_args(const std::vector<std::string>& args);

} // namespace heirloom::shim
