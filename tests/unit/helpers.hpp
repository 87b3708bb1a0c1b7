// Shared test helpers: a scratch directory and a fake Nix store whose output
// names carry valid 32-character base-32 hashes.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <stdlib.h>
#include <sys/stat.h>

#include "util/error.hpp"

namespace testing {

class Scratch {
public:
  Scratch() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "heirloom-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~Scratch() {
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(path_, ec))
      if (!e.is_symlink(ec) && e.is_directory(ec))  // (never follows a link: one may loop)
        std::filesystem::permissions(e.path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

private:
  std::string path_;
};

inline void write(const std::string& path, const std::string& data, mode_t mode = 0644) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
  ::chmod(path.c_str(), mode);
}

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "<store>/<32 chars>-<name>", with the hash made from `seed`.
inline std::string store_path(const std::string& store, const std::string& name, char seed = 'a') {
  std::string hash(32, seed);
  return store + "/" + hash + "-" + name;
}

// The message of the heirloom::Error fn throws, or "(no error)".
inline std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const heirloom::Error& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace testing
