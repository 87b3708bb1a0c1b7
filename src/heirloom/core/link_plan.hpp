// A link plan: the tree an unpack creates from a symlinks output or a crane
// directory output, after every name and link target has been checked.
//
// Reading a plan is where untrusted input is validated, once, before anything
// is written: entry names (see util/paths.hpp), entry types (a symlinks
// archive holds only directories and symlinks), order (an entry's directory
// must come before it, and only once), and link targets (absolute ones must
// lie in an allowed root; relative ones must stay inside the tree).
#pragma once

#include <string>
#include <vector>

namespace heirloom {

struct LinkPlan {
  struct Link {
    std::string rel;     // path in the target dir
    std::string target;  // where it points
  };
  std::vector<std::string> dirs;  // parents first; excludes the root
  std::vector<Link> files;        // absolute links to files in allowed roots
  std::vector<Link> symlinks;     // relative links, kept verbatim
};

// Reads a symlinks archive (plain or compressed).
LinkPlan read_symlinks_archive(const std::string& path, const std::vector<std::string>& roots);

// Reads a crane use-symlink output's `target/` directory, resolving every link
// chain to its final file.
LinkPlan read_crane_dir(const std::string& target_dir, const std::vector<std::string>& roots);

} // namespace heirloom
