// unpack: recreate a target dir from an artifacts output.
//
// Passes:
//  1. read      read_output (core/output): the form, every parent and layer,
//               and a tree base's whole link plan, validated before anything
//               is written (layer entries are checked as they stream, in 5)
//  2. stage     when DIR does not exist (or is empty), work in a fresh sibling
//               directory that is renamed onto DIR at the end, so a failed or
//               killed unpack never leaves DIR half made
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
};

UnpackStats unpack(const UnpackOptions& opts);

} // namespace heirloom
