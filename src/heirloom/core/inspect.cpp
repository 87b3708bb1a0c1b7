#include "inspect.hpp"

#include "artifacts.hpp"
#include "link_plan.hpp"
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
  Artifacts arts = find_artifacts(artifacts);
  nlohmann::ordered_json r;
  r["path"] = arts.dir;
  r["format"] = format_name(arts.format);
  std::string manifest_path = arts.dir + "/" + names::manifest;
  if (path_exists(manifest_path)) {
    Manifest m = manifest_from_json(read_file(manifest_path), manifest_path);
    r["manifest"] = nlohmann::ordered_json::parse(manifest_to_json(m));
  } else {
    r["manifest"] = nullptr;
  }
  std::string refs_path = arts.dir + "/" + names::references;
  std::vector<std::string> refs;
  if (path_exists(refs_path))
    refs = references_from_text(read_file(refs_path), refs_path);
  r["references"] = refs;

  std::map<std::string, Tally> profiles;
  std::map<std::string, Tally> classes;  // by policy rule, for links outputs
  Tally total;
  std::uint64_t dirs = 0;
  std::vector<std::string> dangling;
  std::set<std::string> linked_store_paths;

  if (arts.format == Format::zstd) {
    auto chain = zstd_chain(arts.file);
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    std::map<std::string, std::uint64_t> tree;  // rel -> size, newest wins
    std::set<std::string> tree_dirs;
    for (const auto& layer : chain) {
      struct stat st {};
      ::stat(layer.c_str(), &st);
      std::uint64_t entries = 0;
      TarReader reader(layer);
      while (auto e = reader.next()) {
        ++entries;
        std::string rel = strip_archive_root(e->name);
        if (rel.empty())
          continue;
        if (e->type == TarEntry::Type::directory)
          tree_dirs.insert(rel);
        else if (e->type == TarEntry::Type::regular)
          tree[rel] = static_cast<std::uint64_t>(e->size);
        else if (e->type == TarEntry::Type::hardlink)
          tree[rel] = tree[strip_archive_root(e->link)];
      }
      std::string index_path = layer.substr(0, layer.rfind('/')) + "/" + names::zstd_index;
      layers.push_back({{"path", layer},
                        {"bytes", static_cast<std::uint64_t>(st.st_size)},
                        {"entries", entries},
                        {"indexed", path_exists(index_path)}});
    }
    std::string index_path = chain.back().substr(0, chain.back().rfind('/')) + "/" + names::zstd_index;
    if (chain.size() > 1 && path_exists(index_path)) {
      Index index = index_from_text(read_file(index_path), index_path);
      std::erase_if(tree, [&](const auto& kv) { return !index.contains(kv.first); });
    }
    r["layers"] = layers;
    dirs = tree_dirs.size();
    for (const auto& [rel, size] : tree) {
      if (is_cargo_lock_name(base_of(rel)))
        continue;
      add(profiles[profile_of(rel)], size, Action::materialize);
      add(total, size, Action::materialize);
    }
  } else {
    auto roots = allowed_roots(arts, store_dir);
    LinkPlan plan = arts.format == Format::symlinks ? read_symlinks_archive(arts.file, arts.real_dir, roots)
                                                    : read_crane_dir(arts.file, roots);
    dirs = plan.dirs.size();
    for (const auto& f : plan.files) {
      if (auto sp = store_path_of(f.target, store_dir))
        linked_store_paths.insert(*sp);
      struct stat st;
      if (::stat(f.target.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        dangling.push_back(f.rel);
        continue;
      }
      Decision d = Policy::builtin(f.rel, (st.st_mode & 0111) != 0);
      add(profiles[profile_of(f.rel)], static_cast<std::uint64_t>(st.st_size), d.action);
      add(classes[std::string(action_name(d.action)) + ": " + d.reason], static_cast<std::uint64_t>(st.st_size),
          d.action);
      add(total, static_cast<std::uint64_t>(st.st_size), d.action);
    }
    r["layers"] = nlohmann::ordered_json::array();
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
  std::vector<std::string> missing_refs;
  std::set<std::string> ref_set(refs.begin(), refs.end());
  // An output's links to its own files need no reference (FORMAT.md).
  if (auto self = store_path_of(arts.real_dir, store_dir))
    ref_set.insert(*self);
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
