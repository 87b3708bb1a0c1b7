// unpack, pass "stage": where the tree is written, so that a failed or
// killed unpack never leaves DIR half made, and so that what a killed unpack
// left behind is removed by the next one (or `heirloom gc-staging`).
//
// When DIR does not exist (or is empty), the work happens in a fresh sibling
// `.<name>.heirloom-XXXXXX` (same file system, so the final rename is
// atomic) that "commit" renames onto DIR. Parent directories unpack had to
// create are removed again on failure. A non-empty DIR is updated in place:
// a rename could not replace it.
//
// Liveness: the staging directory is its own lock. Its owner takes an
// exclusive flock(2) on it right after mkdtemp, before writing anything, and
// holds it until the rename onto DIR or the cleanup of a failure; the kernel
// drops it when the owner dies, however it dies (SIGKILL included). A sweep
// (sweep_staging) removes a staging directory only after taking that lock
// itself, so never one whose unpack still runs. The one window, between
// mkdtemp and the owner's flock, is closed from the owner's side: once locked
// it checks that its directory is still the one at that name, and starts
// over under a new name when a sweep took the empty directory first.
#include "core/unpack/passes.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace heirloom {

namespace {

constexpr std::string_view kInfix = ".heirloom-";
constexpr std::size_t kRandom = 6;  // mkdtemp's XXXXXX: [A-Za-z0-9]

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// `.<base>.heirloom-XXXXXX`, exactly: the only names a sweep touches.
bool is_staging_name(std::string_view name, std::string_view base) {
  std::size_t want = 1 + base.size() + kInfix.size() + kRandom;
  if (name.size() != want || name.front() != '.' || name.substr(1, base.size()) != base ||
      name.substr(1 + base.size(), kInfix.size()) != kInfix)
    return false;
  for (char c : name.substr(want - kRandom))
    if (!alnum(c))
      return false;
  return true;
}

// True when `fd` is still the directory entry `name` of `dirfd` (not removed,
// not renamed away).
bool still_at(int fd, int dirfd, const char* name) {
  struct stat a, b;
  return ::fstat(fd, &a) == 0 && a.st_nlink > 0 && ::fstatat(dirfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::pair<std::string, std::string> split(const std::string& target) {
  std::filesystem::path p(target);
  return {p.parent_path().string(), p.filename().string()};
}

} // namespace

StagingSweep sweep_staging(const std::string& target) {
  std::string abs = absolute_path(target);
  auto [parent, base] = split(abs);
  if (base.empty() || parent.empty())
    throw_at(abs, "has no parent directory to hold staging directories");
  UniqueFd pfd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!pfd)
    throw_sys(errno, "opening directory", parent);
  std::vector<DirEntry> entries;
  if (!list_dir(pfd.get(), entries))
    throw_sys(errno, "reading directory", parent);
  std::vector<std::string> names;
  for (auto& e : entries)
    if (is_staging_name(e.name, base))
      names.push_back(std::move(e.name));

  StagingSweep sweep;
  for (const auto& name : names) {
    std::string path = (parent == "/" ? "" : parent) + "/" + name;
    // O_NOFOLLOW | O_DIRECTORY: a symlink or a file of that name is not ours.
    UniqueFd fd(::openat(pfd.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
      if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP)
        sweep.errors.push_back("opening staging directory '" + path + "': " + std::strerror(errno));
      continue;
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK)
        ++sweep.in_use;  // its unpack is alive
      else
        sweep.errors.push_back("locking staging directory '" + path + "': " + std::strerror(errno));
      continue;
    }
    if (!still_at(fd.get(), pfd.get(), name.c_str()))
      continue;  // committed or removed since it was listed
    try {
      remove_tree_at(pfd.get(), name.c_str(), path);
      ++sweep.removed;
    } catch (const Error& e) {
      sweep.errors.push_back(e.what());
    }
  }  // (each lock is released as its descriptor closes)
  return sweep;
}

namespace unpack_passes {

Staging::Staging(const std::string& target) : target_(absolute_path(target)) {
  struct stat st;
  bool exists = ::lstat(target_.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode))
    throw_at(target_, "exists and is not a directory");
  std::filesystem::path parent = std::filesystem::path(target_).parent_path();
  if (path_exists(parent.string())) {
    // What killed unpacks of DIR left beside it; a failure here only warns
    // (an unreadable parent, say: mkdtemp needs only write and search).
    try {
      StagingSweep sweep = sweep_staging(target_);
      swept_ = sweep.removed;
      for (const auto& e : sweep.errors)
        std::fprintf(stderr, "heirloom: warning: %s\n", e.c_str());
    } catch (const Error& e) {
      std::fprintf(stderr, "heirloom: warning: %s\n", e.what());
    }
  }
  if (exists && !std::filesystem::is_empty(target_)) {
    work_ = target_;  // merge into an existing tree in place
    return;
  }
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
  // (O_PATH: only a base for openat and fstatat; the parent need not be readable)
  UniqueFd pfd(::open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!pfd)
    throw_sys(errno, "opening directory", parent.string());
  std::string hidden(".");
  hidden += std::filesystem::path(target_).filename().string();
  const std::string stem = (parent / hidden).string();
  for (int attempt = 0; !lock_; ++attempt) {
    if (attempt == 100)
      throw_at(parent.string(), "could not lock a staging directory (100 attempts)");
    std::string tmpl = stem + std::string(kInfix) + "XXXXXX";
    if (!::mkdtemp(tmpl.data()))
      throw_sys(errno, "creating staging directory in", parent.string());
    const char* name = tmpl.c_str() + tmpl.rfind('/') + 1;
    UniqueFd fd(::openat(pfd.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
      if (errno == ENOENT)
        continue;  // a sweep removed it before we could lock it
      throw_sys(errno, "opening staging directory", tmpl);
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK)
        continue;  // a sweep holds it, and removes it
      throw_sys(errno, "locking staging directory", tmpl);
    }
    if (!still_at(fd.get(), pfd.get(), name))
      continue;
    ::fchmod(fd.get(), 0755);
    work_ = tmpl;
    lock_ = std::move(fd);
  }
  staged_ = true;
}

Staging::~Staging() {
  if (staged_ && !committed_) {
    remove_tree_quietly(work_);
    if (!created_parent_.empty())
      remove_tree_quietly(created_parent_);
  }
  // lock_ closes last: the directory is gone (or renamed onto DIR) before
  // the lock is released.
}

void Staging::commit() {
  if (staged_ && ::rename(work_.c_str(), target_.c_str()) != 0)
    throw_sys(errno, "moving the unpacked tree onto", target_);
  committed_ = true;
  lock_.reset();
}

} // namespace unpack_passes

} // namespace heirloom
