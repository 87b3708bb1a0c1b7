// pack, pass "write" (symlinks mode): symlinks.tar, the tree as links.
//
// One entry per item, in the walk's bytewise order, with fixed headers
// (util/archive: TarWriter), so the same tree gives the same bytes. An owned
// file's link names its own archive name rather than OUT/target/<path>:
// OUT's own hash must not appear in the tar, where Nix's hash rewriting
// (--check, content-addressed outputs) would break header checksums. The tar
// is written under a temporary name and renamed, so no reader sees half of
// it. The store paths it links into become `references`.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/store.hpp"

#include <cstdio>

namespace heirloom::pack_passes {

SymlinksArchive write_symlinks_archive(const std::vector<Item>& items, const std::string& tar_path,
                                       const std::string& store_dir, PackStats& stats) {
  SymlinksArchive result;
  TarWriter tar(tar_path + ".heirloom-tmp", std::nullopt, archive_mtime());
  std::string root = names::archive_root;
  tar.add_directory(root + "/");
  for (const auto& it : items) {
    std::string name = root + "/" + it.entry->rel;
    switch (it.kind) {
    case Kind::dir:
      tar.add_directory(name + "/");
      ++stats.dirs;
      break;
    case Kind::owned:
    case Kind::deref:
      tar.add_symlink(name, name);
      ++stats.files;
      ++stats.owned;
      stats.owned_bytes += it.entry->size;
      break;
    case Kind::store_link:
      tar.add_symlink(name, it.target);
      result.references.push_back(*store_path_of(it.target, store_dir));
      ++stats.files;
      ++stats.linked;
      break;
    case Kind::rel_link:
      tar.add_symlink(name, it.target);
      ++result.symlinks;
      break;
    }
  }
  tar.finish();
  stats.archive_bytes = tar.bytes_written();
  if (std::rename((tar_path + ".heirloom-tmp").c_str(), tar_path.c_str()) != 0)
    throw_sys(errno, "writing", tar_path);
  return result;
}

} // namespace heirloom::pack_passes
