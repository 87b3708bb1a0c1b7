// The one reader of artifacts outputs: what an output is, validated whole.
//
// heirloom reads these forms (docs/FORMAT.md has them byte for byte):
//   symlinks    OUT/symlinks.tar (or a compressed symlinks.tar.*), OUT/references,
//               OUT/heirloom.json, OUT/target/ (files this output owns)
//   zstd        OUT/target.tar.zst, OUT/target.index, OUT/references,
//               OUT/heirloom.json, optional OUT/target.tar.zst.prev
//   crane-zstd  crane's use-zstd output: OUT/target.tar.zst, optional
//               OUT/target.tar.zst.prev
//   crane-dir   crane's use-symlink output: OUT/target/ holding files and links
//               (possibly chains of links) into older outputs
// ARTIFACTS may also name a `*.tar.zst` layer file directly.
//
// A `<layer>.prev` link names what the layer was made on top of: another
// layer file (followed recursively, as crane's inherit does), or a directory
// holding any output above (read recursively through this same reader; crane's
// own inherit ignores such a link). Every layer and output is visited once: a
// loop is an error, and so is a `.prev` that does not resolve.
//
// `read_output` reads and checks everything except the layers' entries, which
// are streamed by their users (unpack, inspect, pack --prev) through
// `layer_entry_rel`: heirloom.json must parse, be of a known format, and match
// the files present; its counts must match the archive or index; `references`
// must list exactly the store paths the output links into.
#pragma once

#include "link_plan.hpp"
#include "manifest.hpp"

#include <optional>
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
// Every symlinks archive entry name starts with this component (and so did
// the zstd layers of heirloom format 1).
inline constexpr const char* archive_root = "target";
} // namespace names

// heirloom.json's `format`: 2 since zstd layers name entries as crane does.
inline constexpr int format_version = 2;
inline constexpr int oldest_format_version = 1;

enum class Format { symlinks, zstd, crane_zstd, crane_dir };

const char* format_name(Format f);

// How a layer's entry names map onto the target dir.
enum class LayerNames {
  relative,        // crane and heirloom format 2: "./", "./release/x" (as tar -x -C DIR places them)
  target_prefixed  // heirloom format 1: "target/", "target/release/x"
};

struct Layer {
  std::string archive;        // real path of the .tar.zst
  LayerNames names;
  std::optional<Index> index; // heirloom layers: every path of the tree as packed
};

struct Output {
  Format format;                          // of the output named
  std::string path;                       // absolute: the directory, or the layer file named
  std::string chain_head;                 // what a newer layer's `.prev` links to (see FORMAT.md)
  std::optional<Manifest> manifest;       // the named output's heirloom.json
  std::vector<std::string> references;    // the named output's references
  std::optional<LinkPlan> base;           // the oldest generation, when it is a directory tree
  std::vector<Layer> layers;              // oldest first, applied on top of `base`
  std::vector<std::string> roots;         // where links may point: the store, every output read
};

// Reads ARTIFACTS and everything it builds on; throws `Error` naming the
// offending path.
Output read_output(const std::string& path, const std::string& store_dir);

// The path of a layer entry relative to the target dir, "" for the root entry;
// refuses (through `reader.fail`) a name that is unsafe or lies outside the
// layer's root. `name` is a tar entry name or a hard link's target.
std::string layer_entry_rel(const class TarReader& reader, const Layer& layer, const std::string& name);

// The tar entry name of `rel` in a layer heirloom writes: "./" for the root,
// "./<rel>" otherwise.
std::string layer_entry_name(const std::string& rel);

// An archive entry name without leading "./" and trailing "/".
std::string trim_archive_name(std::string name);

// Strips the archive's first name component ("target/x/y" -> "x/y"); returns
// an empty string for the root entry itself.
std::string strip_archive_root(const std::string& name);

} // namespace heirloom
