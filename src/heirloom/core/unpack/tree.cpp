// unpack: the tree being written, and the one place where a file is linked
// or copied.
//
// Every directory is created with mkdirat relative to its parent's
// descriptor and opened with O_NOFOLLOW, so an existing symlink in DIR (an
// in-place update, or a hostile earlier layer) is never followed; the table
// keeps each descriptor open for the files below it, hence the raised
// open-file limit. `place_file` asks the policy once per file: link it into
// the store, copy it (reflink first, util/fs), or skip it (cargo's locks).
#include "core/unpack/passes.hpp"

#include "core/policy.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/paths.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace heirloom::unpack_passes {

DirTable::DirTable(const std::string& root_path, int root_fd) : root_path_(root_path) {
  index_.emplace("", 0);
  fds_.push_back(root_fd);
}

DirTable::~DirTable() {
  for (std::size_t i = 1; i < fds_.size(); ++i)
    ::close(fds_[i]);
}

int DirTable::make(const std::string& rel) {
  if (auto it = index_.find(rel); it != index_.end())
    return fds_[it->second];
  int parent = fd_of(std::string(parent_of(rel)));
  std::string base(base_of(rel));
  if (::mkdirat(parent, base.c_str(), 0755) != 0 && errno != EEXIST)
    throw_sys(errno, "creating directory", shown(rel));
  int fd = ::openat(parent, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP || errno == ENOTDIR)
      throw_at(shown(rel), "exists and is not a directory (refusing to write through it)");
    if (errno == EMFILE)
      throw_sys(errno, "opening directory (raise the open-file limit)", shown(rel));
    throw_sys(errno, "opening directory", shown(rel));
  }
  index_.emplace(rel, fds_.size());
  fds_.push_back(fd);
  return fd;
}

int DirTable::make_all(const std::string& rel) {
  if (auto it = index_.find(rel); it != index_.end())
    return fds_[it->second];
  make_all(std::string(parent_of(rel)));
  return make(rel);
}

int DirTable::fd_of(const std::string& rel) const {
  auto it = index_.find(rel);
  if (it == index_.end())
    throw_at(shown(rel), "directory was not created before its contents");
  return fds_[it->second];
}

std::string DirTable::shown(std::string_view rel) const {
  return rel.empty() ? root_path_ : root_path_ + "/" + std::string(rel);
}

void PlaceCounts::add_to(UnpackStats& stats) const {
  stats.links += links;
  stats.copies += copies;
  stats.copied_bytes += bytes;
}

void raise_open_file_limit() {
  struct rlimit rl;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
}

void make_symlink(int dirfd, const char* name, const std::string& target, const std::string& shown) {
  if (::symlinkat(target.c_str(), dirfd, name) == 0)
    return;
  if (errno != EEXIST)
    throw_sys(errno, "creating link", shown);
  if (::unlinkat(dirfd, name, 0) != 0)
    throw_sys(errno, "replacing", shown);
  if (::symlinkat(target.c_str(), dirfd, name) != 0)
    throw_sys(errno, "creating link", shown);
}

namespace {

[[noreturn]] void dangling(int err, const std::string& shown, const std::string& target) {
  throw_sys(err, "dangling link in artifacts: '" + shown + "' ->", target);
}

[[noreturn]] void not_regular(const std::string& shown, const std::string& target) {
  throw_at(shown, "link target '" + target + "' is not a regular file");
}

// The store file `target` open for reading, with its fstat: a regular file,
// or the same errors a stat of it gives. O_NONBLOCK: a FIFO must not block
// the open.
struct StoreFile {
  UniqueFd fd;
  struct stat st;
};
StoreFile open_store_file(const std::string& target, const std::string& shown) {
  StoreFile f{UniqueFd(::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)), {}};
  if (!f.fd) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
      dangling(errno, shown, target);
    throw_sys(errno, "opening", target);
  }
  if (::fstat(f.fd.get(), &f.st) != 0)
    throw_sys(errno, "reading", target);
  if (!S_ISREG(f.st.st_mode))
    not_regular(shown, target);
  return f;
}

} // namespace

bool place_file(Tree& tree, const std::string& rel, const std::string& target, const UnpackOptions& opts,
                PlaceCounts& counts) {
  std::string shown = tree.staging.shown(rel);
  std::string base(base_of(rel));
  auto copy = [&](const StoreFile& f) {
    mode_t mode = (f.st.st_mode & 0111) ? 0755 : 0644;
    copy_open_file_at(f.fd.get(), f.st, tree.dirs.fd_of(std::string(parent_of(rel))), base.c_str(), mode,
                      f.st.st_mtim, shown);
    counts.copies.fetch_add(1, std::memory_order_relaxed);
    counts.bytes.fetch_add(static_cast<std::uint64_t>(f.st.st_size), std::memory_order_relaxed);
    return true;
  };
  // A copy whatever its mode (most copies: fingerprints, dep-info, OUT_DIR):
  // the store file's open and fstat do what a stat before them would, one
  // path lookup fewer per file.
  if (auto d = opts.policy.decide_by_path(rel); d && d->action == Action::materialize)
    return copy(open_store_file(target, shown));
  struct stat st;
  if (::stat(target.c_str(), &st) != 0)
    dangling(errno, shown, target);
  if (!S_ISREG(st.st_mode))
    not_regular(shown, target);
  Decision d = opts.policy.decide(rel, (st.st_mode & 0111) != 0);
  if (d.action == Action::skip)
    return false;
  if (d.action == Action::materialize)
    return copy(open_store_file(target, shown));
  make_symlink(tree.dirs.fd_of(std::string(parent_of(rel))), base.c_str(), target, shown);
  counts.links.fetch_add(1, std::memory_order_relaxed);
  return true;
}

} // namespace heirloom::unpack_passes
