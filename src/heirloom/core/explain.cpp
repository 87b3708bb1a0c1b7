#include "explain.hpp"

#include "output.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/fs.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace heirloom {

namespace {

// A fingerprint JSON file's place in the target dir.
struct UnitKey {
  std::string profile, package, unit, hash;
};

bool is_hex16(std::string_view s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::vector<std::string> split(const std::string& rel) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    auto slash = rel.find('/', at);
    parts.push_back(rel.substr(at, slash == std::string::npos ? std::string::npos : slash - at));
    if (slash == std::string::npos)
      return parts;
    at = slash + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i)
    s += (i ? "/" : "") + parts[i];
  return s;
}

// The unit a path names, when it is a fingerprint JSON file of either layout.
std::optional<UnitKey> unit_key(const std::string& rel) {
  constexpr std::string_view ext = ".json";
  if (rel.size() <= ext.size() || rel.compare(rel.size() - ext.size(), ext.size(), ext) != 0)
    return std::nullopt;
  auto p = split(rel);
  std::size_t n = p.size();
  std::string stem = p[n - 1].substr(0, p[n - 1].size() - ext.size());
  // old: <profile>/.fingerprint/<pkg>-<hash>/<unit>.json
  if (n >= 4 && p[n - 3] == ".fingerprint") {
    const std::string& dir = p[n - 2];
    auto dash = dir.rfind('-');
    if (dash == std::string::npos || dash == 0 || !is_hex16(std::string_view(dir).substr(dash + 1)))
      return std::nullopt;
    return UnitKey{join(p, n - 3), dir.substr(0, dash), stem, dir.substr(dash + 1)};
  }
  // new: <profile>/build/<pkg>/<hash>/fingerprint/<unit>.json
  if (n >= 6 && p[n - 2] == "fingerprint" && p[n - 5] == "build" && is_hex16(p[n - 3]))
    return UnitKey{join(p, n - 5), p[n - 4], stem, p[n - 3]};
  return std::nullopt;
}

struct Unit {
  UnitKey key;
  std::string text;
};

using Units = std::map<std::string, Unit>;  // by path relative to the target dir

std::string read_entry_data(TarReader& reader, const std::string& what) {
  UniqueFd fd(::memfd_create("heirloom-explain", MFD_CLOEXEC));
  if (!fd)
    throw_sys(errno, "creating a buffer for", what);
  std::uint64_t n = reader.copy_data_to(fd.get(), what);
  std::string data(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd.get(), data.data() + got, n - got, static_cast<off_t>(got));
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      throw_sys(r < 0 ? errno : EIO, "reading back", what);
    got += static_cast<std::size_t>(r);
  }
  return data;
}

// The fingerprint files an output hands down, as unpack would lay them out.
// `last` is the greatest path the caller needs: heirloom's own layers are
// sorted by archive name (a directory as "<rel>/"), so a layer is read only up
// to there; in the old layout `<profile>/.fingerprint/` sorts before `deps/`,
// which spares decompressing the rlibs.
Units inherited_units(const std::string& from, const std::string& store_dir, const std::string& last) {
  Output out = read_output(from, store_dir);
  Units units;
  if (out.base)
    for (const auto& f : out.base->files)
      if (auto k = unit_key(f.rel))
        units[f.rel] = {*k, read_file(f.target)};
  bool below = out.base.has_value();
  for (const auto& layer : out.layers) {
    TarReader reader(layer.archive);
    while (auto e = reader.next()) {
      std::string rel = layer_entry_rel(reader, layer, e->name);
      if (layer.index && (e->type == TarEntry::Type::directory ? rel + "/" : rel) > last)
        break;
      auto k = rel.empty() ? std::nullopt : unit_key(rel);
      if (!k)
        continue;
      if (e->type == TarEntry::Type::regular) {
        units[rel] = {*k, read_entry_data(reader, layer.archive + ": " + rel)};
      } else if (e->type == TarEntry::Type::hardlink) {
        auto src = units.find(layer_entry_rel(reader, layer, e->link));
        if (src != units.end())
          units[rel] = {*k, src->second.text};
      } else if (e->type == TarEntry::Type::symlink && !e->link.empty() && e->link.front() == '/') {
        units[rel] = {*k, read_file(resolve_link_chain(e->link))};
      }
    }
    if (layer.index && below)
      std::erase_if(units, [&](const auto& kv) { return !layer.index->contains(kv.first); });
    below = true;
  }
  return units;
}

