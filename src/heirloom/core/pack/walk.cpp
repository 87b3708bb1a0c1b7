// pack, pass "walk": list DIR once.
//
// One dirfd-based walk (util/fs: walk_tree, no symlink followed), sorted
// bytewise by archive name so the archive is the same bytes for the same
// tree. Dropped here, so no later pass sees them: cargo's lock files and the
// root's .rustc_info.json (`is_never_packed`: meaningless when inherited),
// and what is neither a file, a directory nor a link (a FIFO or socket a
// build script left in OUT_DIR), with one warning line each. A name unpack
// would refuse is refused now, before OUT exists: an output nobody can
// unpack is no output.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "core/policy.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <cstdio>

namespace heirloom::pack_passes {

std::vector<TreeEntry> walk_packable(const std::string& target, PackStats& stats) {
  std::vector<TreeEntry> all = walk_tree(target);
  std::vector<TreeEntry> kept;
  kept.reserve(all.size());
  for (auto& e : all) {
    if (e.type != FileType::directory && is_never_packed(e.rel)) {
      ++stats.skipped;
      continue;
    }
    if (e.type == FileType::other) {
      std::fprintf(stderr, "heirloom: warning: skipping '%s/%s': not a file, directory or link\n",
                   target.c_str(), e.rel.c_str());
      ++stats.skipped;
      continue;
    }
    if (auto why = unsafe_entry_reason(std::string(names::archive_root) + "/" + e.rel))
      throw_at(target + "/" + e.rel, *why + " once archived; unpack would refuse it");
    kept.push_back(std::move(e));
  }
  return kept;
}

} // namespace heirloom::pack_passes
