#include "scratch.hpp"

#include "util/fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Names handed out by the mkdtemp below since the last reset().
unsigned temp_names_used = 0;

}  // namespace

// heirloom's staging directory, deterministic: the same input gets the same
// name in every run, so the name's bytes (which heirloom compares, and
// libFuzzer records) are not random. Unique like the real one: mkdir(2)
// refuses a name that exists, and the next number is tried.
extern "C" char* mkdtemp(char* tmpl) {
  std::size_t n = std::strlen(tmpl);
  if (n < 6 || std::strcmp(tmpl + n - 6, "XXXXXX") != 0) {
    errno = EINVAL;
    return nullptr;
  }
  for (unsigned tries = 0; tries < 1000; ++tries) {
    std::snprintf(tmpl + n - 6, 7, "%06u", temp_names_used++ % 1000000);
    if (::mkdir(tmpl, 0700) == 0)
      return tmpl;
    if (errno != EEXIST)
      return nullptr;
  }
  errno = EEXIST;
  return nullptr;
}

namespace heirloom::fuzz {

void violated(const std::string& what) {
  std::fprintf(stderr, "heirloom-fuzz: invariant: %s\n", what.c_str());
  std::abort();
}

void harness_failed(const std::string& what, const std::string& path, int err) {
  std::fprintf(stderr, "heirloom-fuzz: harness: %s '%s': %s\n", what.c_str(), path.c_str(), std::strerror(err));
  std::_Exit(2);
}

namespace {

// The work dir is cleared and the target dir walked for its links once per
// input, so these work on directory descriptors (openat/unlinkat, d_type)
// instead of std::filesystem paths: a few system calls per entry.

// Directory listings: heirloom's own list_dir (util/fs.hpp: getdents64 into
// a stack buffer, d_type filled in where the file system leaves it unknown).
using Entry = heirloom::DirEntry;
using heirloom::list_dir;

int open_dir_at(int dirfd, const char* name) {
  return ::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// Removes `name` in `dirfd` whatever it is, read-only directories included;
// `type` is its d_type when known (DT_UNKNOWN: try a file first); `path`
// names it in the message if that fails.
void remove_at(int dirfd, const char* name, const std::string& path, unsigned char type = DT_UNKNOWN) {
  if (type != DT_DIR) {
    if (::unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
      return;
    if (errno != EISDIR)
      harness_failed("clearing", path, errno);
  }
  ::fchmodat(dirfd, name, 0700, 0);
  int fd = open_dir_at(dirfd, name);
  if (fd < 0)
    harness_failed("clearing", path, errno);
  std::vector<Entry> entries;
  if (!list_dir(fd, entries))
    harness_failed("clearing", path, errno);
  for (const auto& e : entries)
    remove_at(fd, e.name.c_str(), path + "/" + e.name, e.type);
  ::close(fd);
  if (::unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
    harness_failed("clearing", path, errno);
}

// Removes `dir` and everything in it (nothing when it does not exist).
void remove_tree(const fs::path& dir) {
  remove_at(AT_FDCWD, dir.c_str(), dir.native());
}

// Removes everything in the directory `dir`, which stays.
void clear_dir(const fs::path& dir) {
  ::chmod(dir.c_str(), 0700);
  int fd = open_dir_at(AT_FDCWD, dir.c_str());
  if (fd < 0)
    harness_failed("clearing", dir.native(), errno);
  std::vector<Entry> entries;
  if (!list_dir(fd, entries))
    harness_failed("clearing", dir.native(), errno);
  for (const auto& e : entries)
    remove_at(fd, e.name.c_str(), dir.native() + "/" + e.name, e.type);
  ::close(fd);
}

void make_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    harness_failed("creating", dir.native(), ec.value());
}

// Appends one record's bytes to the regular file `base`/`rel`, creating it
// and the parents below `base` (which exists); what it creates is appended
// to `made`. False, and nothing written, when the input cannot be laid out
// that way: a parent is a file, the name is a directory or a symlink, a name
// is too long, ... (the record is skipped).
bool append_file(const std::string& base, const std::string& rel, const std::uint8_t* data, std::size_t size,
                 std::vector<Made>& made) {
  std::string path = base + "/" + rel;
  for (std::size_t slash = path.find('/', base.size() + 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    path[slash] = '\0';
    int r = ::mkdir(path.c_str(), 0755);
    path[slash] = '/';
    if (r == 0)
      made.push_back({path.substr(0, slash), true});
    else if (errno != EEXIST)
      return false;  // ENOTDIR, ENAMETOOLONG, ... (EEXIST for a file: open says ENOTDIR)
  }
  const int flags = O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, 0644);
  if (fd >= 0)
    made.push_back({path, false});
  else if (errno == EEXIST)
    fd = ::open(path.c_str(), flags);  // a second record of the same file
  if (fd < 0)
    return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return false;
  }
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      harness_failed("writing", path, errno);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0)
    harness_failed("writing", path, errno);
  return true;
}

// A name the harness itself may write under OUT/target: relative, no "..",
// ".", empty components or NUL. Length is left to the file system.
bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find('\0') != std::string::npos)
    return false;
  std::size_t begin = 0;
  while (true) {
    std::size_t end = name.find('/', begin);
    std::string_view part(name.data() + begin, (end == std::string::npos ? name.size() : end) - begin);
    if (part.empty() || part == "." || part == "..")
      return false;
    if (end == std::string::npos)
      return true;
    begin = end + 1;
  }
}

