#include "artifacts.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <set>

namespace heirloom {

const char* format_name(Format f) {
  switch (f) {
  case Format::symlinks:
    return "symlinks";
  case Format::zstd:
    return "zstd";
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

Artifacts find_layout(const std::string& path) {
  std::string abs = absolute_path(path);
  struct stat st;
  if (::stat(abs.c_str(), &st) != 0)
    throw_sys(errno, "reading artifacts", abs);
  if (S_ISREG(st.st_mode)) {
    if (abs.ends_with(".tar.zst"))
      return {Format::zstd, abs.substr(0, abs.rfind('/')), abs};
    throw_at(abs, "not an artifacts output (expected a directory or a .tar.zst file)");
  }
  if (!S_ISDIR(st.st_mode))
    throw_at(abs, "not an artifacts output (neither a directory nor a file)");
  std::string tar = abs + "/" + names::symlinks_tar;
  if (is_regular(tar))
    return {Format::symlinks, abs, tar};
  // A compressed symlinks tar ("symlinks.tar.zst", "symlinks.tar.gz", …).
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(abs, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with(std::string(names::symlinks_tar) + ".") && is_regular(e.path().string()))
      return {Format::symlinks, abs, e.path().string()};
  }
  std::string zst = abs + "/" + names::zstd_tar;
  if (is_regular(zst))
    return {Format::zstd, abs, zst};
  if (is_directory(abs + "/" + names::owned_dir))
    return {Format::crane_dir, abs, abs + "/" + names::owned_dir};
  throw_at(abs, std::string("not an artifacts output (no ") + names::symlinks_tar + ", " +
                    names::zstd_tar + " or " + names::owned_dir + "/ inside)");
}

} // namespace

Artifacts find_artifacts(const std::string& path) {
  Artifacts arts = find_layout(path);
  char buf[PATH_MAX];
  arts.real_dir = ::realpath(arts.dir.c_str(), buf) ? std::string(buf) : arts.dir;
  return arts;
}

std::vector<std::string> zstd_chain(const std::string& newest_layer) {
  std::vector<std::string> chain;
  std::set<std::string> seen;
  std::string layer = newest_layer;
  while (true) {
    std::string real = real_path(layer);
    if (!seen.insert(real).second)
      throw_at(layer, "the .prev chain loops back on itself");
    if (chain.size() >= 10000)
      throw_at(newest_layer, "the .prev chain is longer than 10000 layers");
    chain.push_back(real);
    std::string prev = layer + names::prev_suffix;
    struct stat lst;
    if (::lstat(prev.c_str(), &lst) != 0)
      break;
    struct stat st;
    if (::stat(prev.c_str(), &st) != 0)
      throw_sys(errno, "following previous layer", prev);
    if (S_ISDIR(st.st_mode)) {
      layer = prev + "/" + names::zstd_tar;
      if (!is_regular(layer))
        throw_at(prev, std::string("previous layer directory has no ") + names::zstd_tar);
    } else if (S_ISREG(st.st_mode)) {
      layer = real_path(prev);
    } else {
      throw_at(prev, "previous layer is not a file");
    }
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<std::string> allowed_roots(const Artifacts& arts, const std::string& store_dir) {
  std::vector<std::string> roots{store_dir, arts.dir};
  if (arts.real_dir != arts.dir)
    roots.push_back(arts.real_dir);
  return roots;
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

} // namespace heirloom
