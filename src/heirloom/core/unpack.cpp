#include "unpack.hpp"

#include "output.hpp"
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

// The tree being written: the staging directory's descriptors, and every
// non-directory path written so far (for the deletions a layer's index asks).
struct Tree {
  Tree(const Staging& s, UniqueFd r) : staging(s), root(std::move(r)), dirs(s.shown(""), root.get()) {}
  const Staging& staging;
  UniqueFd root;
  DirTable dirs;
  std::unordered_set<std::string> written;
};

// Links to `target` or copies it, as the policy decides for `rel`; `target`
// must be a regular file. Returns false when the policy skips the file.
bool place_file(Tree& tree, const std::string& rel, const std::string& target, const UnpackOptions& opts,
                std::atomic<std::uint64_t>& links, std::atomic<std::uint64_t>& copies,
                std::atomic<std::uint64_t>& bytes) {
  std::string shown = tree.staging.shown(rel);
  struct stat st;
  if (::stat(target.c_str(), &st) != 0)
    throw_sys(errno, "dangling link in artifacts: '" + shown + "' ->", target);
  if (!S_ISREG(st.st_mode))
    throw_at(shown, "link target '" + target + "' is not a regular file");
  Decision d = opts.policy.decide(rel, (st.st_mode & 0111) != 0);
  if (d.action == Action::skip)
    return false;
  int dirfd = tree.dirs.fd_of(std::string(parent_of(rel)));
  std::string base(base_of(rel));
  if (d.action == Action::link) {
    make_symlink(dirfd, base.c_str(), target, shown);
    links.fetch_add(1, std::memory_order_relaxed);
  } else {
    mode_t mode = (st.st_mode & 0111) ? 0755 : 0644;
    copy_file_at(target, dirfd, base.c_str(), mode, st.st_mtim, shown);
    copies.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(static_cast<std::uint64_t>(st.st_size), std::memory_order_relaxed);
  }
  return true;
}

void apply_link_plan(const LinkPlan& plan, Tree& tree, const UnpackOptions& opts, UnpackStats& stats) {
  for (const auto& d : plan.dirs)
    tree.dirs.make(d);
  stats.dirs += plan.dirs.size();

  std::atomic<std::uint64_t> links{0}, copies{0}, bytes{0};
  parallel_for(plan.files.size(), opts.jobs, [&](std::size_t i) {
    const auto& f = plan.files[i];
    place_file(tree, f.rel, f.target, opts, links, copies, bytes);
  });
  for (const auto& s : plan.symlinks) {
    int dirfd = tree.dirs.fd_of(std::string(parent_of(s.rel)));
    make_symlink(dirfd, std::string(base_of(s.rel)).c_str(), s.target, tree.staging.shown(s.rel));
    links.fetch_add(1, std::memory_order_relaxed);
  }
  for (const auto& f : plan.files)
    tree.written.insert(f.rel);
  for (const auto& s : plan.symlinks)
    tree.written.insert(s.rel);
  stats.links += links;
  stats.copies += copies;
  stats.copied_bytes += bytes;
}

