#include "output.hpp"

#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/paths.hpp"
#include "util/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <set>

namespace heirloom {

const char* format_name(Format f) {
  switch (f) {
  case Format::symlinks:
    return "symlinks";
  case Format::zstd:
    return "zstd";
  case Format::crane_zstd:
    return "crane-zstd";
  case Format::crane_dir:
    return "crane-dir";
  }
  return "?";
}

namespace {

bool is_regular(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string real_path(const std::string& p) {
  char buf[PATH_MAX];
  if (!::realpath(p.c_str(), buf))
    throw_sys(errno, "resolving", p);
  return buf;
}

std::string dir_of(const std::string& file) { return file.substr(0, file.rfind('/')); }

std::optional<Manifest> read_manifest(const std::string& dir) {
  std::string p = dir + "/" + names::manifest;
  if (!path_exists(p))
    return std::nullopt;
  return manifest_from_json(read_file(p), p);
}

std::string symlinks_tar_in(const std::string& dir) {
  std::string tar = dir + "/" + names::symlinks_tar;
  if (is_regular(tar))
    return tar;
  // A compressed symlinks tar ("symlinks.tar.zst", "symlinks.tar.gz", …).
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  std::vector<DirEntry> entries;
  if (!fd || !list_dir(fd.get(), entries))
    return {};
  for (const auto& e : entries)
    if (e.name.starts_with(std::string(names::symlinks_tar) + ".") && is_regular(dir + "/" + e.name))
      return dir + "/" + e.name;
  return {};
}

// `references` must name exactly the store paths in `linked` (never the
// output itself, whose store path is `self`).
void check_references(const std::string& dir, std::set<std::string> linked, const std::string& store_dir) {
  std::string refs_path = dir + "/" + names::references;
  if (!path_exists(refs_path))
    throw_at(refs_path, "missing (a heirloom output lists the store paths it links into)");
  auto refs = references_from_text(read_file(refs_path), refs_path);
  if (auto self = store_path_of(real_path(dir), store_dir))
    linked.erase(*self);
  std::set<std::string> listed(refs.begin(), refs.end());
  for (const auto& sp : linked)
    if (!listed.contains(sp))
      throw_at(refs_path, "does not list '" + sp + "', which the output links into");
  for (const auto& sp : listed)
    if (!linked.contains(sp))
      throw_at(refs_path, "lists '" + sp + "', which the output does not link into");
}

void check_count(const std::string& manifest_path, const char* field, std::uint64_t said, std::uint64_t found,
                 const std::string& where) {
  if (said != found)
    throw_at(manifest_path, std::string("says ") + std::to_string(said) + " " + field + ", " + where + " holds " +
                                std::to_string(found));
}

void check_mode(const std::optional<Manifest>& m, const std::string& dir, const char* found) {
  if (m && m->mode != found)
    throw_at(dir + "/" + names::manifest,
             "says mode '" + m->mode + "', but the output holds a " + found + " layout");
}

class Reader {
public:
  explicit Reader(std::string store_dir) : store_dir_(std::move(store_dir)) { out_.roots.push_back(store_dir_); }

  Output run(const std::string& path) {
    std::string abs = absolute_path(path);
    out_.path = abs;
    read_any(abs, true);
    return std::move(out_);
  }

private:
  void visit(const std::string& path) {
    std::string real = real_path(path);
    if (!seen_.insert(real).second)
      throw_at(path, "the .prev chain loops back on itself");
    if (seen_.size() > 10000)
      throw_at(path, "the .prev chain is longer than 10000 outputs");
  }

  void add_root(const std::string& dir) {
    out_.roots.push_back(dir);
    std::string real = real_path(dir);
    if (real != dir)
      out_.roots.push_back(real);
  }

  void read_any(const std::string& path, bool top) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      int err = errno;
      // A store path that is gone: an output named by its path (a string,
      // not the derivation) that the garbage collector took, or that was
      // never built on this machine.
      if (err == ENOENT && store_path_of(path, store_dir_) == path)
        throw_at(path, "not in the Nix store (garbage-collected, or never built here): give the "
                       "derivation itself, which Nix keeps alive and rebuilds, not its output path");
      throw_sys(err, "reading artifacts", path);
    }
    if (S_ISREG(st.st_mode)) {
      if (!path.ends_with(".tar.zst"))
        throw_at(path, "not an artifacts output (expected a directory or a .tar.zst file)");
      read_layer(path, top);
      if (top)
        out_.chain_head = path;
      return;
    }
    if (!S_ISDIR(st.st_mode))
      throw_at(path, "not an artifacts output (neither a directory nor a file)");
    read_dir(path, top);
  }

