#include "scratch.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

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

// Empties `dir` (and removes it), read-only directories included.
void remove_tree(const fs::path& dir) {
  std::error_code ec;
  if (fs::symlink_status(dir, ec).type() == fs::file_type::directory) {
    ::chmod(dir.c_str(), 0700);
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code type_ec;
      if (it->symlink_status(type_ec).type() == fs::file_type::directory)
        ::chmod(it->path().c_str(), 0700);
    }
  }
  fs::remove_all(dir, ec);
  if (ec)
    harness_failed("clearing", dir.native(), ec.value());
}

void make_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    harness_failed("creating", dir.native(), ec.value());
}

// Appends one record's bytes to the regular file `path`, creating it and its
// parents. False, and nothing written, when the input cannot be laid out
// that way: a parent is a file, `path` is a directory or a symlink, a name
// is too long, ... (the record is skipped).
bool append_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return false;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
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
      harness_failed("writing", path.native(), errno);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0)
    harness_failed("writing", path.native(), errno);
  return true;
}

// A name the harness itself may write under OUT/target: relative, no "..",
// ".", empty components or NUL. Length is left to the file system.
bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/')
    return false;
  for (const auto& part : fs::path(name))
    if (part == ".." || part == "." || part.empty())
      return false;
  return name.find('\0') == std::string::npos;
}

}  // namespace

fs::path claim_scratch_root(const std::string& name) {
  // NB: /tmp, not $TMPDIR or the pid: the path must be the same everywhere.
  fs::path root = "/tmp/heirloom-fuzz-" + name;
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
  reset();
}

Scratch::~Scratch() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void Scratch::reset() {
  remove_tree(root_);
  make_dir(store_);
  make_dir(work_);
  make_dir(out_);
  baseline_.clear();
  temp_names_used = 0;
}

void Scratch::load(const std::uint8_t* data, std::size_t size) {
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
    case 0: append_file(out_ / "symlinks.tar", d, len); break;
    case 1: append_file(out_ / "references", d, len); break;
    case 2: append_file(out_ / "heirloom.json", d, len); break;
    case 3: append_file(out_ / "target.tar.zst", d, len); break;
    case 4: append_file(out_ / "target.index", d, len); break;
    case 5: {
      if (!append_file(prev_ / "target.tar.zst", d, len))
        break;
      std::error_code ec;  // a second record: the link is there already
      fs::create_symlink(prev_ / "target.tar.zst", out_ / "target.tar.zst.prev", ec);
      break;
    }
    case 6: {
      std::string rec(reinterpret_cast<const char*>(d), len);
      auto nul = rec.find('\0');
      if (nul == std::string::npos)
        break;
      std::string name = rec.substr(0, nul);
      if (safe_name(name))
        append_file(out_ / "target" / name, d + nul + 1, len - nul - 1);
      break;
    }
    default: break;
    }
  }
  baseline_ = snapshot();
}

std::set<std::string> Scratch::snapshot() const {
  std::set<std::string> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, fs::directory_options::none, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec)
      violated("cannot walk the scratch tree: " + ec.message());
    const auto& p = it->path();
    if (p == target_ || p.native().starts_with(target_.native() + "/")) {
      it.disable_recursion_pending();
      continue;
    }
    paths.insert(p.native());
  }
  if (ec)
    violated("cannot walk the scratch tree: " + ec.message());
  return paths;
}

void Scratch::check(bool failed) const {
  auto now = snapshot();
  for (const auto& p : now)
    if (!baseline_.count(p))
      violated("created outside the target dir: " + p);
  for (const auto& p : baseline_)
    if (!now.count(p))
      violated("removed outside the target dir: " + p);
  std::error_code ec;
  if (failed) {
    if (fs::symlink_status(target_, ec).type() != fs::file_type::not_found)
      violated("a failed unpack left the target dir behind: " + target_.native());
    return;
  }
  if (!fs::exists(fs::symlink_status(target_, ec)))
    return;  // e.g. inspect
  const std::string prefix = store_.native() + "/";
  for (auto it = fs::recursive_directory_iterator(target_, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec)
      violated("cannot walk the target dir: " + ec.message());
    if (!it->is_symlink(ec))
      continue;
    auto link = fs::read_symlink(it->path(), ec).native();
    if (ec || !link.starts_with(prefix) || link.find("/../") != std::string::npos || link.ends_with("/.."))
      violated("link outside the store dir: " + it->path().native() + " -> " + link);
  }
}

}  // namespace heirloom::fuzz
