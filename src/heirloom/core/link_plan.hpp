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
  std::vector<Link> files;        // absolute links to files in allowed roots or the output
  std::vector<Link> symlinks;     // relative links, kept verbatim
};

// Reads a symlinks archive (plain or compressed) of the output in
// `output_dir`. A link whose target is its own entry name ("target/x" ->
// "target/x") stands for the file the output owns, `output_dir/target/x`:
// this keeps the output's own store path out of the archive (see FORMAT.md).
LinkPlan read_symlinks_archive(const std::string& path, const std::string& output_dir,
                               const std::vector<std::string>& roots);

// Reads a crane use-symlink output's `target/` directory, resolving every link
// chain to its final file.
LinkPlan read_crane_dir(const std::string& target_dir, const std::vector<std::string>& roots);

} // namespace heirloom
