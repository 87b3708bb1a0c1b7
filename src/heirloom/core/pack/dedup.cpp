// pack, pass "dedup" (symlinks mode with --prev, parallel): give back to the
// previous output what unpack copied out of it.
//
// unpack materializes the files cargo rewrites in place (fingerprints,
// dep-info, OUT_DIR); most of them come out of the next build unchanged. An
// owned file at a path the previous output links, with the same size and
// then the same bytes as that file, is linked there instead of being stored
// again. Sizes first: the byte comparison runs only where they match. Only a
// directory tree has files to link to (a layer's files live inside its
// archive), so a layered --prev dedups nothing.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/parallel.hpp"

#include <sys/stat.h>

#include <atomic>

namespace heirloom::pack_passes {

namespace {

// The previous output's links, by path.
std::unordered_map<std::string, std::string> previous_links(const std::string& prev, const std::string& store_dir) {
  std::unordered_map<std::string, std::string> map;
  if (prev.empty())
    return map;
  Output o = read_output(prev, store_dir);
  if (!o.base || !o.layers.empty())
    return map;
  for (auto& f : o.base->files)
    map.emplace(std::move(f.rel), std::move(f.target));
  return map;
}

} // namespace

std::uint64_t dedup(std::vector<Item>& items, const std::string& target, const PackOptions& opts) {
  auto prev = previous_links(opts.prev, opts.store_dir);
  if (prev.empty())
    return 0;
  std::atomic<std::uint64_t> linked{0};
  parallel_for(items.size(), opts.jobs, [&](std::size_t i) {
    Item& it = items[i];
    if (it.kind != Kind::owned)
      return;
    auto found = prev.find(it.entry->rel);
    if (found == prev.end())
      return;
    struct stat st;
    if (::stat(found->second.c_str(), &st) != 0 || static_cast<std::uint64_t>(st.st_size) != it.entry->size)
      return;
    if (same_contents(target + "/" + it.entry->rel, found->second)) {
      it.kind = Kind::store_link;
      it.target = found->second;
      linked.fetch_add(1, std::memory_order_relaxed);
    }
  });
  return linked;
}

} // namespace heirloom::pack_passes
