#include "paths.hpp"

#include <fnmatch.h>

namespace heirloom {

namespace {

// Calls fn(component) for each '/'-separated component of `p`.
template <class Fn> void for_each_component(std::string_view p, Fn&& fn) {
  std::size_t start = 0;
  while (true) {
    std::size_t slash = p.find('/', start);
    fn(p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos)
      return;
    start = slash + 1;
  }
}

std::optional<std::string> canonical_reason(std::string_view p) {
  if (p.find('\0') != std::string_view::npos)
    return "name contains a NUL byte";
  if (p.size() > max_path_length)
    return "name is longer than " + std::to_string(max_path_length) + " bytes";
  std::size_t depth = 0;
  std::optional<std::string> reason;
  for_each_component(p, [&](std::string_view c) {
    ++depth;
    if (reason)
      return;
    if (c.empty())
      reason = "name has an empty component";
    else if (c == "..")
      reason = "name has a '..' component";
    else if (c == ".")
      reason = "name has a '.' component";
  });
  if (!reason && depth > max_path_depth)
    reason = "name is deeper than " + std::to_string(max_path_depth) + " components";
  return reason;
}

} // namespace

std::optional<std::string> unsafe_entry_reason(std::string_view rel) {
  if (rel.empty())
    return "empty name";
  if (rel.front() == '/')
    return "absolute name";
  return canonical_reason(rel);
}

std::optional<std::string> disallowed_link_target_reason(std::string_view target,
                                                         const std::vector<std::string>& roots) {
  if (target.empty() || target.front() != '/')
    return "link target '" + std::string(target) + "' is not absolute";
  if (auto r = canonical_reason(target.substr(1)))
    return "link target '" + std::string(target) + "': " + *r;
  for (const auto& root : roots) {
    if (target.size() > root.size() + 1 && target.starts_with(root) && target[root.size()] == '/')
      return std::nullopt;
  }
  std::string where;
  for (const auto& root : roots)
    where += (where.empty() ? "" : " or ") + root;
  return "link target '" + std::string(target) + "' lies outside " + where;
}

std::optional<std::string> symlink_entry_reason(std::string_view rel, std::string_view target,
                                                const std::vector<std::string>& roots) {
  if (!target.empty() && target.front() == '/')
    return disallowed_link_target_reason(target, roots);
  if (!relative_link_stays_inside(rel, target))
    return "relative link target '" + std::string(target) + "' leaves the tree";
  return std::nullopt;
}

bool relative_link_stays_inside(std::string_view rel, std::string_view target) {
  if (target.empty() || target.front() == '/' || target.find('\0') != std::string_view::npos)
    return false;
  // Depth of the directory holding the link, then walk the target.
  long depth = 0;
  for_each_component(parent_of(rel), [&](std::string_view c) { depth += c.empty() ? 0 : 1; });
  bool ok = true;
  for_each_component(target, [&](std::string_view c) {
    if (c.empty() || c == ".")
      return;
    depth += (c == "..") ? -1 : 1;
    if (depth < 0)
      ok = false;
  });
  return ok;
}

std::string_view parent_of(std::string_view rel) {
  auto slash = rel.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : rel.substr(0, slash);
}

std::string_view base_of(std::string_view rel) {
  auto slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

bool glob_match(std::string_view pattern, std::string_view path) {
  return ::fnmatch(std::string(pattern).c_str(), std::string(path).c_str(), 0) == 0;
}

} // namespace heirloom