Units built_units(const std::string& target) {
  struct stat st;
  if (::stat(target.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw_at(target, "not a target dir (no such directory)");
  Units units;
  for (const auto& e : walk_tree(target)) {
    if (e.type != FileType::regular && e.type != FileType::symlink)
      continue;
    if (auto k = unit_key(e.rel))
      units[e.rel] = {*k, read_file(target + "/" + e.rel)};
  }
  return units;
}

using Json = nlohmann::json;

std::optional<Json> parse(const std::string& text) {
  auto j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return std::nullopt;
  return j;
}

// A value as the user reads it: cargo's feature lists are strings already.
std::string shown(const Json& v) {
  if (v.is_null())
    return "(none)";
  if (v.is_string())
    return v.get<std::string>();
  return v.dump();
}

// Replaces every occurrence of `from` (a unit hash) in `s`.
std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty() || from == to)
    return s;
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// cargo's `deps`: [[package id hash, crate name, public, fingerprint hash], ...].
std::map<std::string, std::string> deps_by_name(const Json& deps) {
  std::map<std::string, std::string> m;
  if (!deps.is_array())
    return m;
  for (const auto& d : deps) {
    if (d.is_array() && d.size() >= 2 && d[1].is_string()) {
      Json rest = d;
      rest.erase(1);
      m[d[1].get<std::string>()] += rest.dump();
    }
  }
  return m;
}

// A `local` entry: {"RerunIfEnvChanged": {"var": V, "val": X}} reads as `env V`.
std::string local_entry_name(const Json& e) {
  if (e.is_object() && e.size() == 1) {
    const auto& [kind, v] = *e.items().begin();
    if (kind == "RerunIfEnvChanged" && v.is_object() && v.contains("var"))
      return "env " + shown(v["var"]);
    return kind + " " + v.dump();
  }
  return e.dump();
}

const std::vector<std::pair<std::string, std::string>>& field_phrases() {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"rustc", "rustc (another compiler)"},
      {"features", "features"},
      {"declared_features", "declared features (another version of the package)"},
      {"target", "target (the crate's name, kind, path or edition)"},
      {"profile", "profile (another profile, a profile setting such as opt-level or debug, or another build mode)"},
      {"path", "source path"},
      {"deps", "deps"},
      {"local", "local"},
      {"rustflags", "RUSTFLAGS"},
      {"metadata", "package metadata (Cargo.toml's [package] fields)"},
      {"config", "config (a cargo config setting that changes compilation)"},
      {"compile_kind", "compile kind (--target)"},
  };
  return table;
}

std::vector<FieldChange> diff(const Json& a, const Json& b, const std::string& hash_a, const std::string& hash_b) {
  std::vector<FieldChange> out;
  std::vector<std::string> fields;
  for (const auto& [f, phrase] : field_phrases())
    fields.push_back(f);
  for (const auto& [k, v] : a.items())
    if (std::find(fields.begin(), fields.end(), k) == fields.end())
      fields.push_back(k);
  for (const auto& [k, v] : b.items())
    if (std::find(fields.begin(), fields.end(), k) == fields.end())
      fields.push_back(k);
  for (const auto& f : fields) {
    Json va = a.contains(f) ? a[f] : Json(nullptr);
    Json vb = b.contains(f) ? b[f] : Json(nullptr);
    if (f == "deps") {
      auto da = deps_by_name(va), db = deps_by_name(vb);
      for (const auto& [name, v] : db) {
        auto it = da.find(name);
        if (it == da.end())
          out.push_back({"deps", "", name, "new dependency " + name});
        else if (it->second != v)
          out.push_back({"deps", it->second, v, "dependency " + name + " recompiled"});
      }
      for (const auto& [name, v] : da)
        if (!db.count(name))
          out.push_back({"deps", name, "", "dependency " + name + " dropped"});
      continue;
    }
    // `local` names the unit's own dep-info file, whose path holds the hash.
    std::string sa = shown(va), sb = f == "local" ? replace_all(shown(vb), hash_b, hash_a) : shown(vb);
    if (sa == sb)
      continue;
    if (f == "local" && va.is_array() && vb.is_array()) {
      std::map<std::string, std::string> la, lb;
      for (const auto& e : va)
        la[local_entry_name(e)] = e.dump();
      for (const auto& e : vb)
        lb[local_entry_name(e)] = replace_all(e.dump(), hash_b, hash_a);
      bool said = false;
      for (const auto& [name, v] : lb) {
        auto it = la.find(name);
        if (it != la.end() && it->second == v)
          continue;
        said = true;
        if (name.rfind("env ", 0) == 0 && it != la.end())
          out.push_back({"local", it->second, v,
                         name + ": " + shown(Json::parse(it->second).begin()->value("val", Json(nullptr))) +
                             " -> " + shown(Json::parse(v).begin()->value("val", Json(nullptr)))});
        else
          out.push_back({"local", it == la.end() ? "" : it->second, v, "build inputs: " + name});
      }
      if (!said)
        out.push_back({"local", sa, sb, "build inputs: " + sa + " -> " + sb});
      continue;
    }
    std::string phrase = f;
    for (const auto& [name, p] : field_phrases())
      if (name == f)
        phrase = p;
    std::string reason = phrase;
    if (f == "features" || f == "rustflags" || f == "declared_features")
      reason += " " + sa + " -> " + sb;
    out.push_back({f, sa, sb, reason});
  }
  return out;
}

