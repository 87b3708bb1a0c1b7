// Tar reading and writing through libarchive, with zstd framing.
//
// TarWriter writes a deterministic PAX ("restricted": extended headers only
// where ustar cannot hold a field) archive: every entry has uid/gid 0, no user
// or group names, the given mtime and no atime/ctime. Compression, when asked
// for, is libzstd's streaming compressor with its own worker threads, fed by
// libarchive's write callback; the bytes on disk are one standard zstd frame.
//
// TarReader reads any tar libarchive knows (ustar, pax, GNU), plain or with any
// compression filter, and names the archive in every error it throws. A zstd
// file larger than 256 KiB is decompressed by libzstd on a thread of its own,
// a few MiB ahead of the reader, so that decompressing and writing the files
// overlap (as in `zstd -d | tar -x`, but in one process); a smaller one is
// decompressed in the reading thread as it is read (no thread start per
// archive, which would cost more than the overlap gains).
#pragma once

#include "fd.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct archive;
struct archive_entry;

namespace heirloom {

struct Zstd {
  int level = 3;
  unsigned jobs = 1;
};

class TarWriter {
public:
  // Creates `path` (O_EXCL). With `zstd`, compresses.
  TarWriter(const std::string& path, std::optional<Zstd> zstd, std::int64_t mtime);
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  void add_directory(std::string_view name);
  void add_symlink(std::string_view name, std::string_view target);
  void add_hardlink(std::string_view name, std::string_view existing);
  // Writes `size` bytes from `fd`; throws if the file does not hold exactly
  // that many (it changed under us).
  void add_file(std::string_view name, mode_t mode, std::uint64_t size, int fd,
                std::string_view source_path);
  // Flushes and closes; throws on any deferred error. Must be called for the
  // archive to be complete.
  void finish();

  std::uint64_t bytes_written() const;

  struct Sink;

private:
  archive_entry* entry(std::string_view name);
  void write_header(archive_entry* e);

  std::string path_;
  std::int64_t mtime_;
  archive* a_ = nullptr;
  archive_entry* e_ = nullptr;
  std::unique_ptr<Sink> sink_;
};

struct TarEntry {
  std::string name;
  enum class Type { directory, regular, symlink, hardlink, other } type = Type::other;
  mode_t mode = 0;
  std::int64_t size = 0;
  std::int64_t mtime = 0;
  long mtime_nsec = 0;
  std::string link;  // symlink target, or hardlink's existing entry name
};

class TarReader {
public:
  explicit TarReader(const std::string& path);
  ~TarReader();
  TarReader(const TarReader&) = delete;
  TarReader& operator=(const TarReader&) = delete;

  // The next header, or nullopt at the end.
  std::optional<TarEntry> next();
  // Copies the current entry's data into `fd`; `what` names the destination.
  // Returns the number of bytes written.
  std::uint64_t copy_data_to(int fd, std::string_view what);

  const std::string& path() const { return path_; }
  [[noreturn]] void fail(std::string_view reason) const;

private:
  void open(const std::string& path);
  struct ZstdFeed;
  std::string path_;
  UniqueFd plain_fd_;  // a non-zstd archive, read by libarchive itself
  std::unique_ptr<ZstdFeed> feed_;
  archive* a_ = nullptr;
};

} // namespace heirloom
