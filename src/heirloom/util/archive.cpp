#include "archive.hpp"

#include "error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_c_deterministicRefPrefix
#include <zstd.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace heirloom {

// Where libarchive's output goes: straight to the file, or through zstd.
struct TarWriter::Sink {
  std::string path;
  UniqueFd fd;
  ZSTD_CCtx* cctx = nullptr;
  std::vector<char> out;
  std::uint64_t written = 0;
  int error = 0;  // errno of the first failed write

  ~Sink() {
    if (cctx)
      ZSTD_freeCCtx(cctx);
  }

  bool write_all(const char* p, std::size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd.get(), p, n);
      if (w < 0) {
        if (errno == EINTR)
          continue;
        error = errno;
        return false;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
      written += static_cast<std::uint64_t>(w);
    }
    return true;
  }

  // Feeds `in` to the compressor; with `end`, also finishes the frame.
  bool compress(const void* data, std::size_t n, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data, n, 0};
    while (true) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      std::size_t left = ZSTD_compressStream2(cctx, &o, &in, mode);
      if (ZSTD_isError(left)) {
        zstd_error = ZSTD_getErrorName(left);
        return false;
      }
      if (!write_all(out.data(), o.pos))
        return false;
      bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
      if (done)
        return true;
    }
  }
  const char* zstd_error = nullptr;
};

namespace {

la_ssize_t sink_write(struct archive*, void* client, const void* buf, size_t n) {
  auto* s = static_cast<TarWriter::Sink*>(client);
  bool ok = s->cctx ? s->compress(buf, n, ZSTD_e_continue)
                    : s->write_all(static_cast<const char*>(buf), n);
  return ok ? static_cast<la_ssize_t>(n) : -1;
}

} // namespace

TarWriter::TarWriter(const std::string& path, std::optional<Zstd> zstd, std::int64_t mtime)
    : path_(path), mtime_(mtime), sink_(std::make_unique<Sink>()) {
  sink_->path = path;
  sink_->fd.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!sink_->fd)
    throw_sys(errno, "creating", path);
  if (zstd) {
    sink_->cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(sink_->cctx, ZSTD_c_compressionLevel, zstd->level);
    ZSTD_CCtx_setParameter(sink_->cctx, ZSTD_c_checksumFlag, 1);
    // Always multi-threaded (at least one worker) and with the overlap
    // prefix loaded the same way whatever the buffers' layout: the frame is
    // then byte-identical for any number of workers.
    ZSTD_CCtx_setParameter(sink_->cctx, ZSTD_c_nbWorkers, static_cast<int>(std::max(1u, zstd->jobs)));
    ZSTD_CCtx_setParameter(sink_->cctx, ZSTD_c_deterministicRefPrefix, 1);
    sink_->out.resize(ZSTD_CStreamOutSize());
  }
  a_ = archive_write_new();
  e_ = archive_entry_new();
  if (!a_ || !e_)
    throw Error("creating '" + path + "': out of memory");
  archive_write_set_format_pax_restricted(a_);
  // One 10240-byte record at the end, like every tar; no extra padding games.
  archive_write_set_bytes_in_last_block(a_, 1);
  if (archive_write_open2(a_, sink_.get(), nullptr, sink_write, nullptr, nullptr) != ARCHIVE_OK)
    throw Error("creating '" + path + "': " + archive_error_string(a_));
}

TarWriter::~TarWriter() {
  if (e_)
    archive_entry_free(e_);
  if (a_)
    archive_write_free(a_);
}

archive_entry* TarWriter::entry(std::string_view name) {
  archive_entry_clear(e_);
  archive_entry_copy_pathname(e_, std::string(name).c_str());
  archive_entry_set_mtime(e_, mtime_, 0);
  archive_entry_set_uid(e_, 0);
  archive_entry_set_gid(e_, 0);
  return e_;
}