// Extracts one tar layer into the tree, replacing what an older layer put
// there. A layer's regular files are always written as files (there is
// nothing in the store to link them to); its absolute links into the store go
// through the policy like a link plan's files (a crane layer made on top of a
// heirloom symlinks tree holds such links).
void extract_layer(const Layer& layer, Tree& tree, const std::vector<std::string>& roots,
                   const UnpackOptions& opts, UnpackStats& stats) {
  TarReader reader(layer.archive);
  std::atomic<std::uint64_t> links{0}, copies{0}, bytes{0};
  while (auto e = reader.next()) {
    std::string rel = layer_entry_rel(reader, layer, e->name);
    if (rel.empty())
      continue;
    if (layer.index && !layer.index->contains(rel))
      reader.fail("entry '" + e->name + "': not in " + names::zstd_index + " (archive and index disagree)");
    std::string shown = tree.staging.shown(rel);
    if (e->type == TarEntry::Type::directory) {
      tree.dirs.make_all(rel);
      ++stats.dirs;
      continue;
    }
    if (opts.policy.decide(rel, (e->mode & 0111) != 0).action == Action::skip)
      continue;  // lock files: the policy's only skip
    int dirfd = tree.dirs.make_all(std::string(parent_of(rel)));
    std::string base(base_of(rel));
    // Whatever an older layer left here is replaced, never written through.
    if (::unlinkat(dirfd, base.c_str(), 0) != 0 && errno != ENOENT) {
      if (errno == EISDIR || errno == EPERM)
        throw_at(shown, "a directory is in the way of a file entry");
      throw_sys(errno, "replacing", shown);
    }
    tree.written.erase(rel);
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
      std::string src_rel = layer_entry_rel(reader, layer, e->link);
      if (src_rel.empty() || !tree.written.contains(src_rel))
        reader.fail("entry '" + e->name + "': hard link to '" + e->link + "', which is not an earlier file");
      int src_dir = tree.dirs.fd_of(std::string(parent_of(src_rel)));
      if (::linkat(src_dir, std::string(base_of(src_rel)).c_str(), dirfd, base.c_str(), 0) != 0)
        throw_sys(errno, "creating hard link", shown);
      ++stats.copies;
      break;
    }
    case TarEntry::Type::symlink: {
      if (auto why = symlink_entry_reason(rel, e->link, roots))
        reader.fail("entry '" + e->name + "': " + *why);
      if (e->link.front() == '/') {
        std::string final = resolve_link_chain(e->link);
        if (auto why = disallowed_link_target_reason(final, roots))
          reader.fail("entry '" + e->name + "': " + *why);
        if (!place_file(tree, rel, final, opts, links, copies, bytes))
          continue;
      } else {
        make_symlink(dirfd, base.c_str(), e->link, shown);
        ++stats.links;
      }
      break;
    }
    default:
      reader.fail("entry '" + e->name + "': unsupported entry type (devices and FIFOs are refused)");
    }
    tree.written.insert(rel);
  }
  stats.links += links;
  stats.copies += copies;
  stats.copied_bytes += bytes;
}

// Files an older generation brought but this layer's tree no longer had.
// (A file pack never packs is absent from every index without having been
// deleted: what an older crane layer brought of those stays.)
void remove_unlisted(const Index& index, Tree& tree, UnpackStats& stats) {
  for (auto it = tree.written.begin(); it != tree.written.end();) {
    const std::string& rel = *it;
    if (index.contains(rel) || is_never_packed(rel)) {
      ++it;
      continue;
    }
    int dirfd = tree.dirs.fd_of(std::string(parent_of(rel)));
    if (::unlinkat(dirfd, std::string(base_of(rel)).c_str(), 0) == 0)
      ++stats.removed;
    else if (errno != ENOENT)
      throw_sys(errno, "removing deleted file", tree.staging.shown(rel));
    it = tree.written.erase(it);
  }
}

} // namespace

UnpackStats unpack(const UnpackOptions& opts) {
  Output out = read_output(opts.from, opts.store_dir);
  UnpackStats stats;
  stats.format = format_name(out.format);
  stats.layers = out.layers.size();
  Staging staging(opts.target);
  UniqueFd root(::open(staging.work().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root)
    throw_sys(errno, "opening directory", staging.shown(""));
  raise_open_file_limit();
  Tree tree(staging, std::move(root));
  if (out.base)
    apply_link_plan(*out.base, tree, opts, stats);
  bool below = out.base.has_value();
  for (const auto& layer : out.layers) {
    extract_layer(layer, tree, out.roots, opts, stats);
    if (layer.index && below)
      remove_unlisted(*layer.index, tree, stats);
    below = true;
  }
  staging.commit();
  return stats;
}

} // namespace heirloom
