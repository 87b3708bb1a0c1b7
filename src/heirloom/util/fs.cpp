#include "fs.hpp"

#include "error.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>

namespace heirloom {

namespace {

void walk_dir(int dirfd, const std::string& prefix, const std::string& shown,
              std::vector<TreeEntry>& out) {
  std::vector<DirEntry> entries;
  if (!list_dir(dirfd, entries))
    throw_sys(errno, "reading directory", shown);
  std::vector<std::string> subdirs;
  for (auto& d : entries) {
    struct stat st;
    if (::fstatat(dirfd, d.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      throw_sys(errno, "reading", shown + "/" + d.name);
    TreeEntry e;
    e.rel = prefix.empty() ? d.name : prefix + "/" + d.name;
    e.mode = st.st_mode;
    e.size = static_cast<std::uint64_t>(st.st_size);
    e.mtime = st.st_mtim;
    e.dev = st.st_dev;
    e.ino = st.st_ino;
    e.nlink = st.st_nlink;
    if (S_ISDIR(st.st_mode)) {
      e.type = FileType::directory;
      subdirs.push_back(std::move(d.name));
    } else if (S_ISREG(st.st_mode)) {
      e.type = FileType::regular;
    } else if (S_ISLNK(st.st_mode)) {
      e.type = FileType::symlink;
    }
    out.push_back(std::move(e));
  }
  for (const auto& name : subdirs) {
    UniqueFd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    std::string sub_shown = shown + "/" + name;
    if (!sub)
      throw_sys(errno, "opening directory", sub_shown);
    walk_dir(sub.get(), prefix.empty() ? name : prefix + "/" + name, sub_shown, out);
  }
}

} // namespace

bool list_dir(int fd, std::vector<DirEntry>& out) {
  alignas(struct dirent64) char buf[8192];
  while (true) {
    ssize_t n = ::getdents64(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return false;
    if (n == 0)
      return true;
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      off += e->d_reclen;
      std::string_view name = e->d_name;
      if (name == "." || name == "..")
        continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st;
        if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
          return false;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      out.push_back({std::string(name), type});
    }
  }
}

std::vector<TreeEntry> walk_tree(const std::string& root) {
  UniqueFd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd)
    throw_sys(errno, "opening directory", root);
  std::vector<TreeEntry> out;
  walk_dir(fd.get(), "", root, out);
  // Sort as the archive names sort: a directory's name carries a trailing '/',
  // which keeps every directory right before its own contents.
  auto key = [](const TreeEntry& e) {
    return e.type == FileType::directory ? e.rel + "/" : e.rel;
  };
  std::vector<std::pair<std::string, std::size_t>> keys;
  keys.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    keys.emplace_back(key(out[i]), i);
  std::sort(keys.begin(), keys.end());
  std::vector<TreeEntry> sorted;
  sorted.reserve(out.size());
  for (auto& [k, i] : keys)
    sorted.push_back(std::move(out[i]));
  return sorted;
}

UniqueFd open_or_throw(const std::string& path, int flags) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags));
  if (!fd)
    throw_sys(errno, "opening", path);
  return fd;
}

namespace {

// Whether reflinks may work here. A heirloom process copies between one
// pair of file systems (the store and the target dir), so the first
// "not supported" answer stands for the rest of the run: a failed FICLONE
// per file costs a syscall each on ext4 and tmpfs (653 per unpack of the
// example). Losing a reflink only costs a real copy, never correctness.
std::atomic<bool> reflinks_may_work{true};

// The process umask, read once at start-up (before any thread exists: the
// only way to read it is to set it).
const mode_t process_umask = [] {
  mode_t m = ::umask(0);
  ::umask(m);
  return m;
}();

} // namespace

void copy_contents(int src, int dst, std::uint64_t size, std::string_view what) {
  if (size == 0)
    return;
  if (reflinks_may_work.load(std::memory_order_relaxed)) {
    if (::ioctl(dst, FICLONE, src) == 0)
      return;
    if (errno == EOPNOTSUPP || errno == EINVAL || errno == EXDEV || errno == ENOTTY || errno == ENOSYS)
      reflinks_may_work.store(false, std::memory_order_relaxed);
  }
  std::uint64_t done = 0;
  bool use_range = true;
  while (done < size) {
    ssize_t n = -1;
    if (use_range) {
      n = ::copy_file_range(src, nullptr, dst, nullptr, size - done, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
        use_range = false;
        continue;
      }
    } else {
      char buf[1 << 16];
      n = ::pread(src, buf, sizeof buf, static_cast<off_t>(done));
      if (n > 0) {
        ssize_t off = 0;
        while (off < n) {
          ssize_t w = ::pwrite(dst, buf + off, static_cast<std::size_t>(n - off),
                               static_cast<off_t>(done) + off);
          if (w < 0) {
            if (errno == EINTR)
              continue;
            throw_sys(errno, "writing", what);
          }
          off += w;
        }
      }
    }
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_sys(errno, "copying into", what);
    }
    if (n == 0)
      throw_at(what, "source file shrank while it was copied");
    done += static_cast<std::uint64_t>(n);
  }
}

void copy_file_at(const std::string& src_path, int dirfd, const char* name, mode_t mode,
                  const struct timespec& mtime, std::string_view what) {
  UniqueFd src = open_or_throw(src_path);
  struct stat st;
  if (::fstat(src.get(), &st) != 0)
    throw_sys(errno, "reading", src_path);
  if (!S_ISREG(st.st_mode))
    throw_at(src_path, "not a regular file");
  copy_open_file_at(src.get(), st, dirfd, name, mode, mtime, what);
}

