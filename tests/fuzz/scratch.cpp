#include "scratch.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace heirloom::fuzz {

void violated(const std::string& what) {
  std::fprintf(stderr, "heirloom-fuzz: invariant: %s\n", what.c_str());
  std::abort();
}

namespace {

void write_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::app);
  f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

// A name the harness itself may write under OUT/target: relative, no "..".
bool safe_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.size() > 200) return false;
  for (const auto& part : fs::path(name))
    if (part == ".." || part == "." || part.empty()) return false;
  return name.find('\0') == std::string::npos;
}

}  // namespace

Scratch::Scratch() {
  // Three levels deep, so that a write escaping by up to three ".." still
  // lands inside the tree this harness watches.
  root_ = fs::temp_directory_path() / ("heirloom-fuzz-" + std::to_string(::getpid()));
  fs::remove_all(root_);
  store_ = root_ / "a" / "b" / "store";
  out_ = store_ / "0000000000000000000000000000000a-artifacts";
  prev_ = store_ / "0000000000000000000000000000000b-previous";
  work_ = root_ / "a" / "b" / "work";
  target_ = work_ / "target";
  reset();
}

Scratch::~Scratch() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void Scratch::reset() {
  std::error_code ec;
  fs::remove_all(root_, ec);
  fs::create_directories(store_);
  fs::create_directories(work_);
  fs::create_directories(out_);
  baseline_.clear();
}

void Scratch::load(const std::uint8_t* data, std::size_t size) {
  std::size_t i = 0;
  while (i < size) {
    std::uint8_t kind = data[i++];
    std::size_t len = 0;
    if (i + 2 <= size) {
      len = data[i] | (std::size_t(data[i + 1]) << 8);
      i += 2;
    } else {
      i = size;
    }
    if (len > size - i) len = size - i;
    const std::uint8_t* d = data + i;
    i += len;
    switch (kind) {
    case 0: write_file(out_ / "symlinks.tar", d, len); break;
    case 1: write_file(out_ / "references", d, len); break;
    case 2: write_file(out_ / "heirloom.json", d, len); break;
    case 3: write_file(out_ / "target.tar.zst", d, len); break;
    case 4: write_file(out_ / "target.index", d, len); break;
    case 5: {
      write_file(prev_ / "target.tar.zst", d, len);
      std::error_code ec;
      fs::create_symlink(prev_ / "target.tar.zst", out_ / "target.tar.zst.prev", ec);
      break;
    }
    case 6: {
      std::string rec(reinterpret_cast<const char*>(d), len);
      auto nul = rec.find('\0');
      if (nul == std::string::npos) break;
      std::string name = rec.substr(0, nul);
      if (!safe_name(name)) break;
      std::error_code ec;
      if (fs::is_directory(out_ / "target" / name, ec)) break;
      write_file(out_ / "target" / name, d + nul + 1, len - nul - 1);
      break;
    }
    default: break;
    }
  }
  baseline_ = snapshot();
}

std::set<std::string> Scratch::snapshot() const {
  std::set<std::string> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, fs::directory_options::none, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) violated("cannot walk the scratch tree: " + ec.message());
    const auto& p = it->path();
    if (p == target_ || p.native().starts_with(target_.native() + "/")) {
      it.disable_recursion_pending();
      continue;
    }
    paths.insert(p.native());
  }
  return paths;
}

void Scratch::check(bool failed) const {
  auto now = snapshot();
  for (const auto& p : now)
    if (!baseline_.count(p)) violated("created outside the target dir: " + p);
  for (const auto& p : baseline_)
    if (!now.count(p)) violated("removed outside the target dir: " + p);
  std::error_code ec;
  if (failed) {
    if (fs::symlink_status(target_, ec).type() != fs::file_type::not_found)
      violated("a failed unpack left the target dir behind: " + target_.native());
    return;
  }
  if (!fs::exists(fs::symlink_status(target_, ec))) return;  // e.g. inspect
  const std::string prefix = store_.native() + "/";
  for (auto it = fs::recursive_directory_iterator(target_, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) violated("cannot walk the target dir: " + ec.message());
    if (!it->is_symlink(ec)) continue;
    auto link = fs::read_symlink(it->path(), ec).native();
    if (ec || !link.starts_with(prefix) || link.find("/../") != std::string::npos || link.ends_with("/.."))
      violated("link outside the store dir: " + it->path().native() + " -> " + link);
  }
}

}  // namespace heirloom::fuzz