void TarWriter::write_header(archive_entry* e) {
  int r = archive_write_header(a_, e);
  if (r == ARCHIVE_OK || r == ARCHIVE_WARN)
    return;
  if (sink_->error)
    throw_sys(sink_->error, "writing", path_);
  throw Error("writing '" + path_ + "': entry '" + archive_entry_pathname(e) +
              "': " + archive_error_string(a_));
}

void TarWriter::add_directory(std::string_view name) {
  auto* e = entry(name);
  archive_entry_set_filetype(e, AE_IFDIR);
  archive_entry_set_perm(e, 0755);
  write_header(e);
}

void TarWriter::add_symlink(std::string_view name, std::string_view target) {
  auto* e = entry(name);
  archive_entry_set_filetype(e, AE_IFLNK);
  archive_entry_set_perm(e, 0777);
  archive_entry_copy_symlink(e, std::string(target).c_str());
  write_header(e);
}

void TarWriter::add_hardlink(std::string_view name, std::string_view existing) {
  auto* e = entry(name);
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_copy_hardlink(e, std::string(existing).c_str());
  archive_entry_set_size(e, 0);
  write_header(e);
}

void TarWriter::add_file(std::string_view name, mode_t mode, std::uint64_t size, int fd,
                         std::string_view source_path) {
  auto* e = entry(name);
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, (mode & 0111) ? 0755 : 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(size));
  write_header(e);
  std::vector<char> buf(1 << 20);
  std::uint64_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), size - done)),
                        static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw_sys(errno, "reading", source_path);
    }
    if (n == 0)
      throw_at(source_path, "file shrank while it was packed");
    if (archive_write_data(a_, buf.data(), static_cast<std::size_t>(n)) != n) {
      if (sink_->error)
        throw_sys(sink_->error, "writing", path_);
      throw Error("writing '" + path_ + "': " + archive_error_string(a_));
    }
    done += static_cast<std::uint64_t>(n);
  }
  char extra;
  if (::pread(fd, &extra, 1, static_cast<off_t>(size)) > 0)
    throw_at(source_path, "file grew while it was packed");
}

void TarWriter::finish() {
  int r = archive_write_close(a_);
  if (r != ARCHIVE_OK) {
    if (sink_->error)
      throw_sys(sink_->error, "writing", path_);
    throw Error("writing '" + path_ + "': " + archive_error_string(a_));
  }
  if (sink_->cctx && !sink_->compress(nullptr, 0, ZSTD_e_end)) {
    if (sink_->error)
      throw_sys(sink_->error, "writing", path_);
    throw Error("compressing '" + path_ + "': " + (sink_->zstd_error ? sink_->zstd_error : "zstd error"));
  }
  if (::fsync(sink_->fd.get()) != 0 && errno != EINVAL && errno != EROFS)
    throw_sys(errno, "writing", path_);
  if (::close(sink_->fd.release()) != 0)
    throw_sys(errno, "writing", path_);
}

std::uint64_t TarWriter::bytes_written() const { return sink_->written; }

// A zstd file's decompressed bytes, one chunk at a time.
class ZstdDecoder {
public:
  // Chunks grow from 64 KiB to 1 MiB: a small archive (most layers of a
  // small crate, every fuzz input) does not pay for zeroing and mapping a
  // MiB it never fills; a large one reaches full chunks after four.
  static constexpr std::size_t first_chunk_size = 1 << 16;
  static constexpr std::size_t chunk_size = 1 << 20;

