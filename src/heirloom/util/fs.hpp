// File-system primitives: a dirfd-based tree walk, file copies that prefer a
// reflink, byte comparison, and a few wrappers that throw `Error` with the
// path in the message.
#pragma once

#include "fd.hpp"

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace heirloom {

enum class FileType : std::uint8_t { directory, regular, symlink, other };

struct TreeEntry {
  std::string rel;          // path relative to the walked root, no leading "./"
  FileType type = FileType::other;
  mode_t mode = 0;          // st_mode
  std::uint64_t size = 0;
  struct timespec mtime {};
  dev_t dev = 0;
  ino_t ino = 0;
  nlink_t nlink = 0;
};

// Every entry below `root` (not `root` itself), sorted bytewise by `rel`, with
// directories before their contents. Does not follow symlinks.
std::vector<TreeEntry> walk_tree(const std::string& root);

struct DirEntry {
  std::string name;
  unsigned char type;  // d_type: DT_DIR, DT_REG, DT_LNK, …
};

// Appends the entries of the open directory `fd` (without . and ..) to
// `out`, in the order the file system returns them: getdents64 into a
// buffer on the stack (opendir would allocate 32 KiB per directory), and an
// fstatat only where the file system leaves d_type unknown. Reads from the
// descriptor's current offset. False, with errno set, when it cannot be read.
bool list_dir(int fd, std::vector<DirEntry>& out);

// Opens `path` (O_RDONLY | O_CLOEXEC | extra), throwing on failure.
UniqueFd open_or_throw(const std::string& path, int flags = 0);

// Copies the whole of `src` into `dst` (both open, dst empty): a reflink
// (FICLONE) when the file system shares extents, else copy_file_range, else
// read/write. `what` names the destination for errors.
void copy_contents(int src, int dst, std::uint64_t size, std::string_view what);

// Creates `name` in directory `dirfd` as a fresh regular file with `mode`,
// holding the contents of `src_path`, and with mtime `mtime`. Never follows a
// symlink at the destination; an existing entry there is replaced.
void copy_file_at(const std::string& src_path, int dirfd, const char* name, mode_t mode,
                  const struct timespec& mtime, std::string_view what);

// The same from `src`, open, whose fstat is `st` (a regular file).
void copy_open_file_at(int src, const struct stat& st, int dirfd, const char* name, mode_t mode,
                       const struct timespec& mtime, std::string_view what);

// True when the two files have the same size and bytes.
bool same_contents(const std::string& a, const std::string& b);

// Removes a tree, ignoring errors (cleanup after a failure).
void remove_tree_quietly(const std::string& path);

// Removes entry `name` of directory `dirfd` and, when it is a directory,
// everything below it. Never follows a symlink (a link is removed, not what
// it names); a directory without write or search permission for its owner
// (a store tree copied out keeps 0555) gets u+rwx first. Throws `Error`
// naming the first path that cannot be removed, shown as `shown`/<rel>.
void remove_tree_at(int dirfd, const char* name, const std::string& shown);

// Makes read-only directories below `path` writable again so that they can be
// removed (store outputs copied elsewhere keep mode 0555).
void make_tree_removable(const std::string& path);

// Absolute, lexically normal form of `path` (no symlinks resolved).
std::string absolute_path(const std::string& path);

bool path_exists(const std::string& path); // lstat succeeds

// Reads a whole (small) file into a string.
std::string read_file(const std::string& path);

// Writes `data` to `path` through a temporary name and a rename, so that a
// reader never sees it half written.
void write_file_atomic(const std::string& path, std::string_view data);

} // namespace heirloom

namespace heirloom {

// Follows `path` while it is a symlink (at most 40 hops), normalising each
// hop lexically, and returns the final absolute path. Does not require the
// final path to exist.
std::string resolve_link_chain(const std::string& path);

} // namespace heirloom