// Every symlink below `dir` (open as `fd`, closed here), with its target.
void walk_links(int fd, const std::string& dir, std::vector<std::pair<std::string, std::string>>& links) {
  std::vector<Entry> entries;
  if (!list_dir(fd, entries))
    violated("cannot walk '" + dir + "': " + std::strerror(errno));
  for (const auto& e : entries) {
    std::string path = dir + "/" + e.name;
    if (e.type == DT_LNK) {
      char buf[PATH_MAX + 1];
      ssize_t n = ::readlinkat(fd, e.name.c_str(), buf, PATH_MAX);
      links.emplace_back(path, n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n)));
    } else if (e.type == DT_DIR) {
      int sub = open_dir_at(fd, e.name.c_str());
      if (sub < 0)
        violated("cannot walk '" + path + "': " + std::strerror(errno));
      walk_links(sub, path, links);
    }
  }
  ::close(fd);
}

// The names in directory `dir`, for a message ("?" when it cannot be read).
std::string names_in(const std::string& dir) {
  int fd = open_dir_at(AT_FDCWD, dir.c_str());
  std::vector<Entry> entries;
  if (fd < 0 || !list_dir(fd, entries)) {
    if (fd >= 0)
      ::close(fd);
    return "?";
  }
  ::close(fd);
  std::vector<std::string> names;
  for (const auto& e : entries)
    names.push_back(e.name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "nothing" : out;
}

// The mtime every watched directory is given after load(): creating,
// removing or renaming an entry in a directory sets its mtime to the
// current time, so a watched directory whose mtime is no longer this one
// had an entry created or removed (tmpfs's clock is coarse, but never 1970).
constexpr struct timespec pinned_mtime{1, 0};

}  // namespace

fs::path claim_scratch_root(const std::string& name) {
  // NB: a fixed path, not $TMPDIR or the pid: the path must be the same
  // everywhere (scratch.hpp). /dev/shm: a tmpfs on every Linux system.
  fs::path root = "/dev/shm/heirloom-fuzz-" + name;
  std::string lock = root.native() + ".lock";
  int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    harness_failed("opening the lock", lock, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK)
      harness_failed("locking", lock, errno);
    std::fprintf(stderr, "heirloom-fuzz: waiting for another run of fuzz-%s to release %s\n", name.c_str(),
                 lock.c_str());
    while (::flock(fd, LOCK_EX) != 0)
      if (errno != EINTR)
        harness_failed("locking", lock, errno);
  }
  // The descriptor stays open, and the lock held, until the process exits.
  ::umask(022);
  remove_tree(root);
  return root;
}

Scratch::Scratch(const std::string& name) {
  // Three levels deep, so that a write escaping by up to three ".." still
  // lands inside the tree this harness watches.
  root_ = claim_scratch_root(name);
  store_ = root_ / "a" / "b" / "store";
  out_ = store_ / "0000000000000000000000000000000a-artifacts";
  prev_ = store_ / "0000000000000000000000000000000b-previous";
  work_ = root_ / "a" / "b" / "work";
  target_ = work_ / "target";
  make_dir(out_);
  make_dir(work_);
}

Scratch::~Scratch() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

// Removes what load() created and the run made in the work dir. check()
// has made sure nothing else changed, so the tree is as fresh again; should a
// removal fail anyway, the output dirs are cleared whole.
void Scratch::reset() {
  bool exact = true;
  for (auto it = made_.rbegin(); it != made_.rend() && exact; ++it)
    exact = (it->dir ? ::rmdir(it->path.c_str()) : ::unlink(it->path.c_str())) == 0;
  if (!exact) {
    clear_dir(out_);
    remove_tree(prev_);
  }
  clear_dir(work_);
  made_.clear();
  watched_.clear();
  temp_names_used = 0;
}

