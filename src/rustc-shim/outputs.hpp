// Which files will this rustc invocation write?
//
// From the arguments alone (after @argfile expansion, argfile.hpp), the same
// way rustc names its outputs: for each --emit kind and --crate-type, a file
// named from --crate-name and -C extra-filename in --out-dir, or an explicit
// path (`--emit kind=PATH`, `-o FILE`). Probes (-vV, --version, --print,
// reading the crate from stdin) write nothing and are reported as such; a
// command line with an option rustc_options (options.cpp) does not know is
// reported as unpredictable, never guessed at.
//
// Only the standard library is used: this file is linked into the shim,
// which must start fast, and into the fuzz target.
#pragma once

#include <string>
#include <vector>

namespace heirloom::shim {

struct Prediction {
  bool probe = false;                // nothing will be written
  std::vector<std::string> outputs;  // paths as rustc will open them
  std::string unpredictable;         // when not empty: why `outputs` is unknown (and empty)
};

// `args`: rustc's arguments after @argfile expansion, without argv[0].
Prediction predict_outputs(const std::vector<std::string>& args);

} // namespace heirloom::shim
