// The passes of unpack, in the order core/unpack.cpp runs them, and the tree
// they write into. Internal to core/unpack: the public contract is
// core/unpack.hpp.
#pragma once

#include "core/output.hpp"
#include "core/unpack.hpp"
#include "util/fd.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace heirloom::unpack_passes {

// staging.cpp: where the work happens, and how it is committed or undone.
class Staging {
public:
  explicit Staging(const std::string& target);
  ~Staging();
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  const std::string& work() const { return work_; }
  // The path to show in messages: DIR, not the staging name.
  std::string shown(std::string_view rel) const {
    return rel.empty() ? target_ : target_ + "/" + std::string(rel);
  }
  void commit();
  // Staging dirs of dead unpacks of DIR that this one removed.
  std::uint64_t swept() const { return swept_; }

private:
  std::string target_;
  std::string work_;
  UniqueFd lock_;  // the staging directory, flock'ed while this unpack owns it
  std::uint64_t swept_ = 0;
  std::string created_parent_;
  bool staged_ = false;
  bool committed_ = false;
};

// tree.cpp: open directory descriptors of the tree being written, by
// relative path.
class DirTable {
public:
  DirTable(const std::string& root_path, int root_fd);
  ~DirTable();
  DirTable(const DirTable&) = delete;
  DirTable& operator=(const DirTable&) = delete;

  // Creates (or reuses) directory `rel`, whose parent must already be here.
  int make(const std::string& rel);
  // Creates `rel` and any missing parents.
  int make_all(const std::string& rel);
  int fd_of(const std::string& rel) const;
  std::string shown(std::string_view rel) const;

private:
  std::string root_path_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<int> fds_;
};

// The tree being written: the staging directory's descriptors, and every
// non-directory path written so far (for the deletions a layer's index asks).
struct Tree {
  Tree(const Staging& s, UniqueFd r) : staging(s), root(std::move(r)), dirs(s.shown(""), root.get()) {}
  const Staging& staging;
  UniqueFd root;
  DirTable dirs;
  std::unordered_set<std::string> written;
};

// tree.cpp: counters the parallel passes add to.
struct PlaceCounts {
  std::atomic<std::uint64_t> links{0}, copies{0}, bytes{0};
  void add_to(UnpackStats& stats) const;
};

// tree.cpp: replaces whatever is at `name` in `dirfd` by a symlink to `target`.
void make_symlink(int dirfd, const char* name, const std::string& target, const std::string& shown);

// tree.cpp: links to `target` or copies it, as the policy decides for `rel`;
// `target` must be a regular file. Returns false when the policy skips it.
bool place_file(Tree& tree, const std::string& rel, const std::string& target, const UnpackOptions& opts,
                PlaceCounts& counts);

// tree.cpp: lets the dirs pass hold one descriptor per directory.
void raise_open_file_limit();

// apply_plan.cpp: passes "dirs" and "files" over a tree base's link plan;
// with record_written (layers follow), every path goes into tree.written.
void apply_link_plan(const LinkPlan& plan, Tree& tree, const UnpackOptions& opts, UnpackStats& stats,
                     bool record_written);

// apply_layer.cpp: pass "layers", one layer streamed onto the tree.
void extract_layer(const Layer& layer, Tree& tree, const std::vector<std::string>& roots, const UnpackOptions& opts,
                   UnpackStats& stats);

// apply_layer.cpp: removes what older generations brought that `index`
// (a heirloom layer's whole tree) no longer lists.
void remove_unlisted(const Index& index, Tree& tree, UnpackStats& stats);

} // namespace heirloom::unpack_passes
