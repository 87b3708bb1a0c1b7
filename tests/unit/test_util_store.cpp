#include "util/store.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace heirloom;

TEST_CASE("is_nix_base32_hash") {
  CHECK(is_nix_base32_hash("0123456789abcdfghijklmnpqrsvwxyz"));
  CHECK_FALSE(is_nix_base32_hash("0123456789abcdfghijklmnpqrsvwxye"));  // 'e' is not in the alphabet
  CHECK_FALSE(is_nix_base32_hash("0123456789abcdfghijklmnpqrsvwxy"));   // 31 chars
  CHECK_FALSE(is_nix_base32_hash("0123456789ABCDFGHIJKLMNPQRSVWXYZ"));
}

TEST_CASE("store_path_of finds the store path a file lies in") {
  std::string h(32, 'a');
  CHECK(*store_path_of("/nix/store/" + h + "-deps/target/x", "/nix/store") == "/nix/store/" + h + "-deps");
  CHECK(*store_path_of("/nix/store/" + h + "-deps", "/nix/store") == "/nix/store/" + h + "-deps");
  CHECK_FALSE(store_path_of("/nix/store/" + h, "/nix/store"));              // no name
  CHECK_FALSE(store_path_of("/nix/store/short-deps/x", "/nix/store"));     // bad hash
  CHECK_FALSE(store_path_of("/other/" + h + "-deps/x", "/nix/store"));
  CHECK_FALSE(store_path_of("/nix/storex/" + h + "-deps/x", "/nix/store"));
}

TEST_CASE("default_store_dir prefers the flag, then HEIRLOOM_STORE_DIR, then NIX_STORE") {
  ::unsetenv("HEIRLOOM_STORE_DIR");
  ::unsetenv("NIX_STORE");
  CHECK(default_store_dir("") == "/nix/store");
  ::setenv("NIX_STORE", "/s2", 1);
  CHECK(default_store_dir("") == "/s2");
  ::setenv("HEIRLOOM_STORE_DIR", "/s1/", 1);
  CHECK(default_store_dir("") == "/s1");
  CHECK(default_store_dir("/flag") == "/flag");
  ::unsetenv("HEIRLOOM_STORE_DIR");
  ::unsetenv("NIX_STORE");
}
