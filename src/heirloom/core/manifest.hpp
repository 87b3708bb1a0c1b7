// The small side files of an output: heirloom.json (what the output is),
// references (the store paths it links into, as plain text for Nix's scanner)
// and target.index (every path of a zstd layer's tree, so that unpack can drop
// files deleted since an older layer).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace heirloom {

struct Manifest {
  int format = 0;
  std::string mode;          // "symlinks" or "zstd"
  std::string tool_version;
  std::uint64_t files = 0;   // regular files in the tree
  std::uint64_t dirs = 0;
  std::uint64_t symlinks = 0;  // relative symlinks kept as they were
  std::uint64_t owned_files = 0;   // files stored in this output
  std::uint64_t owned_bytes = 0;
  std::uint64_t linked_files = 0;  // symlinks mode: files linked to older outputs
  std::uint64_t deduplicated_files = 0;  // of those, materialized copies found unchanged
  std::vector<std::string> parents;  // the --prev artifacts, absolute
};

std::string manifest_to_json(const Manifest& m);
// Throws `Error` naming `path` when the JSON is malformed or of another format.
Manifest manifest_from_json(const std::string& text, const std::string& path);

// One store path a line, sorted, unique, each line ending in '\n'.
std::string references_to_text(std::vector<std::string> paths);
std::vector<std::string> references_from_text(const std::string& text, const std::string& path);

struct IndexEntry {
  char type = 'f';  // 'd' directory, 'f' regular file, 'l' symlink
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  long mtime_nsec = 0;  // in memory only (an index on disk holds whole seconds)
};
using Index = std::map<std::string, IndexEntry>;

// Records "<type> <size> <mtime> <path>\0", sorted by path.
std::string index_to_text(const Index& index);
Index index_from_text(const std::string& text, const std::string& path);

// SOURCE_DATE_EPOCH when it is a number, else 1 (Nix's store mtime).
std::int64_t archive_mtime();

extern const char* const tool_version;

} // namespace heirloom