  void read_dir(const std::string& dir, bool top) {
    visit(dir);
    add_root(dir);
    std::optional<Manifest> m = read_manifest(dir);
    if (top) {
      out_.manifest = m;
      out_.chain_head = dir;
    }
    if (std::string tar = symlinks_tar_in(dir); !tar.empty()) {
      check_mode(m, dir, "symlinks");
      LinkPlan plan = read_symlinks_archive(tar, real_path(dir), out_.roots);
      if (!m)
        throw_at(dir + "/" + names::manifest, "missing beside " + tar);
      std::string mp = dir + "/" + names::manifest;
      check_count(mp, "files", m->files, plan.files.size(), tar);
      check_count(mp, "dirs", m->dirs, plan.dirs.size(), tar);
      check_count(mp, "symlinks", m->symlinks, plan.symlinks.size(), tar);
      std::set<std::string> linked;
      for (const auto& f : plan.files)
        if (auto sp = store_path_of(f.target, store_dir_))
          linked.insert(*sp);
      check_references(dir, std::move(linked), store_dir_);
      set_base(std::move(plan), top, Format::symlinks);
      return;
    }
    std::string zst = dir + "/" + names::zstd_tar;
    if (is_regular(zst)) {
      check_mode(m, dir, "zstd");
      read_layer(zst, top);
      if (top)
        out_.chain_head = zst;
      return;
    }
    if (is_directory(dir + "/" + names::owned_dir)) {
      if (m)
        throw_at(dir + "/" + names::manifest,
                 "says mode '" + m->mode + "', but the output has neither " + names::symlinks_tar + " nor " +
                     names::zstd_tar);
      set_base(read_crane_dir(dir + "/" + names::owned_dir, out_.roots), top, Format::crane_dir);
      return;
    }
    throw_at(dir, std::string("not an artifacts output (no ") + names::symlinks_tar + ", " + names::zstd_tar +
                      " or " + names::owned_dir + "/ inside)");
  }

  void set_base(LinkPlan plan, bool top, Format f) {
    out_.base = std::move(plan);
    if (top)
      out_.format = f;
  }

  // `layer` is a .tar.zst file; what it builds on (its `.prev`) is read first.
  void read_layer(const std::string& layer, bool top) {
    visit(layer);
    std::string real = real_path(layer);
    std::string dir = dir_of(real);
    add_root(dir_of(layer));
    if (dir != dir_of(layer))
      add_root(dir);

    std::string prev = layer + names::prev_suffix;
    std::string prev_target;
    struct stat lst;
    if (::lstat(prev.c_str(), &lst) == 0) {
      struct stat st;
      if (::stat(prev.c_str(), &st) != 0)
        throw_sys(errno, "following previous layer", prev);
      if (S_ISDIR(st.st_mode)) {
        prev_target = real_path(prev);
        read_dir(prev_target, false);
      } else if (S_ISREG(st.st_mode)) {
        prev_target = real_path(prev);
        read_layer(prev_target, false);
      } else {
        throw_at(prev, "previous layer is neither a file nor a directory");
      }
    }

    Layer l{real, LayerNames::relative, std::nullopt};
    // A heirloom layer is the target.tar.zst beside a heirloom.json.
    std::optional<Manifest> m;
    if (real.ends_with(std::string("/") + names::zstd_tar))
      m = read_manifest(dir);
    if (top) {
      out_.manifest = m;
      out_.format = m ? Format::zstd : Format::crane_zstd;
    }
    if (m) {
      std::string mp = dir + "/" + names::manifest;
      if (m->mode != "zstd")
        throw_at(mp, "says mode '" + m->mode + "', but the output holds a zstd layout");
      if (m->format == 1)
        l.names = LayerNames::target_prefixed;
      std::string index_path = dir + "/" + names::zstd_index;
      if (!path_exists(index_path))
        throw_at(index_path, "missing (a heirloom zstd output lists its tree there)");
      l.index = index_from_text(read_file(index_path), index_path);
      std::uint64_t files = 0, dirs = 0, links = 0;
      for (const auto& [rel, e] : *l.index)
        (e.type == 'f' ? files : e.type == 'd' ? dirs : links) += 1;
      check_count(mp, "files", m->files, files, index_path);
      check_count(mp, "dirs", m->dirs, dirs, index_path);
      if (m->format >= 2)
        check_count(mp, "symlinks", m->symlinks, links, index_path);
      std::set<std::string> linked;
      if (!prev_target.empty())
        if (auto sp = store_path_of(prev_target, store_dir_))
          linked.insert(*sp);
      check_references(dir, std::move(linked), store_dir_);
      if (top) {
        std::string refs_path = dir + "/" + names::references;
        out_.references = references_from_text(read_file(refs_path), refs_path);
      }
    }
    out_.layers.push_back(std::move(l));
  }

  std::string store_dir_;
  std::set<std::string> seen_;
  Output out_;
};

} // namespace

Output read_output(const std::string& path, const std::string& store_dir) {
  Output o = Reader(store_dir).run(path);
  if (o.format == Format::symlinks) {
    std::string refs_path = o.path + "/" + names::references;
    o.references = references_from_text(read_file(refs_path), refs_path);
  }
  return o;
}

std::string trim_archive_name(std::string name) {
  while (name.starts_with("./"))
    name.erase(0, 2);
  while (name.size() > 1 && name.back() == '/')
    name.pop_back();
  return name;
}

std::string strip_archive_root(const std::string& name) {
  std::string n = trim_archive_name(name);
  auto slash = n.find('/');
  if (slash == std::string::npos)
    return {};
  std::string rest = n.substr(slash + 1);
  while (!rest.empty() && rest.back() == '/')
    rest.pop_back();
  return rest;
}

std::string layer_entry_rel(const TarReader& reader, const Layer& layer, const std::string& name) {
  std::string full = trim_archive_name(name);
  if (full == "." || full.empty())
    return {};
  if (auto why = unsafe_entry_reason(full))
    reader.fail("entry '" + name + "': " + *why);
  if (layer.names == LayerNames::relative)
    return full;
  if (full != names::archive_root && !full.starts_with(std::string(names::archive_root) + "/"))
    reader.fail("entry '" + name + "': outside the layer's '" + names::archive_root + "/' root (heirloom format 1)");
  return strip_archive_root(full);
}

std::string layer_entry_name(const std::string& rel) { return rel.empty() ? "./" : "./" + rel; }

} // namespace heirloom
