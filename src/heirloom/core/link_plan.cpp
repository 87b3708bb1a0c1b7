#include "link_plan.hpp"

#include "output.hpp"
#include "util/archive.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/paths.hpp"

#include <sys/stat.h>

#include <unordered_set>

namespace heirloom {

LinkPlan read_symlinks_archive(const std::string& path, const std::string& output_dir,
                               const std::vector<std::string>& roots) {
  LinkPlan plan;
  TarReader reader(path);
  std::unordered_set<std::string> dirs{""};
  std::unordered_set<std::string> seen;
  bool saw_root = false;
  while (auto e = reader.next()) {
    std::string full = trim_archive_name(e->name);
    if (auto why = unsafe_entry_reason(full))
      reader.fail("entry '" + e->name + "': " + *why);
    std::string rel = strip_archive_root(full);
    if (rel.empty()) {
      if (e->type != TarEntry::Type::directory)
        reader.fail("entry '" + e->name + "': the root entry is not a directory");
      saw_root = true;
      continue;
    }
    if (!seen.insert(rel).second)
      reader.fail("entry '" + e->name + "': duplicate entry");
    if (!dirs.contains(std::string(parent_of(rel))))
      reader.fail("entry '" + e->name + "': its directory is not an earlier directory entry");
    switch (e->type) {
    case TarEntry::Type::directory:
      dirs.insert(rel);
      plan.dirs.push_back(std::move(rel));
      break;
    case TarEntry::Type::symlink:
      if (e->link == full) {
        // Owned by this output; `full` passed the name checks above.
        plan.files.push_back({std::move(rel), output_dir + "/" + full});
      } else {
        if (auto why = symlink_entry_reason(rel, e->link, roots))
          reader.fail("entry '" + e->name + "': " + *why);
        bool absolute = !e->link.empty() && e->link.front() == '/';
        (absolute ? plan.files : plan.symlinks).push_back({std::move(rel), std::move(e->link)});
      }
      break;
    default:
      reader.fail("entry '" + e->name + "': a symlinks archive holds only directories and symlinks");
    }
  }
  if (!saw_root && plan.dirs.empty() && plan.files.empty() && plan.symlinks.empty())
    reader.fail("no entries");
  return plan;
}

LinkPlan read_crane_dir(const std::string& target_dir, const std::vector<std::string>& roots) {
  LinkPlan plan;
  for (auto& e : walk_tree(target_dir)) {
    std::string where = target_dir + "/" + e.rel;
    switch (e.type) {
    case FileType::directory:
      plan.dirs.push_back(std::move(e.rel));
      break;
    case FileType::regular:
      plan.files.push_back({std::move(e.rel), where});
      break;
    case FileType::symlink: {
      std::string final = resolve_link_chain(where);
      struct stat st;
      if (::stat(final.c_str(), &st) != 0)
        throw_sys(errno, "dangling link in artifacts: '" + where + "' ->", final);
      if (!S_ISREG(st.st_mode))
        throw_at(where, "link does not resolve to a regular file");
      if (auto why = disallowed_link_target_reason(final, roots))
        throw_at(where, *why);
      plan.files.push_back({std::move(e.rel), std::move(final)});
      break;
    }
    case FileType::other:
      throw_at(where, "unsupported file type in artifacts (not a file, directory or link)");
    }
  }
  return plan;
}

} // namespace heirloom
