// inspect: what an artifacts output holds, without changing anything.
//
// Reads the output the same way unpack does (so the same validation runs),
// then reports the format, the layers of a zstd chain, counts and bytes per
// top-level directory of the target dir ("release", "debug", a target triple),
// how the policy would treat each file, the references, and whether every
// link resolves.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace heirloom {

// Throws `Error` when the output cannot be read at all. A link that does not
// resolve is reported, not thrown.
nlohmann::ordered_json inspect(const std::string& artifacts, const std::string& store_dir);

// The human-readable rendering of inspect's report.
std::string render_inspect(const nlohmann::ordered_json& report);

} // namespace heirloom
