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

struct Tally {
  std::uint64_t files = 0, bytes = 0;
  std::uint64_t link_files = 0, link_bytes = 0;
  std::uint64_t copy_files = 0, copy_bytes = 0;
};

std::string profile_of(const std::string& rel) {
  auto slash = rel.find('/');
  return slash == std::string::npos ? "(root)" : rel.substr(0, slash);
}

void add(Tally& t, std::uint64_t size, Action a) {
  ++t.files;
  t.bytes += size;
  if (a == Action::link) {
    ++t.link_files;
    t.link_bytes += size;
  } else if (a == Action::materialize) {
    ++t.copy_files;
    t.copy_bytes += size;
  }
}

nlohmann::ordered_json tally_json(const Tally& t) {
  return {{"files", t.files},           {"bytes", t.bytes},
          {"linked_files", t.link_files}, {"linked_bytes", t.link_bytes},
          {"copied_files", t.copy_files}, {"copied_bytes", t.copy_bytes}};
}

} // namespace

nlohmann::ordered_json inspect(const std::string& artifacts, const std::string& store_dir) {
  Output out = read_output(artifacts, store_dir);
  nlohmann::ordered_json r;
  r["path"] = out.path;
  r["format"] = format_name(out.format);
  r["manifest"] = out.manifest ? nlohmann::ordered_json::parse(manifest_to_json(*out.manifest))
                               : nlohmann::ordered_json(nullptr);
  r["references"] = out.references;

  std::map<std::string, Tally> profiles;
  std::map<std::string, Tally> classes;  // by policy rule
  Tally total;
  std::vector<std::string> dangling;
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
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
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
    layers.push_back({{"path", layer.archive},
                      {"bytes", static_cast<std::uint64_t>(st.st_size)},
                      {"entries", entries},
                      {"indexed", layer.index.has_value()}});
  }
  r["layers"] = layers;
  std::uint64_t dirs = tree_dirs.size();
  for (const auto& [rel, f] : tree) {
    if (f.decision.action == Action::skip)
      continue;
    add(profiles[profile_of(rel)], f.size, f.decision.action);
    add(classes[std::string(action_name(f.decision.action)) + ": " + f.decision.reason], f.size,
        f.decision.action);
    add(total, f.size, f.decision.action);
  }
  r["dirs"] = dirs;
  r["totals"] = tally_json(total);
  nlohmann::ordered_json per = nlohmann::ordered_json::object();
  for (const auto& [name, t] : profiles)
    per[name] = tally_json(t);
  r["profiles"] = per;
  nlohmann::ordered_json cls = nlohmann::ordered_json::object();
  for (const auto& [name, t] : classes)
    cls[name] = {{"files", t.files}, {"bytes", t.bytes}};
  r["policy_classes"] = cls;
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
  std::vector<std::string> missing_refs;
  for (const auto& sp : linked_store_paths)
    if (!ref_set.contains(sp))
      missing_refs.push_back(sp);
  r["links"] = {{"all_resolve", dangling.empty()},
                {"dangling", dangling},
                {"store_paths_missing_from_references", missing_refs}};
  return r;
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

std::string render_inspect(const nlohmann::ordered_json& r) {
  std::string s;
  char line[512];
  s += "artifacts  " + r["path"].get<std::string>() + "\n";
  s += "format     " + r["format"].get<std::string>();
  if (!r["manifest"].is_null())
    s += " (heirloom format " + std::to_string(r["manifest"]["format"].get<int>()) + ", written by " +
         r["manifest"]["tool_version"].get<std::string>() + ")";
  s += "\n";
  for (const auto& l : r["layers"]) {
    std::snprintf(line, sizeof line, "layer      %s  %s, %llu entries%s\n", l["path"].get<std::string>().c_str(),
                  human_bytes(l["bytes"].get<std::uint64_t>()).c_str(),
                  static_cast<unsigned long long>(l["entries"].get<std::uint64_t>()),
                  l["indexed"].get<bool>() ? "" : " (no index)");
    s += line;
  }
  const auto& t = r["totals"];
  std::snprintf(line, sizeof line, "files      %llu, %s, in %llu dirs\n",
                static_cast<unsigned long long>(t["files"].get<std::uint64_t>()),
                human_bytes(t["bytes"].get<std::uint64_t>()).c_str(),
                static_cast<unsigned long long>(r["dirs"].get<std::uint64_t>()));
  s += line;
  std::snprintf(line, sizeof line, "%-22s %8s %11s %8s %11s %8s %11s\n", "profile", "files", "bytes", "linked",
                "bytes", "copied", "bytes");
  s += line;
  for (const auto& [name, p] : r["profiles"].items()) {
    std::snprintf(line, sizeof line, "%-22s %8llu %11s %8llu %11s %8llu %11s\n", name.c_str(),
                  static_cast<unsigned long long>(p["files"].get<std::uint64_t>()),
                  human_bytes(p["bytes"].get<std::uint64_t>()).c_str(),
                  static_cast<unsigned long long>(p["linked_files"].get<std::uint64_t>()),
                  human_bytes(p["linked_bytes"].get<std::uint64_t>()).c_str(),
                  static_cast<unsigned long long>(p["copied_files"].get<std::uint64_t>()),
                  human_bytes(p["copied_bytes"].get<std::uint64_t>()).c_str());
    s += line;
  }
  s += "references " + std::to_string(r["references"].size()) + "\n";
  for (const auto& ref : r["references"])
    s += "  " + ref.get<std::string>() + "\n";
  const auto& links = r["links"];
  if (links["all_resolve"].get<bool>())
    s += "links      all resolve\n";
  else
    s += "links      " + std::to_string(links["dangling"].size()) + " do not resolve, first: " +
         links["dangling"][0].get<std::string>() + "\n";
  for (const auto& m : links["store_paths_missing_from_references"])
    s += "warning    linked but not in references: " + m.get<std::string>() + "\n";
  return s;
}

} // namespace heirloom