// The short name of a change for the summary line.
std::string short_field(const FieldChange& c) {
  if (c.field == "deps")
    return c.reason;
  if (c.field == "local")
    return "build inputs";
  if (c.field == "rustflags")
    return "RUSTFLAGS";
  return c.field;
}

// "<pkg> v<version>" at the start of `s` (cargo's package id display).
bool package_id(std::string_view s, std::string& pkg, std::string& version) {
  auto sp = s.find(" v");
  if (sp == std::string_view::npos || sp == 0)
    return false;
  auto end = s.find_first_of(" :/", sp + 2);
  pkg = std::string(s.substr(0, sp));
  version = std::string(s.substr(sp + 2, end == std::string_view::npos ? std::string_view::npos : end - sp - 2));
  return !version.empty() && pkg.find(' ') == std::string::npos;
}

} // namespace

std::vector<CargoReason> read_cargo_log(const std::string& path) {
  std::string text = read_file(path);
  std::vector<CargoReason> out;
  std::set<std::string> seen;
  auto add = [&](CargoReason r) {
    if (seen.insert(r.package + " " + r.version + ": " + r.reason).second)
      out.push_back(std::move(r));
  };
  std::string pending_pkg, pending_version, stale;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    std::string_view line(text.data() + at, (nl == std::string::npos ? text.size() : nl) - at);
    at = nl == std::string::npos ? text.size() : nl + 1;
    std::string pkg, version;
    if (auto d = line.find("Dirty "); d != std::string_view::npos && line.substr(0, d).find_first_not_of(' ') == std::string_view::npos) {
      auto rest = line.substr(d + 6);
      auto colon = rest.find(": ");
      if (colon != std::string_view::npos && package_id(rest, pkg, version))
        add({pkg, version, std::string(rest.substr(colon + 2))});
      continue;
    }
    if (auto s = line.find("stale: changed "); s != std::string_view::npos) {
      stale = std::string(line.substr(s + 15));
      continue;
    }
    if (auto f = line.find("fingerprint error for "); f != std::string_view::npos) {
      if (!package_id(line.substr(f + 22), pending_pkg, pending_version))
        pending_pkg.clear();
      continue;
    }
    if (auto e = line.find("err: "); e != std::string_view::npos && !pending_pkg.empty()) {
      std::string reason(line.substr(e + 5));
      if (reason.rfind("failed to read", 0) != 0) {
        if (reason.find("filesystem status shows we're outdated") != std::string::npos && !stale.empty())
          reason = "changed " + stale;
        add({pending_pkg, pending_version, reason});
      }
      pending_pkg.clear();
      stale.clear();
    }
  }
  return out;
}

Explanation explain(const ExplainOptions& opts) {
  Units after = built_units(opts.target);
  Units before = inherited_units(opts.from, opts.store_dir, after.empty() ? std::string() : after.rbegin()->first);
  Explanation e;
  e.inherited_units = before.size();
  e.units = after.size();

  // Inherited units by (profile, package, unit file): the candidates for a new hash.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const Unit*>> by_name;
  std::set<std::string> inherited_hashes;
  for (const auto& [rel, u] : before) {
    by_name[{u.key.profile, u.key.package, u.key.unit}].push_back(&u);
    inherited_hashes.insert(u.key.profile + "/" + u.key.package + "/" + u.key.hash);
  }

  for (const auto& [rel, u] : after) {
    auto now = parse(u.text);
    if (!now)
      continue;  // cargo was interrupted while writing it: nothing to compare
    auto same = before.find(rel);
    if (same != before.end()) {
      if (same->second.text == u.text)
        continue;
      auto was = parse(same->second.text);
      if (!was)
        continue;
      RecompiledUnit r{u.key.profile, u.key.package, u.key.unit, u.key.hash, u.key.hash, true,
                       diff(*was, *now, u.key.hash, u.key.hash)};
      if (!r.changes.empty())
        e.recompiled.push_back(std::move(r));
      continue;
    }
    if (inherited_hashes.count(u.key.profile + "/" + u.key.package + "/" + u.key.hash)) {
      ++e.new_units;  // another unit of an inherited unit's dir (a new mode of it)
      continue;
    }
    auto cands = by_name.find({u.key.profile, u.key.package, u.key.unit});
    if (cands == by_name.end()) {
      ++e.new_units;
      continue;
    }
    std::optional<RecompiledUnit> best;
    for (const Unit* c : cands->second) {
      auto was = parse(c->text);
      if (!was)
        continue;
      auto changes = diff(*was, *now, c->key.hash, u.key.hash);
      if (!best || changes.size() < best->changes.size())
        best = RecompiledUnit{u.key.profile, u.key.package, u.key.unit, c->key.hash, u.key.hash, false,
                              std::move(changes)};
    }
    if (!best) {
      ++e.new_units;
      continue;
    }
    if (best->changes.empty())
      best->changes.push_back({"hash", best->inherited_hash, best->hash,
                               "a new unit hash with the same fingerprint inputs (e.g. a -p selection or "
                               "another workspace member set changing the metadata hash)"});
    e.recompiled.push_back(std::move(*best));
  }
  std::sort(e.recompiled.begin(), e.recompiled.end(), [](const auto& a, const auto& b) {
    return std::tie(a.profile, a.package, a.unit, a.hash) < std::tie(b.profile, b.package, b.unit, b.hash);
  });
  return e;
}

