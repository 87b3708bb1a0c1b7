#include "manifest.hpp"

#include "output.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace heirloom {

#ifndef HEIRLOOM_VERSION
#define HEIRLOOM_VERSION "0.0.0"
#endif
const char* const tool_version = HEIRLOOM_VERSION;

std::string manifest_to_json(const Manifest& m) {
  nlohmann::ordered_json j;
  j["format"] = m.format;
  j["mode"] = m.mode;
  j["tool"] = "heirloom";
  j["tool_version"] = m.tool_version;
  j["files"] = m.files;
  j["dirs"] = m.dirs;
  j["symlinks"] = m.symlinks;
  j["owned_files"] = m.owned_files;
  j["owned_bytes"] = m.owned_bytes;
  j["linked_files"] = m.linked_files;
  j["deduplicated_files"] = m.deduplicated_files;
  j["parents"] = m.parents;
  return j.dump(2) + "\n";
}

Manifest manifest_from_json(const std::string& text, const std::string& path) {
  Manifest m;
  try {
    auto j = nlohmann::json::parse(text);
    m.format = j.at("format").get<int>();
    if (m.format < oldest_format_version || m.format > format_version)
      throw_at(path, "format " + std::to_string(m.format) + " is not supported (this heirloom reads " +
                         std::to_string(oldest_format_version) + " to " + std::to_string(format_version) + ")");
    m.mode = j.at("mode").get<std::string>();
    if (m.mode != "symlinks" && m.mode != "zstd")
      throw_at(path, "mode '" + m.mode + "' is not supported (symlinks or zstd)");
    m.tool_version = j.value("tool_version", "");
    m.files = j.value("files", 0ull);
    m.dirs = j.value("dirs", 0ull);
    m.symlinks = j.value("symlinks", 0ull);
    m.owned_files = j.value("owned_files", 0ull);
    m.owned_bytes = j.value("owned_bytes", 0ull);
    m.linked_files = j.value("linked_files", 0ull);
    m.deduplicated_files = j.value("deduplicated_files", 0ull);
    m.parents = j.value("parents", std::vector<std::string>{});
  } catch (const nlohmann::json::exception& e) {
    throw_at(path, std::string("malformed heirloom.json: ") + e.what());
  }
  return m;
}

std::string references_to_text(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::string out;
  for (const auto& p : paths)
    out += p + "\n";
  return out;
}

std::vector<std::string> references_from_text(const std::string& text, const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos)
      throw_at(path, "last line has no newline");
    std::string line = text.substr(pos, nl - pos);
    if (line.empty() || line.front() != '/')
      throw_at(path, "line is not an absolute store path: '" + line + "'");
    out.push_back(std::move(line));
    pos = nl + 1;
  }
  return out;
}

std::string index_to_text(const Index& index) {
  std::string out;
  for (const auto& [path, e] : index) {
    out += e.type;
    out += ' ';
    out += std::to_string(e.size);
    out += ' ';
    out += std::to_string(e.mtime);
    out += ' ';
    out += path;
    out += '\0';
  }
  return out;
}

Index index_from_text(const std::string& text, const std::string& path) {
  Index index;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\0', pos);
    if (end == std::string::npos)
      throw_at(path, "index record is not NUL-terminated");
    std::string_view rec(text.data() + pos, end - pos);
    auto bad = [&] { throw_at(path, "malformed index record at byte " + std::to_string(pos)); };
    if (rec.size() < 7 || rec[1] != ' ' || (rec[0] != 'd' && rec[0] != 'f' && rec[0] != 'l'))
      bad();
    IndexEntry e;
    e.type = rec[0];
    const char* p = rec.data() + 2;
    const char* last = rec.data() + rec.size();
    auto r1 = std::from_chars(p, last, e.size);
    if (r1.ec != std::errc() || r1.ptr == last || *r1.ptr != ' ')
      bad();
    auto r2 = std::from_chars(r1.ptr + 1, last, e.mtime);
    if (r2.ec != std::errc() || r2.ptr == last || *r2.ptr != ' ')
      bad();
    std::string name(r2.ptr + 1, last);
    if (name.empty())
      bad();
    index.emplace(std::move(name), e);
    pos = end + 1;
  }
  return index;
}

std::int64_t archive_mtime() {
  if (const char* s = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (end != s && *end == '\0' && v >= 0)
      return v;
  }
  return 1;
}

} // namespace heirloom
