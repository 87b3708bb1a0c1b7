#include "unpack.hpp"

#include "artifacts.hpp"
#include "link_plan.hpp"
#include "manifest.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/parallel.hpp"
#include "util/paths.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

namespace heirloom {

namespace {

// Open directory descriptors of the tree being written, by relative path.
// Every directory is created with mkdirat relative to its parent's descriptor
// and opened with O_NOFOLLOW, so an existing symlink in DIR is never followed.
class DirTable {
public:
  DirTable(const std::string& root_path, int root_fd) : root_path_(root_path) {
    index_.emplace("", 0);
    fds_.push_back(root_fd);
  }
  ~DirTable() {
    for (std::size_t i = 1; i < fds_.size(); ++i)
      ::close(fds_[i]);
  }

  // Creates (or reuses) directory `rel`, whose parent must already be here.
  int make(const std::string& rel) {
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

  // Creates `rel` and any missing parents.
  int make_all(const std::string& rel) {
    if (auto it = index_.find(rel); it != index_.end())
      return fds_[it->second];
    std::string parent(parent_of(rel));
    make_all(parent);
    return make(rel);
  }

  int fd_of(const std::string& rel) const {
    auto it = index_.find(rel);
    if (it == index_.end())
      throw_at(shown(rel), "directory was not created before its contents");
    return fds_[it->second];
  }

  std::string shown(std::string_view rel) const {
    return rel.empty() ? root_path_ : root_path_ + "/" + std::string(rel);
  }
  std::size_t size() const { return fds_.size() - 1; }

private:
  std::string root_path_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<int> fds_;
};

void raise_open_file_limit() {
  struct rlimit rl;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
}

// Replaces whatever is at `name` in `dirfd` by a symlink to `target`.
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

// Where the work happens, and how it is committed or undone.
class Staging {
public:
  explicit Staging(const std::string& target) : target_(absolute_path(target)) {
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
    std::string tmpl = (parent / ("." + std::filesystem::path(target_).filename().string() +
                                  ".heirloom-XXXXXX"))
                           .string();
    if (!::mkdtemp(tmpl.data()))
      throw_sys(errno, "creating staging directory in", parent.string());
    ::chmod(tmpl.c_str(), 0755);
    work_ = tmpl;
    staged_ = true;
  }

  ~Staging() {
    if (staged_ && !committed_) {
      remove_tree_quietly(work_);
      if (!created_parent_.empty())
        remove_tree_quietly(created_parent_);
    }
  }

  const std::string& work() const { return work_; }
  // The path to show in messages: DIR, not the staging name.
  std::string shown(std::string_view rel) const {
    return rel.empty() ? target_ : target_ + "/" + std::string(rel);
  }

