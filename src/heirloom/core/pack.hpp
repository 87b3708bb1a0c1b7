// pack: turn a target dir into an artifacts output.
//
// symlinks mode, passes:
//  1. walk      list DIR once (dirfd walk, no symlinks followed), drop cargo
//               locks, sort bytewise
//  2. classify  each entry: a directory; a link already pointing into the
//               store (kept, resolved to its final file so chains never grow);
//               a relative link inside the tree (kept as is); or a real file
//  3. dedup     in parallel: a real file whose path the previous output links
//               and whose bytes equal that file is linked there instead of
//               stored again (sizes first, bytes only when sizes match)
//  4. move      in parallel: rename each remaining file into OUT/target,
//               copying when OUT is on another file system; undone on failure
//  5. write     symlinks.tar, references, heirloom.json (temporary names,
//               renamed at the end)
//
// zstd mode walks the same way, then streams one tar of file contents through
// a multi-threaded zstd compressor; with a previous output it stores only
// what differs from that output's index.
#pragma once

#include <cstdint>
#include <string>

namespace heirloom {

enum class PackMode { symlinks, zstd };

struct PackOptions {
  std::string target;
  std::string out;
  PackMode mode = PackMode::symlinks;
  std::string prev;  // optional previous artifacts
  std::string store_dir;
  unsigned jobs = 1;
  int zstd_level = 3;
  bool progress = false;  // show progress on stderr
};

struct PackStats {
  std::uint64_t files = 0;
  std::uint64_t dirs = 0;
  std::uint64_t owned = 0;       // stored in this output
  std::uint64_t owned_bytes = 0;
  std::uint64_t linked = 0;      // links to older outputs
  std::uint64_t deduplicated = 0;
  std::uint64_t unchanged = 0;   // zstd: left to the previous layer
  std::uint64_t archive_bytes = 0;
  std::uint64_t skipped = 0;     // lock files, sockets, FIFOs
};

PackStats pack(const PackOptions& opts);

} // namespace heirloom
