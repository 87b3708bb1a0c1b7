// unpack: the driver, a short list of passes (core/unpack/passes.hpp; one
// file per pass group, each saying what it does and why; core/unpack.hpp and
// docs/ARCHITECTURE.md list them).
#include "unpack.hpp"

#include "core/output.hpp"
#include "core/unpack/passes.hpp"
#include "util/error.hpp"

#include <fcntl.h>

namespace heirloom {

using namespace unpack_passes;

UnpackStats unpack(const UnpackOptions& opts) {
  Output out = read_output(opts.from, opts.store_dir);  // read: core/output.cpp
  UnpackStats stats;
  stats.format = format_name(out.format);
  stats.layers = out.layers.size();
  Staging staging(opts.target);  // stage: unpack/staging.cpp
  stats.stale_staging = staging.swept();
  UniqueFd root(::open(staging.work().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root)
    throw_sys(errno, "opening directory", staging.shown(""));
  raise_open_file_limit();
  Tree tree(staging, std::move(root));
  if (out.base)
    apply_link_plan(*out.base, tree, opts, stats, !out.layers.empty());  // dirs, files: unpack/apply_plan.cpp
  bool below = out.base.has_value();
  for (const auto& layer : out.layers) {
    extract_layer(layer, tree, out.roots, opts, stats);  // layers: unpack/apply_layer.cpp
    if (layer.index && below)
      remove_unlisted(*layer.index, tree, stats);
    below = true;
  }
  staging.commit();  // commit: unpack/staging.cpp
  return stats;
}

} // namespace heirloom
