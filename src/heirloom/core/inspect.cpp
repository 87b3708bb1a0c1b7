#include "inspect.hpp"

#include "output.hpp"
#include "manifest.hpp"
#include "policy.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/paths.hpp"
#include "util/store.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <map>
#include <set>

namespace heirloom {

namespace {

std::string profile_of(const std::string& rel) {
  auto slash = rel.find('/');
  return slash == std::string::npos ? "(root)" : rel.substr(0, slash);
}

void add(InspectTally& t, std::uint64_t size, Action a) {
  ++t.files;
  t.bytes += size;
  if (a == Action::link) {
    ++t.linked_files;
    t.linked_bytes += size;
  } else if (a == Action::materialize) {
    ++t.copied_files;
    t.copied_bytes += size;
  }
}

nlohmann::ordered_json tally_json(const InspectTally& t) {
  return {{"files", t.files},           {"bytes", t.bytes},
          {"linked_files", t.linked_files}, {"linked_bytes", t.linked_bytes},
          {"copied_files", t.copied_files}, {"copied_bytes", t.copied_bytes}};
}

} // namespace

InspectReport inspect(const std::string& artifacts, const std::string& store_dir) {
  Output out = read_output(artifacts, store_dir);
  InspectReport r;
  r.path = out.path;
  r.format = format_name(out.format);
  r.manifest = out.manifest;
  r.references = out.references;
  std::vector<std::string>& dangling = r.dangling;
  std::set<std::string> linked_store_paths;

  // The tree the output unpacks to: path -> (size, action), newest wins.
  struct File {
    std::uint64_t size;
    Decision decision;
  };
  std::map<std::string, File> tree;
  std::set<std::string> tree_dirs;
  if (out.base) {
    tree_dirs.insert(out.base->dirs.begin(), out.base->dirs.end());
    for (const auto& f : out.base->files) {
      if (auto sp = store_path_of(f.target, store_dir))
        linked_store_paths.insert(*sp);
      struct stat st;
      if (::stat(f.target.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        dangling.push_back(f.rel);
        continue;
      }
      tree[f.rel] = {static_cast<std::uint64_t>(st.st_size), Policy::builtin(f.rel, (st.st_mode & 0111) != 0)};
    }
  }
  const Decision written_whole{Action::materialize, "zstd layer file, written whole"};
  bool below = out.base.has_value();
  for (const auto& layer : out.layers) {
    struct stat st {};
    ::stat(layer.archive.c_str(), &st);
    std::uint64_t entries = 0;
    TarReader reader(layer.archive);
    while (auto e = reader.next()) {
      ++entries;
      std::string rel = layer_entry_rel(reader, layer, e->name);
      if (rel.empty())
        continue;
      if (e->type == TarEntry::Type::directory) {
        tree_dirs.insert(rel);
      } else if (Policy::builtin(rel, (e->mode & 0111) != 0).action == Action::skip) {
        tree.erase(rel);  // as unpack does: cargo's locks are never written
      } else if (e->type == TarEntry::Type::regular) {
        tree[rel] = {static_cast<std::uint64_t>(e->size), written_whole};
      } else if (e->type == TarEntry::Type::hardlink) {
        auto src = tree.find(layer_entry_rel(reader, layer, e->link));
        tree[rel] = {src == tree.end() ? 0 : src->second.size, written_whole};
      } else if (e->type == TarEntry::Type::symlink && !e->link.empty() && e->link.front() == '/') {
        std::string final = resolve_link_chain(e->link);
        if (auto sp = store_path_of(final, store_dir))
          linked_store_paths.insert(*sp);
        struct stat fst;
        if (::stat(final.c_str(), &fst) != 0 || !S_ISREG(fst.st_mode)) {
          dangling.push_back(rel);
          continue;
        }
        tree[rel] = {static_cast<std::uint64_t>(fst.st_size), Policy::builtin(rel, (fst.st_mode & 0111) != 0)};
      }
    }
    if (layer.index && below)
      std::erase_if(tree, [&](const auto& kv) { return !layer.index->contains(kv.first); });
    below = true;
    r.layers.push_back({layer.archive, static_cast<std::uint64_t>(st.st_size), entries, layer.index.has_value()});
  }
  r.dirs = tree_dirs.size();
  for (const auto& [rel, f] : tree) {
    if (f.decision.action == Action::skip)
      continue;
    add(r.profiles[profile_of(rel)], f.size, f.decision.action);
    add(r.policy_classes[std::string(action_name(f.decision.action)) + ": " + f.decision.reason], f.size,
        f.decision.action);
    add(r.totals, f.size, f.decision.action);
  }
  // What Nix keeps alive with this output: its references, every output of
  // its chain, and what the chain's base links into (read_output checked the
  // references of each heirloom output). A link of a crane layer outside these
  // would dangle once the store is collected.
  std::set<std::string> ref_set(out.references.begin(), out.references.end());
  for (const auto& root : out.roots)
    if (auto sp = store_path_of(root, store_dir))
      ref_set.insert(*sp);
  if (out.base)
    for (const auto& f : out.base->files)
      if (auto sp = store_path_of(f.target, store_dir))
        ref_set.insert(*sp);
  for (const auto& sp : linked_store_paths)
    if (!ref_set.contains(sp))
      r.missing_references.push_back(sp);
  return r;
}

nlohmann::ordered_json inspect_json(const InspectReport& r) {
  nlohmann::ordered_json j;
  j["path"] = r.path;
  j["format"] = r.format;
  j["manifest"] = r.manifest ? nlohmann::ordered_json::parse(manifest_to_json(*r.manifest))
                             : nlohmann::ordered_json(nullptr);
  j["references"] = r.references;
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const auto& l : r.layers)
    layers.push_back({{"path", l.path}, {"bytes", l.bytes}, {"entries", l.entries}, {"indexed", l.indexed}});
  j["layers"] = layers;
  j["dirs"] = r.dirs;
  j["totals"] = tally_json(r.totals);
  nlohmann::ordered_json per = nlohmann::ordered_json::object();
  for (const auto& [name, t] : r.profiles)
    per[name] = tally_json(t);
  j["profiles"] = per;
  nlohmann::ordered_json cls = nlohmann::ordered_json::object();
  for (const auto& [name, t] : r.policy_classes)
    cls[name] = {{"files", t.files}, {"bytes", t.bytes}};
  j["policy_classes"] = cls;
  j["links"] = {{"all_resolve", r.all_resolve()},
                {"dangling", r.dangling},
                {"store_paths_missing_from_references", r.missing_references}};
  return j;
}

namespace {

std::string human_bytes(std::uint64_t b) {
  char buf[32];
  if (b >= 1000ull * 1000 * 1000)
    std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1000ull * 1000)
    std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1000)
    std::snprintf(buf, sizeof buf, "%.1f kB", b / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
  return buf;
}

} // namespace

