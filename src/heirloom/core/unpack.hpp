// unpack: recreate a target dir from an artifacts output.
//
// Passes:
//  1. read      read_output (core/output): the form, every parent and layer,
//               and a tree base's whole link plan, validated before anything
//               is written (layer entries are checked as they stream, in 5)
//  2. stage     remove the staging dirs of dead unpacks of DIR (sweep_staging);
//               when DIR does not exist (or is empty), work in a fresh sibling
//               directory, locked while this unpack owns it, that is renamed
//               onto DIR at the end, so a failed or killed unpack never leaves
//               DIR half made
//  3. dirs      create every directory, sequentially, parents first, each
//               opened with O_NOFOLLOW so nothing is written through a link
//  4. files     in parallel: stat each link target (a missing one is an error),
//               ask the policy, then symlinkat or copy (reflink first)
//  5. layers    zstd and crane use-zstd layers stream on top, oldest first,
//               each file through the policy; after a heirloom layer, the
//               files its index no longer lists are removed
//  6. commit    rename the staging directory onto DIR
#pragma once

#include "policy.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace heirloom {

struct UnpackOptions {
  std::string from;
  std::string target;
  std::string store_dir;
  unsigned jobs = 1;
  Policy policy;
};

struct UnpackStats {
  std::string format;
  std::uint64_t dirs = 0;
  std::uint64_t links = 0;
  std::uint64_t copies = 0;
  std::uint64_t copied_bytes = 0;
  std::uint64_t layers = 0;
  std::uint64_t removed = 0;  // zstd: files dropped because a newer layer deleted them
  std::uint64_t stale_staging = 0;  // staging dirs of dead unpacks of DIR removed
};

UnpackStats unpack(const UnpackOptions& opts);

// gc-staging (also the first step of pass 2): the staging directories
// `.<name>.heirloom-XXXXXX` beside `target` (DIR; it need not exist) whose
// unpack is dead are removed. A staging directory is locked (flock) by its
// unpack from its creation until its rename onto DIR or its cleanup, so one
// whose lock can be taken has no live owner; one whose lock is held is left
// alone. Only entries of exactly that name that are directories are touched
// (never a symlink, never a file, never another target's), and removal never
// follows a link.
struct StagingSweep {
  std::uint64_t removed = 0;  // dead unpacks' staging dirs removed
  std::uint64_t in_use = 0;   // locked by a live unpack: left alone
  std::vector<std::string> errors;  // one line each, naming the path and the reason
};
// Throws `Error` when DIR's parent cannot be read; what fails for one staging
// dir goes to `errors` and the sweep goes on.
StagingSweep sweep_staging(const std::string& target);

} // namespace heirloom
