// rustc's @argfiles: an argument "@path" stands for the lines of the file
// `path`, one argument per line ("\r\n" too); "@shell:path" for its words,
// split on whitespace. rustc expands them before reading any option, wherever
// they appear, and not recursively.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace heirloom::shim {

// Returns `args` with every argfile expanded, or nullopt with `error` set
// ("cannot read argument file '<path>'") when one cannot be read.
std::optional<std::vector<std::string>> expand_argfiles(const std::vector<std::string>& args,
                                                        std::string& error);

} // namespace heirloom::shim