std::string render_inspect(const InspectReport& r) {
  std::string s;
  char line[512];
  s += "artifacts  " + r.path + "\n";
  s += "format     " + r.format;
  if (r.manifest)
    s += " (heirloom format " + std::to_string(r.manifest->format) + ", written by " + r.manifest->tool_version + ")";
  s += "\n";
  for (const auto& l : r.layers) {
    std::snprintf(line, sizeof line, "layer      %s  %s, %llu entries%s\n", l.path.c_str(), human_bytes(l.bytes).c_str(),
                  static_cast<unsigned long long>(l.entries), l.indexed ? "" : " (no index)");
    s += line;
  }
  const auto& t = r.totals;
  std::snprintf(line, sizeof line, "files      %llu, %s, in %llu dirs\n", static_cast<unsigned long long>(t.files),
                human_bytes(t.bytes).c_str(), static_cast<unsigned long long>(r.dirs));
  s += line;
  std::snprintf(line, sizeof line, "%-22s %8s %11s %8s %11s %8s %11s\n", "profile", "files", "bytes", "linked",
                "bytes", "copied", "bytes");
  s += line;
  for (const auto& [name, p] : r.profiles) {
    std::snprintf(line, sizeof line, "%-22s %8llu %11s %8llu %11s %8llu %11s\n", name.c_str(),
                  static_cast<unsigned long long>(p.files), human_bytes(p.bytes).c_str(),
                  static_cast<unsigned long long>(p.linked_files), human_bytes(p.linked_bytes).c_str(),
                  static_cast<unsigned long long>(p.copied_files), human_bytes(p.copied_bytes).c_str());
    s += line;
  }
  s += "references " + std::to_string(r.references.size()) + "\n";
  for (const auto& ref : r.references)
    s += "  " + ref + "\n";
  if (r.all_resolve())
    s += "links      all resolve\n";
  else
    s += "links      " + std::to_string(r.dangling.size()) + " do not resolve, first: " + r.dangling[0] + "\n";
  for (const auto& m : r.missing_references)
    s += "warning    linked but not in references: " + m + "\n";
  return s;
}

} // namespace heirloom
