// The passes of pack, in the order core/pack.cpp runs them, and the flat
// vectors they work over. Internal to core/pack: the public contract is
// core/pack.hpp.
#pragma once

#include "core/manifest.hpp"
#include "core/pack.hpp"
#include "util/fs.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace heirloom::pack_passes {

enum class Kind {
  dir,
  owned,       // a real file of DIR, stored in this output
  store_link,  // a link to a file of an older output (resolved)
  rel_link,    // a relative symlink inside the tree, kept verbatim
  deref,       // a link to a file outside the store: its contents are stored
};

// One entry of DIR as it goes into the output; `items[i].entry` points into
// the walk's vector, which outlives every pass.
struct Item {
  const TreeEntry* entry;
  Kind kind;
  std::string target;  // store_link: final file; rel_link: link text; deref: final file
  bool moved = false;  // owned: renamed out of DIR (undone on failure)
};

// walk.cpp: every packable entry of `target`, sorted bytewise.
std::vector<TreeEntry> walk_packable(const std::string& target, PackStats& stats);

// classify.cpp: what each entry becomes.
std::vector<Item> classify(const std::vector<TreeEntry>& entries, const std::string& target,
                           const std::string& store_dir);

// dedup.cpp: owned files equal to the file the previous output links at the
// same path become links to it; returns how many.
std::uint64_t dedup(std::vector<Item>& items, const std::string& target, const PackOptions& opts);

// out_dir.cpp: the files pack creates in OUT, removed again if pack fails.
// OUT itself is removed too when pack created it.
class OutputGuard {
public:
  explicit OutputGuard(const std::string& out);
  ~OutputGuard();
  OutputGuard(const OutputGuard&) = delete;
  OutputGuard& operator=(const OutputGuard&) = delete;
  // Claims OUT/<name>; it must not exist yet.
  std::string claim(const std::string& name);
  void commit() { committed_ = true; }

private:
  std::string out_;
  std::vector<std::string> names_;
  bool created_ = false;
  bool committed_ = false;
};

// out_dir.cpp: the manifest fields both modes fill from their stats.
Manifest manifest_for(const char* mode, const PackStats& stats, const PackOptions& opts);

// move.cpp: renames (or copies) every owned and dereferenced file into
// `owned_root`; until `keep()`, the destructor renames the moved files back.
class MoveIntoOutput {
public:
  MoveIntoOutput(std::vector<Item>& items, const std::string& target, const std::string& owned_root,
                 unsigned jobs);
  ~MoveIntoOutput();
  MoveIntoOutput(const MoveIntoOutput&) = delete;
  MoveIntoOutput& operator=(const MoveIntoOutput&) = delete;
  void keep() { kept_ = true; }

private:
  void move_all(unsigned jobs);
  void undo();

  std::vector<Item>& items_;
  std::string target_;
  std::string owned_root_;
  bool kept_ = false;
};

// write_symlinks.cpp: symlinks.tar (through a temporary name), counting
// files, dirs and links into `stats`; returns the references and the number
// of relative links kept.
struct SymlinksArchive {
  std::vector<std::string> references;
  std::uint64_t symlinks = 0;
};
SymlinksArchive write_symlinks_archive(const std::vector<Item>& items, const std::string& tar_path,
                                       const std::string& store_dir, PackStats& stats);

// layer_base.cpp: what a zstd layer is made on top of.
struct LayerBase {
  Index tree;         // the parent's files with sizes and mtimes
  std::string layer;  // what `.prev` links to (canonical), "" without --prev
};
LayerBase layer_base(const PackOptions& opts);

// write_layer.cpp: one tar of the tree through zstd (through a temporary
// name), leaving to the parent what it already has; returns the new index
// and the number of relative links.
struct LayerArchive {
  Index index;
  std::uint64_t symlinks = 0;
};
LayerArchive write_layer(const std::vector<Item>& items, const std::string& target, const LayerBase& base,
                         const std::string& tar_path, const PackOptions& opts, PackStats& stats);

} // namespace heirloom::pack_passes
