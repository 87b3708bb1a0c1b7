#include "store.hpp"

#include <cstdlib>

namespace heirloom {

bool is_nix_base32_hash(std::string_view s) {
  if (s.size() != 32)
    return false;
  for (char c : s) {
    bool digit = c >= '0' && c <= '9';
    bool letter = c >= 'a' && c <= 'z' && c != 'e' && c != 'o' && c != 'u' && c != 't';
    if (!digit && !letter)
      return false;
  }
  return true;
}

std::optional<std::string> store_path_of(std::string_view path, std::string_view store_dir) {
  if (path.size() <= store_dir.size() + 1 || !path.starts_with(store_dir) || path[store_dir.size()] != '/')
    return std::nullopt;
  std::string_view rest = path.substr(store_dir.size() + 1);
  std::string_view component = rest.substr(0, rest.find('/'));
  if (component.size() < 34 || component[32] != '-' || !is_nix_base32_hash(component.substr(0, 32)))
    return std::nullopt;
  return std::string(path.substr(0, store_dir.size() + 1 + component.size()));
}

std::string default_store_dir(std::string_view requested) {
  std::string dir(requested);
  for (const char* var : {"HEIRLOOM_STORE_DIR", "NIX_STORE"}) {
    if (!dir.empty())
      break;
    if (const char* v = std::getenv(var))
      dir = v;
  }
  if (dir.empty())
    dir = "/nix/store";
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  return dir;
}

} // namespace heirloom