  // `file_size`: the compressed size, for an input buffer no larger than the
  // file (libzstd's advice, ZSTD_DStreamInSize(), is 128 KiB and 3 bytes).
  ZstdDecoder(UniqueFd f, std::uint64_t file_size)
      : fd_(std::move(f)), dctx_(ZSTD_createDCtx()),
        in_(static_cast<std::size_t>(std::clamp<std::uint64_t>(file_size, 1, ZSTD_DStreamInSize()))) {}
  ~ZstdDecoder() { ZSTD_freeDCtx(dctx_); }
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  // Decodes the next chunk into `out`, empty at the end. Returns why it
  // failed ("" when it did not); not to be called again after a failure.
  std::string next(std::vector<char>& out) {
    if (!dctx_)
      return "out of memory";
    out.assign(size_, 0);
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    while (true) {
      // NB: a full output buffer may leave decoded bytes inside libzstd even
      // when the input is used up: call again until the output is not full.
      if (i_.pos == i_.size && !full_) {
        if (eof_)
          break;
        ssize_t n = ::read(fd_.get(), in_.data(), in_.size());
        if (n < 0 && errno == EINTR)
          continue;
        if (n < 0)
          return std::strerror(errno);
        if (n == 0) {
          eof_ = true;
          if (!any_)
            return "empty file";
          if (last_ != 0)
            return "truncated zstd data";
          break;
        }
        any_ = true;
        i_ = {in_.data(), static_cast<std::size_t>(n), 0};
      }
      last_ = ZSTD_decompressStream(dctx_, &o, &i_);
      if (ZSTD_isError(last_))
        return std::string("zstd: ") + ZSTD_getErrorName(last_);
      full_ = o.pos == o.size;
      if (full_) {
        size_ = std::min(chunk_size, size_ * 2);
        break;
      }
    }
    out.resize(o.pos);
    return {};
  }

private:
  UniqueFd fd_;
  ZSTD_DCtx* dctx_;
  std::vector<char> in_;
  ZSTD_inBuffer i_{nullptr, 0, 0};
  std::size_t size_ = first_chunk_size;
  std::size_t last_ = 0;  // 0 once a frame is complete
  bool full_ = false;     // the last chunk filled up: libzstd may hold more
  bool any_ = false;
  bool eof_ = false;
};

// What libarchive reads a zstd file through. A large file is decompressed on
// a thread of its own into a bounded queue of chunks, so that decompressing
// and writing the files overlap. A small one (up to `inline_limit`
// compressed bytes: a few layers of a small crate, every fuzz input) is
// decompressed in the reading thread as libarchive asks for it: there is
// little to overlap, and a thread start per archive would cost more.
struct TarReader::ZstdFeed {
  static constexpr std::uint64_t inline_limit = 256 << 10;
  static constexpr std::size_t max_queued = 8;

  ZstdDecoder decoder;
  std::vector<char> current;  // the chunk libarchive is reading
  std::string error;          // why decoding failed
  bool threaded;
  // the thread's queue (threaded only)
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::vector<char>> queue;
  bool done = false;  // the producer has finished (or failed)
  bool stop = false;  // the reader is gone
  std::thread producer;

  ZstdFeed(UniqueFd f, std::uint64_t file_size)
      : decoder(std::move(f), file_size), threaded(file_size > inline_limit) {
    if (threaded)
      producer = std::thread([this] { run(); });
  }
  ~ZstdFeed() {
    if (!threaded)
      return;
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    changed.notify_all();
    producer.join();
  }

  void run() {
    std::string why;
    while (true) {
      std::vector<char> out;
      why = decoder.next(out);
      if (!why.empty() || out.empty())
        break;
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return queue.size() < max_queued || stop; });
      if (stop)
        break;
      queue.push_back(std::move(out));
      changed.notify_all();
    }
    {
      std::lock_guard lock(mu);
      done = true;
      error = std::move(why);
    }
    changed.notify_all();
  }

  // The next chunk into `current`; false at the end or on an error.
  bool pull() {
    if (!threaded) {
      if (error.empty())
        error = decoder.next(current);
      return error.empty() && !current.empty();
    }
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return !queue.empty() || done; });
    if (queue.empty())
      return false;
    current = std::move(queue.front());
    queue.pop_front();
    changed.notify_all();
    return true;
  }

  // libarchive's read callback: the next chunk, 0 at the end, -1 on error.
  static la_ssize_t read(archive* a, void* self, const void** buf) {
    auto* f = static_cast<ZstdFeed*>(self);
    if (!f->pull()) {
      if (!f->error.empty()) {
        archive_set_error(a, EIO, "%s", f->error.c_str());
        return -1;
      }
      return 0;
    }
    *buf = f->current.data();
    return static_cast<la_ssize_t>(f->current.size());
  }
};

