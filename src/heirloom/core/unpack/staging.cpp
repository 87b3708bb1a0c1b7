// unpack, pass "stage": where the tree is written, so that a failed or
// killed unpack never leaves DIR half made.
//
// When DIR does not exist (or is empty), the work happens in a fresh sibling
// `.<name>.heirloom-XXXXXX` (same file system, so the final rename is
// atomic) that "commit" renames onto DIR. Parent directories unpack had to
// create are removed again on failure. A non-empty DIR is updated in place:
// a rename could not replace it.
#include "core/unpack/passes.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

namespace heirloom::unpack_passes {

Staging::Staging(const std::string& target) : target_(absolute_path(target)) {
  struct stat st;
  bool exists = ::lstat(target_.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode))
    throw_at(target_, "exists and is not a directory");
  if (exists && !std::filesystem::is_empty(target_)) {
    work_ = target_;  // merge into an existing tree in place
    return;
  }
  std::filesystem::path parent = std::filesystem::path(target_).parent_path();
  // Remember the topmost parent we create, to remove it again on failure.
  std::filesystem::path p = parent;
  while (!p.empty() && !path_exists(p.string())) {
    created_parent_ = p.string();
    p = p.parent_path();
  }
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec)
    throw_sys(ec.value(), "creating directory", parent.string());
  std::string tmpl =
      (parent / ("." + std::filesystem::path(target_).filename().string() + ".heirloom-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))
    throw_sys(errno, "creating staging directory in", parent.string());
  ::chmod(tmpl.c_str(), 0755);
  work_ = tmpl;
  staged_ = true;
}

Staging::~Staging() {
  if (staged_ && !committed_) {
    remove_tree_quietly(work_);
    if (!created_parent_.empty())
      remove_tree_quietly(created_parent_);
  }
}

void Staging::commit() {
  if (staged_ && ::rename(work_.c_str(), target_.c_str()) != 0)
    throw_sys(errno, "moving the unpacked tree onto", target_);
  committed_ = true;
}

} // namespace heirloom::unpack_passes