std::string render_explain(const Explanation& e) {
  std::string s;
  for (const auto& r : e.recompiled) {
    s += r.package + " (" + r.unit + ", " + r.profile + "): ";
    for (std::size_t i = 0; i < r.changes.size(); ++i)
      s += (i ? "; " : "") + r.changes[i].reason;
    s += "\n";
  }
  if (e.recompiled.empty())
    s = "no inherited unit was recompiled (" + std::to_string(e.inherited_units) + " inherited, " +
        std::to_string(e.new_units) + " new units)\n";
  for (const auto& r : e.cargo_log)
    s += r.package + " v" + r.version + " (cargo): " + r.reason + "\n";
  return s;
}

nlohmann::ordered_json explain_json(const Explanation& e) {
  nlohmann::ordered_json j;
  j["inherited_units"] = e.inherited_units;
  j["units"] = e.units;
  j["new_units"] = e.new_units;
  auto arr = nlohmann::ordered_json::array();
  for (const auto& r : e.recompiled) {
    auto changes = nlohmann::ordered_json::array();
    for (const auto& c : r.changes)
      changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}, {"reason", c.reason}});
    arr.push_back({{"profile", r.profile},
                   {"package", r.package},
                   {"unit", r.unit},
                   {"inherited_hash", r.inherited_hash},
                   {"hash", r.hash},
                   {"in_place", r.in_place},
                   {"changes", changes}});
  }
  j["recompiled"] = arr;
  auto log = nlohmann::ordered_json::array();
  for (const auto& r : e.cargo_log)
    log.push_back({{"package", r.package}, {"version", r.version}, {"reason", r.reason}});
  j["cargo_log"] = log;
  return j;
}

std::string explain_summary(const Explanation& e) {
  if (e.recompiled.empty())
    return "";
  // One entry per package, unit and reason: a dependency that `cargo check`
  // and `cargo build` both compile is two units of the same description.
  std::vector<std::pair<std::string, std::size_t>> entries;
  for (const auto& r : e.recompiled) {
    std::vector<std::string> fields;
    for (const auto& c : r.changes) {
      auto f = short_field(c);
      if (std::find(fields.begin(), fields.end(), f) == fields.end())
        fields.push_back(f);
    }
    std::string text = r.package + " " + r.unit + " (";
    for (std::size_t k = 0; k < fields.size(); ++k)
      text += (k ? ", " : "") + fields[k];
    text += ")";
    auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& en) { return en.first == text; });
    if (it == entries.end())
      entries.emplace_back(std::move(text), 1);
    else
      ++it->second;
  }
  constexpr std::size_t shown_entries = 6;
  std::string s = "heirloom: " + std::to_string(e.recompiled.size()) + " inherited unit" +
                  (e.recompiled.size() == 1 ? "" : "s") + " recompiled: ";
  std::size_t shown_units = 0;
  for (std::size_t i = 0; i < entries.size() && i < shown_entries; ++i) {
    s += (i ? ", " : "") + entries[i].first;
    if (entries[i].second > 1)
      s += " x" + std::to_string(entries[i].second);
    shown_units += entries[i].second;
  }
  if (shown_units < e.recompiled.size())
    s += " and " + std::to_string(e.recompiled.size() - shown_units) + " more";
  return s;
}

} // namespace heirloom
