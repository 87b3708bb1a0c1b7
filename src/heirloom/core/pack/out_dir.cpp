// pack: OUT, the directory both modes write into, and its heirloom.json.
//
// pack writes into a fresh output: every name it writes is claimed first
// (and must not exist), so that a failure removes exactly what pack created
// and OUT itself when pack created it. Nothing half-written stays behind.
#include "core/pack/passes.hpp"

#include "core/output.hpp"
#include "util/error.hpp"

#include <sys/stat.h>

#include <filesystem>

namespace heirloom::pack_passes {

OutputGuard::OutputGuard(const std::string& out) : out_(out) {
  struct stat st;
  if (::lstat(out.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw_at(out, "output exists and is not a directory");
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec)
    throw_sys(ec.value(), "creating output directory", out);
  created_ = true;
}

OutputGuard::~OutputGuard() {
  if (committed_)
    return;
  if (created_) {
    remove_tree_quietly(out_);
    return;
  }
  for (const auto& name : names_)
    remove_tree_quietly(out_ + "/" + name);
}

std::string OutputGuard::claim(const std::string& name) {
  std::string p = out_ + "/" + name;
  if (path_exists(p))
    throw_at(p, "already exists (pack writes into a fresh output)");
  names_.push_back(name);
  return p;
}

Manifest manifest_for(const char* mode, const PackStats& stats, const PackOptions& opts) {
  Manifest m;
  m.format = format_version;
  m.mode = mode;
  m.tool_version = tool_version;
  m.files = stats.files;
  m.dirs = stats.dirs;
  m.owned_files = stats.owned;
  m.owned_bytes = stats.owned_bytes;
  m.linked_files = stats.linked;
  m.deduplicated_files = stats.deduplicated;
  if (!opts.prev.empty())
    m.parents.push_back(absolute_path(opts.prev));
  return m;
}

} // namespace heirloom::pack_passes
