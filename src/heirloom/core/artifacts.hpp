// What an artifacts output is, and how to find its parts.
//
// heirloom reads four layouts (docs/FORMAT.md has them byte for byte):
//   symlinks  OUT/symlinks.tar (or a compressed symlinks.tar.*), OUT/references,
//             OUT/heirloom.json, OUT/target/ (files this output owns)
//   zstd      OUT/target.tar.zst, optional OUT/target.tar.zst.prev (a link to
//             the previous layer's target.tar.zst), OUT/target.index (heirloom)
//   crane zstd the same without target.index (crane's use-zstd mode)
//   crane dir OUT/target/ holding files and links into older outputs
//             (crane's use-symlink mode)
// ARTIFACTS may also name a `*.tar.zst` file directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heirloom {

namespace names {
inline constexpr const char* symlinks_tar = "symlinks.tar";
inline constexpr const char* references = "references";
inline constexpr const char* manifest = "heirloom.json";
inline constexpr const char* owned_dir = "target";
inline constexpr const char* zstd_tar = "target.tar.zst";
inline constexpr const char* prev_suffix = ".prev";
inline constexpr const char* zstd_index = "target.index";
// Every archive entry name starts with this component.
inline constexpr const char* archive_root = "target";
} // namespace names

inline constexpr int format_version = 1;

enum class Format { symlinks, zstd, crane_dir };

const char* format_name(Format f);

struct Artifacts {
  Format format;
  std::string dir;   // absolute directory of the output
  std::string file;  // symlinks: the symlinks tar; zstd: the newest layer
  std::string real_dir = {};  // `dir` with every symlink resolved (where owned files are)
};

// Recognises ARTIFACTS; throws `Error` naming the path when it is none of the
// layouts above.
Artifacts find_artifacts(const std::string& path);

// The zstd layers of a chain, oldest first, following `<layer>.prev` links.
// A `.prev` that does not resolve is an error naming it.
std::vector<std::string> zstd_chain(const std::string& newest_layer);

// Where the links of an output may point: the store dir, and the output
// itself (by its given path and its real path) for outputs outside a store.
std::vector<std::string> allowed_roots(const Artifacts& arts, const std::string& store_dir);

// An archive entry name without leading "./" and trailing "/".
std::string trim_archive_name(std::string name);

// Strips the archive's first name component ("target/x/y" -> "x/y"); returns
// an empty string for the root entry itself.
std::string strip_archive_root(const std::string& name);

} // namespace heirloom