  void commit() {
    if (staged_ && ::rename(work_.c_str(), target_.c_str()) != 0)
      throw_sys(errno, "moving the unpacked tree onto", target_);
    committed_ = true;
  }

private:
  std::string target_;
  std::string work_;
  std::string created_parent_;
  bool staged_ = false;
  bool committed_ = false;
};

void apply_link_plan(const LinkPlan& plan, const Staging& staging, const UnpackOptions& opts,
                     UnpackStats& stats) {
  UniqueFd root(::open(staging.work().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root)
    throw_sys(errno, "opening directory", staging.shown(""));
  raise_open_file_limit();
  DirTable dirs(staging.work(), root.get());
  for (const auto& d : plan.dirs)
    dirs.make(d);
  stats.dirs = plan.dirs.size();

  std::atomic<std::uint64_t> links{0}, copies{0}, bytes{0};
  parallel_for(plan.files.size(), opts.jobs, [&](std::size_t i) {
    const auto& f = plan.files[i];
    std::string shown = staging.shown(f.rel);
    struct stat st;
    if (::stat(f.target.c_str(), &st) != 0)
      throw_sys(errno, "dangling link in artifacts: '" + shown + "' ->", f.target);
    if (!S_ISREG(st.st_mode))
      throw_at(shown, "link target '" + f.target + "' is not a regular file");
    Decision d = opts.policy.decide(f.rel, (st.st_mode & 0111) != 0);
    if (d.action == Action::skip)
      return;
    int dirfd = dirs.fd_of(std::string(parent_of(f.rel)));
    std::string base(base_of(f.rel));
    if (d.action == Action::link) {
      make_symlink(dirfd, base.c_str(), f.target, shown);
      links.fetch_add(1, std::memory_order_relaxed);
    } else {
      mode_t mode = (st.st_mode & 0111) ? 0755 : 0644;
      copy_file_at(f.target, dirfd, base.c_str(), mode, st.st_mtim, shown);
      copies.fetch_add(1, std::memory_order_relaxed);
      bytes.fetch_add(static_cast<std::uint64_t>(st.st_size), std::memory_order_relaxed);
    }
  });
  for (const auto& s : plan.symlinks) {
    int dirfd = dirs.fd_of(std::string(parent_of(s.rel)));
    make_symlink(dirfd, std::string(base_of(s.rel)).c_str(), s.target, staging.shown(s.rel));
    links.fetch_add(1, std::memory_order_relaxed);
  }
  stats.links = links;
  stats.copies = copies;
  stats.copied_bytes = bytes;
}

// Extracts one tar layer into the tree, replacing what an older layer put there.
void extract_layer(const std::string& layer, DirTable& dirs, const Staging& staging,
                   const std::vector<std::string>& roots, std::unordered_set<std::string>& written,
                   UnpackStats& stats) {
  TarReader reader(layer);
  while (auto e = reader.next()) {
    std::string full = trim_archive_name(e->name);
    if (full == "." || full.empty())
      continue;
    if (auto why = unsafe_entry_reason(full))
      reader.fail("entry '" + e->name + "': " + *why);
    std::string rel = strip_archive_root(full);
    if (rel.empty())
      continue;
    std::string shown = staging.shown(rel);
    if (e->type == TarEntry::Type::directory) {
      dirs.make_all(rel);
      ++stats.dirs;
      continue;
    }
    if (is_cargo_lock_name(base_of(rel)))
      continue;
    int dirfd = dirs.make_all(std::string(parent_of(rel)));
    std::string base(base_of(rel));
    // Whatever an older layer left here is replaced, never written through.
    if (::unlinkat(dirfd, base.c_str(), 0) != 0 && errno != ENOENT) {
      if (errno == EISDIR || errno == EPERM)
        throw_at(shown, "a directory is in the way of a file entry");
      throw_sys(errno, "replacing", shown);
    }
    switch (e->type) {
    case TarEntry::Type::regular: {
      mode_t mode = (e->mode & 0111) ? 0755 : 0644;
      UniqueFd fd(::openat(dirfd, base.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
      if (!fd)
        throw_sys(errno, "creating", shown);
      std::uint64_t n = reader.copy_data_to(fd.get(), shown);
      if (e->size >= 0 && ::ftruncate(fd.get(), e->size) != 0)
        throw_sys(errno, "writing", shown);
      struct timespec t[2] = {{e->mtime, e->mtime_nsec}, {e->mtime, e->mtime_nsec}};
      if (::futimens(fd.get(), t) != 0)
        throw_sys(errno, "setting mtime of", shown);
      stats.copied_bytes += n;
      ++stats.copies;
      break;
    }
    case TarEntry::Type::hardlink: {
      std::string src = e->link;  // only "./" is dropped: "x/" names no file
      while (src.starts_with("./"))
        src.erase(0, 2);
      if (auto why = unsafe_entry_reason(src))
        reader.fail("entry '" + e->name + "': hard link to '" + e->link + "': " + *why);
      std::string src_rel = strip_archive_root(src);
      if (src_rel.empty() || !written.contains(src_rel))
        reader.fail("entry '" + e->name + "': hard link to '" + e->link + "', which is not an earlier file");
      int src_dir = dirs.fd_of(std::string(parent_of(src_rel)));
      if (::linkat(src_dir, std::string(base_of(src_rel)).c_str(), dirfd, base.c_str(), 0) != 0)
        throw_sys(errno, "creating hard link", shown);
      ++stats.copies;
      break;
    }
    case TarEntry::Type::symlink: {
      if (!e->link.empty() && e->link.front() == '/') {
        if (auto why = disallowed_link_target_reason(e->link, roots))
          reader.fail("entry '" + e->name + "': " + *why);
      } else if (!relative_link_stays_inside(rel, e->link)) {
        reader.fail("entry '" + e->name + "': relative link target '" + e->link + "' leaves the tree");
      }
      make_symlink(dirfd, base.c_str(), e->link, shown);
      ++stats.links;
      break;
    }
    default:
      reader.fail("entry '" + e->name + "': unsupported entry type (devices and FIFOs are refused)");
    }
    written.insert(rel);
  }
}

void unpack_zstd(const Artifacts& arts, const Staging& staging, const UnpackOptions& opts,
                 UnpackStats& stats) {
  std::vector<std::string> chain = zstd_chain(arts.file);
  stats.layers = chain.size();
  auto roots = allowed_roots(arts, opts.store_dir);
  UniqueFd root(::open(staging.work().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root)
    throw_sys(errno, "opening directory", staging.shown(""));
  raise_open_file_limit();
  DirTable dirs(staging.work(), root.get());
  std::unordered_set<std::string> written;
  for (const auto& layer : chain)
    extract_layer(layer, dirs, staging, roots, written, stats);

  // Files an older layer brought but the newest tree no longer had.
  std::string index_path = chain.back().substr(0, chain.back().rfind('/')) + "/" + names::zstd_index;
  if (chain.size() > 1 && path_exists(index_path)) {
    Index index = index_from_text(read_file(index_path), index_path);
    for (const auto& rel : written) {
      if (index.contains(rel))
        continue;
      int dirfd = dirs.fd_of(std::string(parent_of(rel)));
      if (::unlinkat(dirfd, std::string(base_of(rel)).c_str(), 0) != 0 && errno != ENOENT)
        throw_sys(errno, "removing deleted file", staging.shown(rel));
      ++stats.removed;
    }
  }
}

} // namespace

UnpackStats unpack(const UnpackOptions& opts) {
  Artifacts arts = find_artifacts(opts.from);
  UnpackStats stats;
  stats.format = format_name(arts.format);
  Staging staging(opts.target);
  switch (arts.format) {
  case Format::symlinks:
    apply_link_plan(read_symlinks_archive(arts.file, arts.real_dir, allowed_roots(arts, opts.store_dir)), staging, opts,
                    stats);
    break;
  case Format::crane_dir:
    apply_link_plan(read_crane_dir(arts.file, allowed_roots(arts, opts.store_dir)), staging, opts, stats);
    break;
  case Format::zstd:
    unpack_zstd(arts, staging, opts, stats);
    break;
  }
  staging.commit();
  return stats;
}

} // namespace heirloom
