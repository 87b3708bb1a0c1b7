// Which files will this rustc invocation write?
//
// From the arguments alone (after @argfile expansion), the same way rustc
// names its outputs: for each --emit kind and --crate-type, a file named from
// --crate-name and -C extra-filename in --out-dir, or an explicit path
// (`--emit kind=PATH`, `-o FILE`). Probes (-vV, --version, --print, reading the
// crate from stdin) write nothing and are reported as such.
//
// Only the standard library is used: this file is linked into the shim,
// which must start fast, and into the fuzz target.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace heirloom::shim {

struct Prediction {
  bool probe = false;                // nothing will be written
  std::vector<std::string> outputs;  // paths as rustc will open them
};

Prediction predict_outputs(const std::vector<std::string>& args);

// Expands "@path" arguments (one argument per line, as rustc reads them;
// "@shell:path" too, split on whitespace). Returns nullopt with `error` set
// when an argfile cannot be read.
std::optional<std::vector<std::string>> expand_argfiles(const std::vector<std::string>& args,
                                                        std::string& error);

} // namespace heirloom::shim
