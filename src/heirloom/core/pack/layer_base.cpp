// pack, pass "base" (zstd mode with --prev): what the new layer is made on
// top of.
//
// The parent may be any output read_output reads. Its tree, with each file's
// size and mtime, lets the layer leave out what the parent already holds
// unchanged: a heirloom layer's target.index is its whole tree; a crane layer
// only adds to what lies below it (its headers give sizes and mtimes); a tree
// parent's files are stat'ed. The new layer's `.prev` links to the parent's
// newest layer file, or to the parent directory when that is a tree
// (docs/FORMAT.md).
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"

#include <sys/stat.h>

#include <filesystem>

namespace heirloom::pack_passes {

namespace {

Index previous_tree(const Output& o) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < o.layers.size(); ++i)
    if (o.layers[i].index)
      from = i;
  Index tree;
  if (from < o.layers.size() && o.layers[from].index) {
    tree = *o.layers[from].index;
    ++from;
  } else if (o.base) {
    for (const auto& f : o.base->files) {
      struct stat st;
      if (::stat(f.target.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        tree[f.rel] = {'f', static_cast<std::uint64_t>(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    }
  }
  for (std::size_t i = from; i < o.layers.size(); ++i) {
    const Layer& layer = o.layers[i];
    TarReader reader(layer.archive);
    while (auto e = reader.next()) {
      std::string rel = layer_entry_rel(reader, layer, e->name);
      if (rel.empty())
        continue;
      if (e->type == TarEntry::Type::regular)
        tree[rel] = {'f', static_cast<std::uint64_t>(e->size), e->mtime, e->mtime_nsec};
      else if (e->type == TarEntry::Type::hardlink && tree.contains(layer_entry_rel(reader, layer, e->link)))
        tree[rel] = tree[layer_entry_rel(reader, layer, e->link)];
      else
        tree.erase(rel);  // a link or directory: not a file a later layer may leave out
    }
  }
  return tree;
}

} // namespace

LayerBase layer_base(const PackOptions& opts) {
  LayerBase base;
  if (opts.prev.empty())
    return base;
  Output parent = read_output(opts.prev, opts.store_dir);
  base.tree = previous_tree(parent);
  std::error_code ec;
  base.layer = std::filesystem::canonical(parent.chain_head, ec).string();
  if (ec)
    throw_sys(ec.value(), "resolving", parent.chain_head);
  return base;
}

} // namespace heirloom::pack_passes
