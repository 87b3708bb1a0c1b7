#include "util/paths.hpp"

#include <catch2/catch.hpp>

using namespace heirloom;

TEST_CASE("unsafe_entry_reason accepts ordinary relative names") {
  CHECK_FALSE(unsafe_entry_reason("release/deps/libfoo-1234.rlib"));
  CHECK_FALSE(unsafe_entry_reason("a"));
  CHECK_FALSE(unsafe_entry_reason("a/..b/c..d"));
}

TEST_CASE("unsafe_entry_reason refuses names that could leave the tree") {
  CHECK(*unsafe_entry_reason("") == "empty name");
  CHECK(*unsafe_entry_reason("/etc/passwd") == "absolute name");
  CHECK(*unsafe_entry_reason("a/../../etc") == "name has a '..' component");
  CHECK(*unsafe_entry_reason("..") == "name has a '..' component");
  CHECK(*unsafe_entry_reason("a/./b") == "name has a '.' component");
  CHECK(*unsafe_entry_reason("a//b") == "name has an empty component");
  CHECK(*unsafe_entry_reason(std::string("a\0b", 3)) == "name contains a NUL byte");
  CHECK(unsafe_entry_reason(std::string(5000, 'x'))->find("longer than") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 200; ++i)
    deep += "d/";
  deep += "f";
  CHECK(unsafe_entry_reason(deep)->find("deeper than") != std::string::npos);
}

TEST_CASE("disallowed_link_target_reason keeps links inside the allowed roots") {
  std::vector<std::string> roots{"/nix/store", "/tmp/out"};
  CHECK_FALSE(disallowed_link_target_reason("/nix/store/abc-x/target/f", roots));
  CHECK_FALSE(disallowed_link_target_reason("/tmp/out/target/f", roots));
  CHECK(disallowed_link_target_reason("/nix/store", roots));
  CHECK(disallowed_link_target_reason("/nix/storefoo/x", roots));
  CHECK(disallowed_link_target_reason("/etc/passwd", roots)->find("lies outside") != std::string::npos);
  CHECK(disallowed_link_target_reason("/nix/store/../../etc/passwd", roots)->find("'..'") != std::string::npos);
  CHECK(disallowed_link_target_reason("relative/x", roots)->find("not absolute") != std::string::npos);
}

TEST_CASE("relative_link_stays_inside") {
  CHECK(relative_link_stays_inside("release/foo", "deps/foo-123"));
  CHECK(relative_link_stays_inside("release/deps/x", "../foo"));
  CHECK_FALSE(relative_link_stays_inside("release/foo", "../../etc/passwd"));
  CHECK_FALSE(relative_link_stays_inside("foo", "../x"));
  CHECK_FALSE(relative_link_stays_inside("foo", "/abs"));
}

TEST_CASE("parent_of and base_of") {
  CHECK(parent_of("a/b/c") == "a/b");
  CHECK(parent_of("c").empty());
  CHECK(base_of("a/b/c") == "c");
  CHECK(base_of("c") == "c");
}

TEST_CASE("glob_match matches whole paths, '*' crossing '/'") {
  CHECK(glob_match("*.rlib", "release/deps/libx.rlib"));
  CHECK(glob_match("release/build/*/out/*", "release/build/x-1/out/a/b"));
  CHECK_FALSE(glob_match("*.rlib", "release/deps/libx.rmeta"));
}
