// pack, pass "classify": what each entry of DIR becomes in the output.
//
// A directory; a link that resolves into the store (kept, pointing at its
// *final* file, so a chain of outputs never links through a middle one and
// a middle output can be collected); a relative link that stays inside the
// tree (kept verbatim, as cargo made it); a link anywhere else (its file is
// copied in: the output must not depend on what lies outside the store); or
// a real file, which the output owns. A link that dangles is an error here,
// before OUT exists.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace heirloom::pack_passes {

namespace {

// The regular file a kept or dereferenced link must end at.
void require_regular_file(bool exists, int err, const struct stat& st, const std::string& where,
                          const std::string& final, const char* not_regular) {
  if (!exists)
    throw_sys(err, "dangling link: '" + where + "' ->", final);
  if (!S_ISREG(st.st_mode))
    throw_at(where, not_regular);
}

} // namespace

std::vector<Item> classify(const std::vector<TreeEntry>& entries, const std::string& target,
                           const std::string& store_dir) {
  std::vector<Item> items;
  items.reserve(entries.size());
  for (const auto& e : entries) {
    Item it{&e, Kind::owned, {}};
    if (e.type == FileType::directory) {
      it.kind = Kind::dir;
    } else if (e.type == FileType::symlink) {
      std::string where = target + "/" + e.rel;
      std::string final = resolve_link_chain(where);
      struct stat st;
      bool exists = ::stat(final.c_str(), &st) == 0;
      int err = errno;
      char buf[4096];
      ssize_t n = ::readlink(where.c_str(), buf, sizeof buf);
      std::string text = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
      if (store_path_of(final, store_dir)) {
        require_regular_file(exists, err, st, where, final, "link into the store does not resolve to a regular file");
        it.kind = Kind::store_link;
        it.target = final;
      } else if (!text.empty() && text.front() != '/' && relative_link_stays_inside(e.rel, text) &&
                 text != std::string(names::archive_root) + "/" + e.rel) {
        // (A relative link whose text is its own archive name would read
        // as an owned file; such a link is dereferenced instead.)
        it.kind = Kind::rel_link;
        it.target = text;
      } else {
        require_regular_file(exists, err, st, where, final,
                             "link to something outside the store that is not a regular file");
        it.kind = Kind::deref;
        it.target = final;
      }
    }
    items.push_back(std::move(it));
  }
  return items;
}

} // namespace heirloom::pack_passes
