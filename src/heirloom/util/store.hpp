// Nix store paths.
//
// A store path is "<store-dir>/<hash>-<name>" where <hash> is 32 characters
// of Nix's base-32 alphabet (0-9 and a-z without e, o, u, t). This is the
// form Nix's reference scanner looks for, byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace heirloom {

bool is_nix_base32_hash(std::string_view s);

// If `path` lies inside a store path of `store_dir`, returns that store path
// ("<store-dir>/<hash>-<name>"), else nullopt.
std::optional<std::string> store_path_of(std::string_view path, std::string_view store_dir);

// --store-dir, else HEIRLOOM_STORE_DIR, else NIX_STORE, else /nix/store;
// without a trailing slash.
std::string default_store_dir(std::string_view requested);

} // namespace heirloom