namespace {

bool starts_with_zstd_magic(int fd) {
  unsigned char magic[4];
  ssize_t n = ::pread(fd, magic, sizeof magic, 0);
  return n == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd;
}

} // namespace

TarReader::TarReader(const std::string& path) : path_(path) {
  a_ = archive_read_new();
  if (!a_)
    throw Error("reading '" + path + "': out of memory");
  // (a constructor that throws runs no destructor: free the archive here;
  // the members, the zstd feed among them, are destroyed after it)
  try {
    open(path);
  } catch (...) {
    archive_read_free(a_);
    a_ = nullptr;
    throw;
  }
}

void TarReader::open(const std::string& path) {
  archive_read_support_format_tar(a_);
  archive_read_support_format_gnutar(a_);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    throw_sys(errno, "reading", path);
  if (starts_with_zstd_magic(fd.get())) {
    struct stat st;
    if (::fstat(fd.get(), &st) != 0)
      throw_sys(errno, "reading", path);
    feed_ = std::make_unique<ZstdFeed>(std::move(fd), static_cast<std::uint64_t>(st.st_size));
    if (archive_read_open(a_, feed_.get(), nullptr, &ZstdFeed::read, nullptr) != ARCHIVE_OK)
      fail(archive_error_string(a_) ? archive_error_string(a_) : "cannot open");
    return;
  }
  archive_read_support_filter_all(a_);
  if (archive_read_open_fd(a_, fd.get(), 1 << 17) != ARCHIVE_OK)
    fail(archive_error_string(a_) ? archive_error_string(a_) : "cannot open");
  plain_fd_ = std::move(fd);
}

TarReader::~TarReader() {
  if (a_)
    archive_read_free(a_);
  feed_.reset();  // (after libarchive stopped reading from it)
}

void TarReader::fail(std::string_view reason) const {
  throw Error("bad archive '" + path_ + "': " + std::string(reason));
}

std::optional<TarEntry> TarReader::next() {
  archive_entry* e = nullptr;
  int r = archive_read_next_header(a_, &e);
  if (r == ARCHIVE_EOF)
    return std::nullopt;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    fail(archive_error_string(a_) ? archive_error_string(a_) : "unreadable header");
  TarEntry t;
  const char* name = archive_entry_pathname(e);
  if (!name)
    fail("entry without a name");
  t.name = name;
  t.mode = archive_entry_perm(e);
  t.size = archive_entry_size(e);
  t.mtime = archive_entry_mtime(e);
  t.mtime_nsec = archive_entry_mtime_nsec(e);
  if (const char* hl = archive_entry_hardlink(e)) {
    t.type = TarEntry::Type::hardlink;
    t.link = hl;
    return t;
  }
  switch (archive_entry_filetype(e)) {
  case AE_IFDIR:
    t.type = TarEntry::Type::directory;
    break;
  case AE_IFREG:
    t.type = TarEntry::Type::regular;
    break;
  case AE_IFLNK:
    t.type = TarEntry::Type::symlink;
    if (const char* s = archive_entry_symlink(e))
      t.link = s;
    break;
  default:
    t.type = TarEntry::Type::other;
  }
  return t;
}

std::uint64_t TarReader::copy_data_to(int fd, std::string_view what) {
  const void* buf;
  size_t size;
  la_int64_t offset;
  std::uint64_t total = 0;
  while (true) {
    int r = archive_read_data_block(a_, &buf, &size, &offset);
    if (r == ARCHIVE_EOF)
      return total;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      fail(archive_error_string(a_) ? archive_error_string(a_) : "unreadable data");
    const char* p = static_cast<const char*>(buf);
    std::size_t left = size;
    off_t at = static_cast<off_t>(offset);
    while (left > 0) {
      ssize_t w = ::pwrite(fd, p, left, at);
      if (w < 0) {
        if (errno == EINTR)
          continue;
        throw_sys(errno, "writing", what);
      }
      p += w;
      at += w;
      left -= static_cast<std::size_t>(w);
    }
    total += size;
  }
}

} // namespace heirloom
