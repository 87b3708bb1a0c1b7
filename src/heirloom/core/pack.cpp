// pack: the driver. Each mode is a short list of passes over the flat vector
// the walk returns (core/pack/passes.hpp; one file per pass, each saying
// what it does and why; docs/ARCHITECTURE.md has the table).
#include "pack.hpp"

#include "core/output.hpp"
#include "core/pack/passes.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace heirloom {

namespace {

using namespace pack_passes;

PackStats pack_symlinks(const PackOptions& opts, const std::string& target, const std::string& out) {
  PackStats stats;
  std::vector<TreeEntry> entries = walk_packable(target, stats);      // walk.cpp
  std::vector<Item> items = classify(entries, target, opts.store_dir);  // classify.cpp
  stats.deduplicated = dedup(items, target, opts);                      // dedup.cpp

  OutputGuard guard(out);  // out_dir.cpp
  std::string owned_root = guard.claim(names::owned_dir);
  std::string tar_path = guard.claim(names::symlinks_tar);
  std::string refs_path = guard.claim(names::references);
  std::string manifest_path = guard.claim(names::manifest);

  MoveIntoOutput moved(items, target, owned_root, opts.jobs);  // move.cpp
  SymlinksArchive archive = write_symlinks_archive(items, tar_path, opts.store_dir, stats);  // write_symlinks.cpp
  write_file_atomic(refs_path, references_to_text(std::move(archive.references)));
  Manifest m = manifest_for("symlinks", stats, opts);
  m.symlinks = archive.symlinks;
  write_file_atomic(manifest_path, manifest_to_json(m));
  moved.keep();
  guard.commit();
  return stats;
}

PackStats pack_zstd(const PackOptions& opts, const std::string& target, const std::string& out) {
  PackStats stats;
  std::vector<TreeEntry> entries = walk_packable(target, stats);      // walk.cpp
  std::vector<Item> items = classify(entries, target, opts.store_dir);  // classify.cpp
  LayerBase base = layer_base(opts);                                    // layer_base.cpp

  OutputGuard guard(out);  // out_dir.cpp
  std::string tar_path = guard.claim(names::zstd_tar);
  std::string index_path = guard.claim(names::zstd_index);
  std::string prev_path = base.layer.empty() ? std::string() : guard.claim(std::string(names::zstd_tar) + names::prev_suffix);
  std::string refs_path = guard.claim(names::references);
  std::string manifest_path = guard.claim(names::manifest);

  LayerArchive layer = write_layer(items, target, base, tar_path, opts, stats);  // write_layer.cpp
  write_file_atomic(index_path, index_to_text(layer.index));
  std::vector<std::string> refs;
  if (!base.layer.empty()) {
    if (::symlink(base.layer.c_str(), prev_path.c_str()) != 0)
      throw_sys(errno, "creating link", prev_path);
    if (auto sp = store_path_of(base.layer, opts.store_dir))
      refs.push_back(*sp);
  }
  write_file_atomic(refs_path, references_to_text(std::move(refs)));
  Manifest m = manifest_for("zstd", stats, opts);
  m.symlinks = layer.symlinks;
  write_file_atomic(manifest_path, manifest_to_json(m));
  guard.commit();
  return stats;
}

} // namespace

PackStats pack(const PackOptions& opts) {
  std::string target = absolute_path(opts.target);
  std::string out = absolute_path(opts.out);
  struct stat st;
  if (::stat(target.c_str(), &st) != 0)
    throw_sys(errno, "reading target dir", target);
  if (!S_ISDIR(st.st_mode))
    throw_at(target, "target dir is not a directory");
  if (out == target || out.starts_with(target + "/"))
    throw_at(out, "output lies inside the target dir");
  return opts.mode == PackMode::symlinks ? pack_symlinks(opts, target, out) : pack_zstd(opts, target, out);
}

} // namespace heirloom
