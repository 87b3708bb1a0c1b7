// unpack, passes "dirs" and "files": a tree base (a heirloom symlinks
// output, a crane use-symlink dir) written from its link plan.
//
// read_output has validated the whole plan before anything is written
// (names, types, order, link targets). "dirs" runs sequentially, parents
// first, since each directory is created relative to its parent's
// descriptor. "files" runs in parallel: each file is a policy decision
// and a symlinkat or a copy, independent of every other; the store file is
// stat'ed first unless the decision is a copy whatever its mode, where the
// copy's own open and fstat check it (tree.cpp, place_file). The plan's
// relative links (cargo's own, inside the tree) are made as they are.
#include "core/unpack/passes.hpp"

#include "util/parallel.hpp"
#include "util/paths.hpp"

namespace heirloom::unpack_passes {

void apply_link_plan(const LinkPlan& plan, Tree& tree, const UnpackOptions& opts, UnpackStats& stats,
                     bool record_written) {
  for (const auto& d : plan.dirs)
    tree.dirs.make(d);
  stats.dirs += plan.dirs.size();

  PlaceCounts counts;
  parallel_for(plan.files.size(), opts.jobs, [&](std::size_t i) {
    const auto& f = plan.files[i];
    place_file(tree, f.rel, f.target, opts, counts);
  });
  for (const auto& s : plan.symlinks) {
    int dirfd = tree.dirs.fd_of(std::string(parent_of(s.rel)));
    make_symlink(dirfd, std::string(base_of(s.rel)).c_str(), s.target, tree.staging.shown(s.rel));
    counts.links.fetch_add(1, std::memory_order_relaxed);
  }
  // Only a layer's deletions read what was written (remove_unlisted): a
  // base alone does not pay for the set (50,000 strings at 50,000 files).
  if (record_written) {
    tree.written.reserve(plan.files.size() + plan.symlinks.size());
    for (const auto& f : plan.files)
      tree.written.insert(f.rel);
    for (const auto& s : plan.symlinks)
      tree.written.insert(s.rel);
  }
  counts.add_to(stats);
}

} // namespace heirloom::unpack_passes
