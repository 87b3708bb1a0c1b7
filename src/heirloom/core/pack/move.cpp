// pack, pass "move" (symlinks mode, parallel): the files this output owns go
// into OUT/target.
//
// A rename, not a copy: the target dir is thrown away after pack, so moving
// costs one metadata operation per file whatever its size. Across file
// systems (OUT elsewhere) the file is copied instead. Dereferenced links are
// copied first, since a link may name a file of DIR itself that a move would
// take away. Hard-linked files (cargo's uplifted binaries) stay hard-linked:
// the first name of each inode leads, the others follow it. If anything
// later fails, the destructor renames every moved file back, so DIR is as it
// was.
#include "core/pack/passes.hpp"

#include "util/error.hpp"
#include "util/parallel.hpp"
#include "util/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

namespace heirloom::pack_passes {

namespace {

// Copies a file into the output with the entry's permission bits (no set-id
// bits) and the source's mtime, through util's one copy (reflink first;
// every fchmod and futimens result checked).
void copy_into(const std::string& src, const std::string& dst, const TreeEntry& e) {
  struct stat st;
  if (::stat(src.c_str(), &st) != 0)
    throw_sys(errno, "reading", src);
  mode_t mode = e.mode & 07777 & ~static_cast<mode_t>(S_ISUID | S_ISGID);
  copy_file_at(src, AT_FDCWD, dst.c_str(), mode, st.st_mtim, dst);
}

bool stored(const Item& it) { return it.kind == Kind::owned || it.kind == Kind::deref; }

// OUT/target and every directory of it that will hold a stored file.
void make_owned_dirs(const std::vector<Item>& items, const std::string& owned_root) {
  std::set<std::string> needed;
  for (const auto& it : items) {
    if (!stored(it))
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
}

// Renames `it` into place; false when OUT is on another file system.
bool rename_into(Item& it, const std::string& src, const std::string& dst) {
  if (::rename(src.c_str(), dst.c_str()) == 0) {
    it.moved = true;
    return true;
  }
  if (errno != EXDEV)
    throw_sys(errno, "moving '" + src + "' to", dst);
  return false;
}

} // namespace

MoveIntoOutput::MoveIntoOutput(std::vector<Item>& items, const std::string& target, const std::string& owned_root,
                               unsigned jobs)
    : items_(items), target_(target), owned_root_(owned_root) {
  try {
    move_all(jobs);
  } catch (...) {
    undo();  // (no destructor runs for a constructor that throws)
    throw;
  }
}

void MoveIntoOutput::move_all(unsigned jobs) {
  std::vector<Item>& items = items_;
  const std::string& target = target_;
  const std::string& owned_root = owned_root_;
  make_owned_dirs(items, owned_root);

  std::map<std::pair<dev_t, ino_t>, std::size_t> leaders;
  std::vector<std::size_t> lead, follow;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (!stored(it))
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
      if (!rename_into(it, src, dst))
        copy_into(src, dst, *it.entry);
    } else {
      copy_into(it.target, dst, *it.entry);
    }
  };
  auto moves = std::stable_partition(lead.begin(), lead.end(), [&](std::size_t i) { return items[i].kind == Kind::deref; });
  auto derefs = static_cast<std::size_t>(moves - lead.begin());
  parallel_for(derefs, jobs, [&](std::size_t k) { move_one(items[lead[k]]); });
  parallel_for(lead.size() - derefs, jobs, [&](std::size_t k) { move_one(items[lead[derefs + k]]); });
  for (std::size_t i : follow) {
    Item& it = items[i];
    const Item& leader = items[leaders.at({it.entry->dev, it.entry->ino})];
    std::string dst = owned_root + "/" + it.entry->rel;
    if (!rename_into(it, target + "/" + it.entry->rel, dst) &&
        ::link((owned_root + "/" + leader.entry->rel).c_str(), dst.c_str()) != 0)
      throw_sys(errno, "creating hard link", dst);
  }
}

MoveIntoOutput::~MoveIntoOutput() {
  if (!kept_)
    undo();
}

void MoveIntoOutput::undo() {
  for (auto& it : items_)
    if (it.moved)
      ::rename((owned_root_ + "/" + it.entry->rel).c_str(), (target_ + "/" + it.entry->rel).c_str());
}

} // namespace heirloom::pack_passes
