#include "pack.hpp"

#include "output.hpp"
#include "manifest.hpp"
#include "policy.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/parallel.hpp"
#include "util/paths.hpp"
#include "util/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

namespace heirloom {

namespace {

enum class Kind {
  dir,
  owned,       // a real file of DIR, stored in this output
  store_link,  // a link to a file of an older output (resolved)
  rel_link,    // a relative symlink inside the tree, kept verbatim
  deref,       // a link to a file outside the store: its contents are stored
};

struct Item {
  const TreeEntry* entry;
  Kind kind;
  std::string target;  // store_link: final file; rel_link: link text; deref: final file
  bool moved = false;  // owned: renamed out of DIR (undone on failure)
};

// The files pack creates in OUT, removed again if pack fails. OUT itself is
// removed too when pack created it.
class OutputGuard {
public:
  explicit OutputGuard(const std::string& out) : out_(out) {
    struct stat st;
    if (::lstat(out.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        throw_at(out, "output exists and is not a directory");
      return;
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec)
      throw_sys(ec.value(), "creating output directory", out);
    created_ = true;
  }
  ~OutputGuard() {
    if (committed_)
      return;
    if (created_) {
      remove_tree_quietly(out_);
      return;
    }
    for (const auto& name : names_)
      remove_tree_quietly(out_ + "/" + name);
  }
  // Claims OUT/<name>; it must not exist yet.
  std::string claim(const std::string& name) {
    std::string p = out_ + "/" + name;
    if (path_exists(p))
      throw_at(p, "already exists (pack writes into a fresh output)");
    names_.push_back(name);
    return p;
  }
  void commit() { committed_ = true; }

private:
  std::string out_;
  std::vector<std::string> names_;
  bool created_ = false;
  bool committed_ = false;
};

std::vector<TreeEntry> walk_packable(const std::string& target, PackStats& stats) {
  std::vector<TreeEntry> all = walk_tree(target);
  std::vector<TreeEntry> kept;
  kept.reserve(all.size());
  for (auto& e : all) {
    if (e.type != FileType::directory && is_never_packed(e.rel)) {
      ++stats.skipped;
      continue;
    }
    if (e.type == FileType::other) {
      std::fprintf(stderr, "heirloom: warning: skipping '%s/%s': not a file, directory or link\n",
                   target.c_str(), e.rel.c_str());
      ++stats.skipped;
      continue;
    }
    // Refuse now what unpack would refuse later (a name over the length or
    // depth bound): an output nobody can unpack is no output.
    if (auto why = unsafe_entry_reason(std::string(names::archive_root) + "/" + e.rel))
      throw_at(target + "/" + e.rel, *why + " once archived; unpack would refuse it");
    kept.push_back(std::move(e));
  }
  return kept;
}

std::vector<Item> classify(const std::vector<TreeEntry>& entries, const std::string& target,
                           const std::string& store_dir) {
  std::vector<Item> items;
  items.reserve(entries.size());
  for (const auto& e : entries) {
    Item it{&e, Kind::owned, {}};
    if (e.type == FileType::directory) {
      it.kind = Kind::dir;
    } else if (e.type == FileType::symlink) {
      std::string where = target + "/" + e.rel;
      std::string final = resolve_link_chain(where);
      struct stat st;
      bool exists = ::stat(final.c_str(), &st) == 0;
      char buf[4096];
      ssize_t n = ::readlink(where.c_str(), buf, sizeof buf);
      std::string text = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
      if (store_path_of(final, store_dir)) {
        if (!exists)
          throw_sys(errno, "dangling link: '" + where + "' ->", final);
        if (!S_ISREG(st.st_mode))
          throw_at(where, "link into the store does not resolve to a regular file");
        it.kind = Kind::store_link;
        it.target = final;
      } else if (!text.empty() && text.front() != '/' && relative_link_stays_inside(e.rel, text) &&
                 text != std::string(names::archive_root) + "/" + e.rel) {
        // (A relative link whose text is its own archive name would read
        // as an owned file; such a link is dereferenced instead.)
        it.kind = Kind::rel_link;
        it.target = text;
      } else {
        if (!exists)
          throw_sys(errno, "dangling link: '" + where + "' ->", final);
        if (!S_ISREG(st.st_mode))
          throw_at(where, "link to something outside the store that is not a regular file");
        it.kind = Kind::deref;
        it.target = final;
      }
    }
    items.push_back(std::move(it));
  }
  return items;
}

// The previous output's links, by path, for deduplication: only a directory
// tree has files to link to (a layer's files live inside its archive).
std::unordered_map<std::string, std::string> previous_links(const std::string& prev,
                                                            const std::string& store_dir) {
  std::unordered_map<std::string, std::string> map;
  if (prev.empty())
    return map;
  Output o = read_output(prev, store_dir);
  if (!o.base || !o.layers.empty())
    return map;
  for (auto& f : o.base->files)
    map.emplace(std::move(f.rel), std::move(f.target));
  return map;
}

// The files of the previous output's tree with their sizes and mtimes, for
// leaving unchanged files out of a new layer. A heirloom layer's index is its
// whole tree; a crane layer only adds to what lies below it.
Index previous_tree(const Output& o) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < o.layers.size(); ++i)
    if (o.layers[i].index)
      from = i;
  Index tree;
  if (from < o.layers.size() && o.layers[from].index) {
    tree = *o.layers[from].index;
    ++from;
  } else if (o.base) {
    for (const auto& f : o.base->files) {
      struct stat st;
      if (::stat(f.target.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        tree[f.rel] = {'f', static_cast<std::uint64_t>(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    }
  }
  for (std::size_t i = from; i < o.layers.size(); ++i) {
    const Layer& layer = o.layers[i];
    TarReader reader(layer.archive);
    while (auto e = reader.next()) {
      std::string rel = layer_entry_rel(reader, layer, e->name);
      if (rel.empty())
        continue;
      if (e->type == TarEntry::Type::regular)
        tree[rel] = {'f', static_cast<std::uint64_t>(e->size), e->mtime, e->mtime_nsec};
      else if (e->type == TarEntry::Type::hardlink && tree.contains(layer_entry_rel(reader, layer, e->link)))
        tree[rel] = tree[layer_entry_rel(reader, layer, e->link)];
      else
        tree.erase(rel);  // a link or directory: not a file a later layer may leave out
    }
  }
  return tree;
}

// Copies a file into the output, keeping mode and mtime.
void copy_into(const std::string& src, const std::string& dst, const TreeEntry& e) {
  UniqueFd in = open_or_throw(src);
  UniqueFd out(::open(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!out)
    throw_sys(errno, "creating", dst);
  struct stat st;
  if (::fstat(in.get(), &st) != 0)
    throw_sys(errno, "reading", src);
  copy_contents(in.get(), out.get(), static_cast<std::uint64_t>(st.st_size), dst);
  ::fchmod(out.get(), e.mode & 07777 & ~static_cast<mode_t>(S_ISUID | S_ISGID));
  struct timespec t[2] = {st.st_mtim, st.st_mtim};
  ::futimens(out.get(), t);
}

// The manifest fields both modes fill from their stats.
Manifest manifest_for(const char* mode, const PackStats& stats, const PackOptions& opts) {
  Manifest m;
  m.format = format_version;
  m.mode = mode;
  m.tool_version = tool_version;
  m.files = stats.files;
  m.dirs = stats.dirs;
  m.owned_files = stats.owned;
  m.owned_bytes = stats.owned_bytes;
  m.linked_files = stats.linked;
  m.deduplicated_files = stats.deduplicated;
  if (!opts.prev.empty())
    m.parents.push_back(absolute_path(opts.prev));
  return m;
}

PackStats pack_symlinks(const PackOptions& opts, const std::string& target, const std::string& out) {
  PackStats stats;
  std::vector<TreeEntry> entries = walk_packable(target, stats);
  std::vector<Item> items = classify(entries, target, opts.store_dir);

  // Dedup against the previous output: files unpack copied that are unchanged.
  auto prev = previous_links(opts.prev, opts.store_dir);
  std::atomic<std::uint64_t> dedup{0};
  if (!prev.empty()) {
    parallel_for(items.size(), opts.jobs, [&](std::size_t i) {
      Item& it = items[i];
      if (it.kind != Kind::owned)
        return;
      auto found = prev.find(it.entry->rel);
      if (found == prev.end())
        return;
      struct stat st;
      if (::stat(found->second.c_str(), &st) != 0 || static_cast<std::uint64_t>(st.st_size) != it.entry->size)
        return;
      if (same_contents(target + "/" + it.entry->rel, found->second)) {
        it.kind = Kind::store_link;
        it.target = found->second;
        dedup.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  stats.deduplicated = dedup;

  OutputGuard guard(out);
  std::string owned_root = guard.claim(names::owned_dir);
  std::string tar_path = guard.claim(names::symlinks_tar);
  std::string refs_path = guard.claim(names::references);
  std::string manifest_path = guard.claim(names::manifest);

  // Directories of OUT/target that will hold a stored file.
  std::set<std::string> needed;
  for (const auto& it : items) {
    if (it.kind != Kind::owned && it.kind != Kind::deref)
      continue;
    for (std::string_view p = parent_of(it.entry->rel); !p.empty(); p = parent_of(p))
      if (!needed.insert(std::string(p)).second)
        break;
  }
  if (::mkdir(owned_root.c_str(), 0755) != 0)
    throw_sys(errno, "creating directory", owned_root);
  for (const auto& d : needed)  // std::set sorts parents first
    if (::mkdir((owned_root + "/" + d).c_str(), 0755) != 0)
      throw_sys(errno, "creating directory", owned_root + "/" + d);

  // Hard-linked files (cargo's uplifted binaries) stay hard-linked: the first
  // name of each inode leads, the others follow it.
  std::map<std::pair<dev_t, ino_t>, std::size_t> leaders;
  std::vector<std::size_t> lead, follow;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (it.kind != Kind::owned && it.kind != Kind::deref)
      continue;
    if (it.kind == Kind::owned && it.entry->nlink > 1 &&
        !leaders.emplace(std::pair{it.entry->dev, it.entry->ino}, i).second)
      follow.push_back(i);
    else
      lead.push_back(i);
  }

  auto move_one = [&](Item& it) {
    std::string src = target + "/" + it.entry->rel;
    std::string dst = owned_root + "/" + it.entry->rel;
    if (it.kind == Kind::owned) {
      if (::rename(src.c_str(), dst.c_str()) == 0) {
        it.moved = true;
        return;
      }
      if (errno != EXDEV)
        throw_sys(errno, "moving '" + src + "' to", dst);
      copy_into(src, dst, *it.entry);
    } else {
      copy_into(it.target, dst, *it.entry);
    }
  };

  try {
    // Copies of dereferenced links first: a link may name a file of DIR
    // itself (an absolute path into DIR, or a relative link dereferenced
    // above), which the moves would take away.
    auto moves = std::stable_partition(lead.begin(), lead.end(),
                                       [&](std::size_t i) { return items[i].kind == Kind::deref; });
    auto derefs = static_cast<std::size_t>(moves - lead.begin());
    parallel_for(derefs, opts.jobs, [&](std::size_t k) { move_one(items[lead[k]]); });
    parallel_for(lead.size() - derefs, opts.jobs, [&](std::size_t k) { move_one(items[lead[derefs + k]]); });
    for (std::size_t i : follow) {
      Item& it = items[i];
      const Item& leader = items[leaders.at({it.entry->dev, it.entry->ino})];
      std::string src = target + "/" + it.entry->rel;
      std::string dst = owned_root + "/" + it.entry->rel;
      if (::rename(src.c_str(), dst.c_str()) == 0) {
        it.moved = true;
        continue;
      }
      if (errno != EXDEV)
        throw_sys(errno, "moving '" + src + "' to", dst);
      if (::link((owned_root + "/" + leader.entry->rel).c_str(), dst.c_str()) != 0)
        throw_sys(errno, "creating hard link", dst);
    }

    std::vector<std::string> refs;
    TarWriter tar(tar_path + ".heirloom-tmp", std::nullopt, archive_mtime());
    std::string root = names::archive_root;
    tar.add_directory(root + "/");
    Manifest m;  // counts the relative links kept
    for (const auto& it : items) {
      std::string name = root + "/" + it.entry->rel;
      switch (it.kind) {
      case Kind::dir:
        tar.add_directory(name + "/");
        ++stats.dirs;
        break;
      case Kind::owned:
      case Kind::deref: {
        // NB: the link names itself rather than OUT/target/<path>: OUT's own
        // hash must not appear in the tar, where Nix's hash rewriting
        // (--check, content-addressed outputs) would break header checksums.
        tar.add_symlink(name, name);
        ++stats.files;
        ++stats.owned;
        stats.owned_bytes += it.entry->size;
        break;
      }
      case Kind::store_link:
        tar.add_symlink(name, it.target);
        refs.push_back(*store_path_of(it.target, opts.store_dir));
        ++stats.files;
        ++stats.linked;
        break;
      case Kind::rel_link:
        tar.add_symlink(name, it.target);
        ++m.symlinks;
        break;
      }
    }
    tar.finish();
    stats.archive_bytes = tar.bytes_written();
    if (::rename((tar_path + ".heirloom-tmp").c_str(), tar_path.c_str()) != 0)
      throw_sys(errno, "writing", tar_path);

    write_file_atomic(refs_path, references_to_text(std::move(refs)));
    Manifest full = manifest_for("symlinks", stats, opts);
    full.symlinks = m.symlinks;
    write_file_atomic(manifest_path, manifest_to_json(full));
  } catch (...) {
    // Put back what was moved, so DIR is as it was.
    for (auto& it : items)
      if (it.moved)
        ::rename((owned_root + "/" + it.entry->rel).c_str(), (target + "/" + it.entry->rel).c_str());
    throw;
  }
  guard.commit();
  return stats;
}

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

PackStats pack_zstd(const PackOptions& opts, const std::string& target, const std::string& out) {
  PackStats stats;
  std::vector<TreeEntry> entries = walk_packable(target, stats);
  std::vector<Item> items = classify(entries, target, opts.store_dir);
  const std::int64_t mtime = archive_mtime();

  // What this layer is made on top of (any output read_output reads): its
  // `.prev` links to the parent's newest layer file, or to the parent
  // directory when that is a tree (FORMAT.md).
  Index prev_index;
  std::string prev_layer;
  if (!opts.prev.empty()) {
    Output parent = read_output(opts.prev, opts.store_dir);
    prev_index = previous_tree(parent);
    std::error_code ec;
    prev_layer = std::filesystem::canonical(parent.chain_head, ec).string();
    if (ec)
      throw_sys(ec.value(), "resolving", parent.chain_head);
  }

  OutputGuard guard(out);
  std::string tar_path = guard.claim(names::zstd_tar);
  std::string index_path = guard.claim(names::zstd_index);
  std::string prev_path = prev_layer.empty() ? std::string() : guard.claim(std::string(names::zstd_tar) + names::prev_suffix);
  std::string refs_path = guard.claim(names::references);
  std::string manifest_path = guard.claim(names::manifest);

  std::uint64_t total = 0;
  for (const auto& it : items)
    if (it.kind == Kind::owned || it.kind == Kind::store_link || it.kind == Kind::deref)
      total += it.entry->size;
  Progress progress(opts.progress, total);

  Index index;
  std::uint64_t symlinks = 0;
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
        ++symlinks;
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
      auto prev = prev_index.find(e.rel);
      if (prev != prev_index.end() && prev->second.type == 'f' && prev->second.size == size &&
          prev->second.mtime == st.st_mtim.tv_sec && prev->second.mtime_nsec == st.st_mtim.tv_nsec) {
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
  write_file_atomic(index_path, index_to_text(index));

  std::vector<std::string> refs;
  if (!prev_layer.empty()) {
    if (::symlink(prev_layer.c_str(), prev_path.c_str()) != 0)
      throw_sys(errno, "creating link", prev_path);
    if (auto sp = store_path_of(prev_layer, opts.store_dir))
      refs.push_back(*sp);
  }
  write_file_atomic(refs_path, references_to_text(std::move(refs)));

  Manifest m = manifest_for("zstd", stats, opts);
  m.symlinks = symlinks;
  write_file_atomic(manifest_path, manifest_to_json(m));
  guard.commit();
  return stats;
}

} // namespace

PackStats pack(const PackOptions& opts) {
  std::string target = absolute_path(opts.target);
  std::string out = absolute_path(opts.out);
  struct stat st;
  if (::stat(target.c_str(), &st) != 0)
    throw_sys(errno, "reading target dir", target);
  if (!S_ISDIR(st.st_mode))
    throw_at(target, "target dir is not a directory");
  if (out == target || out.starts_with(target + "/"))
    throw_at(out, "output lies inside the target dir");
  return opts.mode == PackMode::symlinks ? pack_symlinks(opts, target, out) : pack_zstd(opts, target, out);
}

} // namespace heirloom