void copy_open_file_at(int src, const struct stat& st, int dirfd, const char* name, mode_t mode,
                       const struct timespec& mtime, std::string_view what) {
  int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd dst(::openat(dirfd, name, flags, mode));
  if (!dst && errno == EEXIST) {
    if (::unlinkat(dirfd, name, 0) != 0)
      throw_sys(errno, "replacing", what);
    dst.reset(::openat(dirfd, name, flags, mode));
  }
  if (!dst)
    throw_sys(errno, "creating", what);
  copy_contents(src, dst.get(), static_cast<std::uint64_t>(st.st_size), what);
  // openat gave it mode & ~umask; only a mode the umask cut needs a chmod.
  if ((mode & process_umask) != 0 && ::fchmod(dst.get(), mode) != 0)
    throw_sys(errno, "setting mode of", what);
  struct timespec times[2] = {mtime, mtime};
  if (::futimens(dst.get(), times) != 0)
    throw_sys(errno, "setting mtime of", what);
}

bool same_contents(const std::string& a, const std::string& b) {
  UniqueFd fa = open_or_throw(a);
  UniqueFd fb = open_or_throw(b);
  struct stat sa, sb;
  if (::fstat(fa.get(), &sa) != 0)
    throw_sys(errno, "reading", a);
  if (::fstat(fb.get(), &sb) != 0)
    throw_sys(errno, "reading", b);
  if (sa.st_size != sb.st_size)
    return false;
  if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
    return true;
  constexpr std::size_t chunk = 1 << 16;
  std::vector<char> ba(chunk), bb(chunk);
  off_t off = 0;
  while (off < sa.st_size) {
    ssize_t na = ::pread(fa.get(), ba.data(), chunk, off);
    if (na < 0)
      throw_sys(errno, "reading", a);
    ssize_t nb = ::pread(fb.get(), bb.data(), static_cast<std::size_t>(na), off);
    if (nb < 0)
      throw_sys(errno, "reading", b);
    if (na == 0 || nb != na || std::memcmp(ba.data(), bb.data(), static_cast<std::size_t>(na)) != 0)
      return false;
    off += na;
  }
  return true;
}

void make_tree_removable(const std::string& path) {
  std::error_code ec;
  namespace fs = std::filesystem;
  if (fs::is_directory(fs::symlink_status(path, ec)))
    ::chmod(path.c_str(), 0700);
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec))
      ::chmod(it->path().c_str(), 0700);
  }
}

void remove_tree_quietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) {
    make_tree_removable(path);
    std::filesystem::remove_all(path, ec);
  }
}

namespace {

// Empties the open directory `fd` (shown as `shown`), depth first.
void remove_contents(int fd, const std::string& shown) {
  struct stat st;
  if (::fstat(fd, &st) != 0)
    throw_sys(errno, "reading", shown);
  if ((st.st_mode & S_IRWXU) != S_IRWXU && ::fchmod(fd, (st.st_mode & 07777) | S_IRWXU) != 0)
    throw_sys(errno, "making writable", shown);
  std::vector<DirEntry> entries;
  if (!list_dir(fd, entries))
    throw_sys(errno, "reading directory", shown);
  for (const auto& e : entries)
    remove_tree_at(fd, e.name.c_str(), shown + "/" + e.name);
}

} // namespace

void remove_tree_at(int dirfd, const char* name, const std::string& shown) {
  if (::unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
    return;
  if (errno != EISDIR && errno != EPERM)  // (unlink of a directory: EISDIR, or EPERM on some systems)
    throw_sys(errno, "removing", shown);
  UniqueFd fd(::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd && errno == EACCES) {  // d-wx------ or less: lstat, then give the owner rwx
    struct stat st;
    if (::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
        ::fchmodat(dirfd, name, (st.st_mode & 07777) | S_IRWXU, 0) == 0)
      fd.reset(::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    else
      errno = EACCES;
  }
  if (!fd)
    throw_sys(errno, "removing", shown);
  remove_contents(fd.get(), shown);
  if (::unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    throw_sys(errno, "removing", shown);
}

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::absolute(path, ec);
  if (ec)
    throw_sys(ec.value(), "resolving", path);
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/')
    s.pop_back();
  return s;
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::string read_file(const std::string& path) {
  UniqueFd fd = open_or_throw(path);
  std::string data;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_sys(errno, "reading", path);
    }
    if (n == 0)
      break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

void write_file_atomic(const std::string& path, std::string_view data) {
  std::string tmp = path + ".heirloom-tmp";
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd)
    throw_sys(errno, "creating", tmp);
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd.get(), data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int err = errno;
      ::unlink(tmp.c_str());
      throw_sys(err, "writing", tmp);
    }
    off += static_cast<std::size_t>(n);
  }
  if (::close(fd.release()) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw_sys(err, "writing", path);
  }
}

} // namespace heirloom

namespace heirloom {

std::string resolve_link_chain(const std::string& path) {
  namespace fs = std::filesystem;
  std::string cur = absolute_path(path);
  for (int hop = 0; hop < 40; ++hop) {
    char buf[4096];
    ssize_t n = ::readlink(cur.c_str(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINVAL || errno == ENOENT)
        return cur;  // not a link (or nothing there: the caller checks)
      throw_sys(errno, "reading link", cur);
    }
    if (static_cast<std::size_t>(n) == sizeof buf)
      throw_at(cur, "link target is too long");
    std::string target(buf, static_cast<std::size_t>(n));
    fs::path next = target.front() == '/' ? fs::path(target) : fs::path(cur).parent_path() / target;
    cur = next.lexically_normal().string();
    while (cur.size() > 1 && cur.back() == '/')
      cur.pop_back();
  }
  throw_at(path, "too many levels of symbolic links");
}

} // namespace heirloom
