// inspect: what an artifacts output holds, without changing anything.
//
// Reads the output the same way unpack does (so the same validation runs),
// then reports the format, the layers of a zstd chain, counts and bytes per
// top-level directory of the target dir ("release", "debug", a target triple),
// how the policy would treat each file, the references, and whether every
// link resolves.
#pragma once

#include "manifest.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace heirloom {

// Files and bytes, and how many of them the policy links and copies.
struct InspectTally {
  std::uint64_t files = 0, bytes = 0;
  std::uint64_t linked_files = 0, linked_bytes = 0;
  std::uint64_t copied_files = 0, copied_bytes = 0;
};

struct InspectLayer {
  std::string path;  // the layer's .tar.zst
  std::uint64_t bytes = 0;
  std::uint64_t entries = 0;
  bool indexed = false;  // a heirloom target.index beside it
};

// What inspect found: the one result that the text and JSON renderings and
// the command's exit code all read.
struct InspectReport {
  std::string path;
  std::string format;
  std::optional<Manifest> manifest;
  std::vector<std::string> references;
  std::vector<InspectLayer> layers;  // oldest first
  std::uint64_t dirs = 0;
  InspectTally totals;
  std::map<std::string, InspectTally> profiles;        // by top-level directory, "(root)" for files at the top
  std::map<std::string, InspectTally> policy_classes;  // "<action>: <reason>" (only files and bytes are shown)
  std::vector<std::string> dangling;                   // files whose link does not resolve
  std::vector<std::string> missing_references;         // store paths linked but not in references
  bool all_resolve() const { return dangling.empty(); }
};

// Throws `Error` when the output cannot be read at all. A link that does not
// resolve is reported, not thrown.
InspectReport inspect(const std::string& artifacts, const std::string& store_dir);

// `heirloom inspect --json`'s object.
nlohmann::ordered_json inspect_json(const InspectReport& report);

// The human-readable rendering.
std::string render_inspect(const InspectReport& report);

} // namespace heirloom