void Scratch::load(const std::uint8_t* data, std::size_t size) {
  const std::string out = out_.native(), prev = prev_.native();
  std::size_t i = 0;
  while (i < size) {
    std::uint8_t kind = data[i++];
    std::size_t len = 0;
    if (i + 2 <= size) {
      len = data[i] | (std::size_t(data[i + 1]) << 8);
      i += 2;
    } else {
      i = size;
    }
    if (len > size - i)
      len = size - i;
    const std::uint8_t* d = data + i;
    i += len;
    switch (kind) {
    case 0: append_file(out, "symlinks.tar", d, len, made_); break;
    case 1: append_file(out, "references", d, len, made_); break;
    case 2: append_file(out, "heirloom.json", d, len, made_); break;
    case 3: append_file(out, "target.tar.zst", d, len, made_); break;
    case 4: append_file(out, "target.index", d, len, made_); break;
    case 5: {
      if (::mkdir(prev.c_str(), 0755) == 0)
        made_.push_back({prev, true});
      else if (errno != EEXIST)
        harness_failed("creating", prev, errno);
      if (!append_file(prev, "target.tar.zst", d, len, made_))
        break;
      // a second record: the link is there already (EEXIST)
      std::string link = out + "/target.tar.zst.prev";
      if (::symlink((prev + "/target.tar.zst").c_str(), link.c_str()) == 0)
        made_.push_back({link, false});
      break;
    }
    case 6: {
      std::string rec(reinterpret_cast<const char*>(d), len);
      auto nul = rec.find('\0');
      if (nul == std::string::npos)
        break;
      std::string name = rec.substr(0, nul);
      if (safe_name(name))
        append_file(out, "target/" + name, d + nul + 1, len - nul - 1, made_);
      break;
    }
    default: break;
    }
  }
  // Every directory of the tree but the work dir is watched.
  for (const auto& d : {root_, root_ / "a", root_ / "a" / "b", store_, out_})
    watched_.push_back(d.native());
  for (const auto& m : made_)
    if (m.dir)
      watched_.push_back(m.path);
  const struct timespec times[2] = {pinned_mtime, pinned_mtime};
  for (const auto& d : watched_)
    if (::utimensat(AT_FDCWD, d.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
      harness_failed("setting the mtime of", d, errno);
}

// HEIRLOOM_FUZZ_SELFTEST=create:REL or remove:REL (REL under the scratch
// root): check() makes that change first, as a faulty heirloom would; the
// harness test (tests/fuzz/selftest.sh) expects the invariant to fire.
void Scratch::self_test() const {
  static const char* spec = std::getenv("HEIRLOOM_FUZZ_SELFTEST");
  if (!spec)
    return;
  std::string s = spec, op = s.substr(0, s.find(':')), path = root_.native() + "/" + s.substr(s.find(':') + 1);
  if (op == "create") {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
      ::close(fd);
  } else if (op == "remove") {
    ::unlink(path.c_str());
  }
}

void Scratch::check(bool failed) const {
  self_test();
  struct stat st {};
  for (const auto& d : watched_) {
    if (::lstat(d.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      violated("removed outside the target dir: " + d);
    if (st.st_mtim.tv_sec != pinned_mtime.tv_sec || st.st_mtim.tv_nsec != pinned_mtime.tv_nsec)
      violated("an entry was created or removed outside the target dir, in " + d + " (which now holds: " +
               names_in(d) + ")");
  }
  {
    int fd = open_dir_at(AT_FDCWD, work_.c_str());
    std::vector<Entry> entries;
    if (fd < 0 || !list_dir(fd, entries))
      violated("cannot list the work dir: " + std::string(std::strerror(errno)));
    ::close(fd);
    for (const auto& e : entries)
      if (e.name != target_.filename().native())
        violated("created outside the target dir: " + work_.native() + "/" + e.name);
  }
  bool exists = ::lstat(target_.c_str(), &st) == 0;
  if (!exists && errno != ENOENT)
    violated("cannot stat the target dir: " + std::string(std::strerror(errno)));
  if (failed) {
    if (exists)
      violated("a failed unpack left the target dir behind: " + target_.native());
    return;
  }
  const std::string prefix = store_.native() + "/";
  auto inside = [&](const std::string& link) {
    return link.starts_with(prefix) && link.find("/../") == std::string::npos && !link.ends_with("/..");
  };
  if (exists && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    auto link = fs::read_symlink(target_, ec).native();
    if (ec || !inside(link))
      violated("link outside the store dir: " + target_.native() + " -> " + link);
    return;
  }
  if (!exists || !S_ISDIR(st.st_mode))
    return;  // e.g. inspect
  int fd = open_dir_at(AT_FDCWD, target_.c_str());
  if (fd < 0)
    violated("cannot walk the target dir: " + std::string(std::strerror(errno)));
  std::vector<std::pair<std::string, std::string>> links;
  walk_links(fd, target_.native(), links);
  for (const auto& [path, link] : links)
    if (!inside(link))
      violated("link outside the store dir: " + path + " -> " + link);
}

}  // namespace heirloom::fuzz
