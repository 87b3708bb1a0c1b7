// pack, pass "write" (zstd mode): one tar of the tree's contents, streamed
// through libzstd.
//
// Entry names are crane's ("./", "./release/x"; docs/FORMAT.md), in the
// walk's order. The compressor runs on `--jobs` threads with
// ZSTD_c_deterministicRefPrefix (util/archive), so the frame is the same
// bytes for any job count. A file whose size and mtime equal the parent
// tree's is left to the parent; every path still goes into the new index,
// which is how unpack drops files deleted since an older layer. Hard-linked
// names after the first become tar hard links. The archive is written under
// a temporary name (removed on failure) and renamed.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace heirloom::pack_passes {

namespace {

class Progress {
public:
  Progress(bool enabled, std::uint64_t total) : enabled_(enabled && ::isatty(2)), total_(total) {}
  ~Progress() {
    if (shown_)
      std::fprintf(stderr, "\r\033[K");
  }
  void add(std::uint64_t n) {
    done_ += n;
    if (!enabled_)
      return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200))
      return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\rheirloom: packed %.1f of %.1f MB (%.0f%%)", done_ / 1e6, total_ / 1e6,
                 total_ ? 100.0 * done_ / total_ : 100.0);
  }

private:
  bool enabled_;
  bool shown_ = false;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

bool unchanged(const Index& tree, const std::string& rel, std::uint64_t size, const struct stat& st) {
  auto prev = tree.find(rel);
  return prev != tree.end() && prev->second.type == 'f' && prev->second.size == size &&
         prev->second.mtime == st.st_mtim.tv_sec && prev->second.mtime_nsec == st.st_mtim.tv_nsec;
}

} // namespace

LayerArchive write_layer(const std::vector<Item>& items, const std::string& target, const LayerBase& base,
                         const std::string& tar_path, const PackOptions& opts, PackStats& stats) {
  const std::int64_t mtime = archive_mtime();
  std::uint64_t total = 0;
  for (const auto& it : items)
    if (it.kind == Kind::owned || it.kind == Kind::store_link || it.kind == Kind::deref)
      total += it.entry->size;
  Progress progress(opts.progress, total);

  LayerArchive result;
  Index& index = result.index;
  TarWriter tar(tar_path + ".heirloom-tmp", Zstd{opts.zstd_level, std::max(1u, opts.jobs)}, mtime);
  try {
    tar.add_directory(layer_entry_name(""));
    std::map<std::pair<dev_t, ino_t>, std::string> first_name;
    for (const auto& it : items) {
      const TreeEntry& e = *it.entry;
      std::string name = layer_entry_name(e.rel);
      if (it.kind == Kind::dir) {
        tar.add_directory(name + "/");
        index[e.rel] = {'d', 0, mtime};
        ++stats.dirs;
        continue;
      }
      if (it.kind == Kind::rel_link) {
        tar.add_symlink(name, it.target);
        index[e.rel] = {'l', 0, mtime};
        ++result.symlinks;
        continue;
      }
      std::string src = it.kind == Kind::owned ? target + "/" + e.rel : it.target;
      UniqueFd fd = open_or_throw(src);
      struct stat st;
      if (::fstat(fd.get(), &st) != 0)
        throw_sys(errno, "reading", src);
      std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
      index[e.rel] = {'f', size, mtime};
      ++stats.files;
      if (unchanged(base.tree, e.rel, size, st)) {
        ++stats.unchanged;
        progress.add(size);
        continue;
      }
      auto [hl, fresh] = first_name.emplace(std::pair{st.st_dev, st.st_ino}, name);
      if (!fresh && st.st_nlink > 1) {
        tar.add_hardlink(name, hl->second);
      } else {
        tar.add_file(name, st.st_mode, size, fd.get(), src);
        ++stats.owned;
        stats.owned_bytes += size;
      }
      progress.add(size);
    }
    tar.finish();
  } catch (...) {
    ::unlink((tar_path + ".heirloom-tmp").c_str());
    throw;
  }
  stats.archive_bytes = tar.bytes_written();
  if (::rename((tar_path + ".heirloom-tmp").c_str(), tar_path.c_str()) != 0)
    throw_sys(errno, "writing", tar_path);
  return result;
}

} // namespace heirloom::pack_passes
