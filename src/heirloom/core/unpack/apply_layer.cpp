// unpack, pass "layers": zstd and crane use-zstd layers streamed onto the
// tree, oldest first, one pass each.
//
// A layer is read once, as it decompresses (util/archive: the zstd frame is
// decoded on a thread of its own, ahead of the tar parser), and each entry is
// checked as it comes: its name (layer_entry_rel), its presence in the
// layer's index, a hard link naming an earlier file, a symlink's target.
// Each entry replaces (unlinks, never writes through) what an older
// generation left. A regular file is written as a file (there is nothing in
// the store to link it to) unless the policy skips it; an absolute symlink
// (crane's layer on top of a tree of links holds them) is resolved to its
// final file, which must lie in the store or an output read, and then goes
// through `place_file` like a link plan's file. After a heirloom layer, the
// files its index no longer lists were deleted since and are removed.
#include "core/unpack/passes.hpp"

#include "core/policy.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/paths.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace heirloom::unpack_passes {

void extract_layer(const Layer& layer, Tree& tree, const std::vector<std::string>& roots, const UnpackOptions& opts,
                   UnpackStats& stats) {
  TarReader reader(layer.archive);
  PlaceCounts counts;
  while (auto e = reader.next()) {
    std::string rel = layer_entry_rel(reader, layer, e->name);
    if (rel.empty())
      continue;
    if (layer.index && !layer.index->contains(rel))
      reader.fail("entry '" + e->name + "': not in " + names::zstd_index + " (archive and index disagree)");
    std::string shown = tree.staging.shown(rel);
    if (e->type == TarEntry::Type::directory) {
      tree.dirs.make_all(rel);
      ++stats.dirs;
      continue;
    }
    if (opts.policy.decide(rel, (e->mode & 0111) != 0).action == Action::skip)
      continue;  // lock files: the policy's only skip
    int dirfd = tree.dirs.make_all(std::string(parent_of(rel)));
    std::string base(base_of(rel));
    // Whatever an older layer left here is replaced, never written through.
    auto remove_old = [&] {
      if (::unlinkat(dirfd, base.c_str(), 0) != 0 && errno != ENOENT) {
        if (errno == EISDIR || errno == EPERM)
          throw_at(shown, "a directory is in the way of a file entry");
        throw_sys(errno, "replacing", shown);
      }
    };
    // A regular file is created with O_EXCL first and only unlinks what is
    // in the way on EEXIST: into an empty dir that saves a failing unlinkat
    // per file (20,000 at 20,000 files).
    if (e->type != TarEntry::Type::regular)
      remove_old();
    tree.written.erase(rel);
    switch (e->type) {
    case TarEntry::Type::regular: {
      mode_t mode = (e->mode & 0111) ? 0755 : 0644;
      const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
      UniqueFd fd(::openat(dirfd, base.c_str(), flags, mode));
      if (!fd && errno == EEXIST) {
        remove_old();
        fd.reset(::openat(dirfd, base.c_str(), flags, mode));
      }
      if (!fd)
        throw_sys(errno, "creating", shown);
      std::uint64_t n = reader.copy_data_to(fd.get(), shown);
      if (e->size >= 0 && ::ftruncate(fd.get(), e->size) != 0)
        throw_sys(errno, "writing", shown);
      struct timespec t[2] = {{e->mtime, e->mtime_nsec}, {e->mtime, e->mtime_nsec}};
      if (::futimens(fd.get(), t) != 0)
        throw_sys(errno, "setting mtime of", shown);
      stats.copied_bytes += n;
      ++stats.copies;
      break;
    }
    case TarEntry::Type::hardlink: {
      std::string src_rel = layer_entry_rel(reader, layer, e->link);
      if (src_rel.empty() || !tree.written.contains(src_rel))
        reader.fail("entry '" + e->name + "': hard link to '" + e->link + "', which is not an earlier file");
      int src_dir = tree.dirs.fd_of(std::string(parent_of(src_rel)));
      if (::linkat(src_dir, std::string(base_of(src_rel)).c_str(), dirfd, base.c_str(), 0) != 0)
        throw_sys(errno, "creating hard link", shown);
      ++stats.copies;
      break;
    }
    case TarEntry::Type::symlink: {
      if (auto why = symlink_entry_reason(rel, e->link, roots))
        reader.fail("entry '" + e->name + "': " + *why);
      if (e->link.front() == '/') {
        std::string final = resolve_link_chain(e->link);
        if (auto why = disallowed_link_target_reason(final, roots))
          reader.fail("entry '" + e->name + "': " + *why);
        if (!place_file(tree, rel, final, opts, counts))
          continue;
      } else {
        make_symlink(dirfd, base.c_str(), e->link, shown);
        ++stats.links;
      }
      break;
    }
    default:
      reader.fail("entry '" + e->name + "': unsupported entry type (devices and FIFOs are refused)");
    }
    tree.written.insert(rel);
  }
  counts.add_to(stats);
}

// (A file pack never packs is absent from every index without having been
// deleted: what an older crane layer brought of those stays.)
void remove_unlisted(const Index& index, Tree& tree, UnpackStats& stats) {
  for (auto it = tree.written.begin(); it != tree.written.end();) {
    const std::string& rel = *it;
    if (index.contains(rel) || is_never_packed(rel)) {
      ++it;
      continue;
    }
    int dirfd = tree.dirs.fd_of(std::string(parent_of(rel)));
    if (::unlinkat(dirfd, std::string(base_of(rel)).c_str(), 0) == 0)
      ++stats.removed;
    else if (errno != ENOENT)
      throw_sys(errno, "removing deleted file", tree.staging.shown(rel));
    it = tree.written.erase(it);
  }
}

} // namespace heirloom::unpack_passes
