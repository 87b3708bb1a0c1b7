#include "argfile.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using heirloom::shim::expand_argfiles;
using V = std::vector<std::string>;

TEST_CASE("expand_argfiles: lines, empty lines included, with or without a final newline") {
  testing::Scratch s;
  testing::write(s / "a", "--out-dir\n\n/o");
  std::string err;
  auto v = expand_argfiles({"@" + (s / "a")}, err);
  REQUIRE(v);
  CHECK(*v == V{"--out-dir", "", "/o"});
  testing::write(s / "empty", "");
  v = expand_argfiles({"x", "@" + (s / "empty"), "y"}, err);
  REQUIRE(v);
  CHECK(*v == V{"x", "y"});
}

TEST_CASE("expand_argfiles: @shell: splits on whitespace") {
  testing::Scratch s;
  testing::write(s / "a", "  --crate-name\tfoo\n\n --out-dir  /o \r\n");
  std::string err;
  auto v = expand_argfiles({"@shell:" + (s / "a")}, err);
  REQUIRE(v);
  CHECK(*v == V{"--crate-name", "foo", "--out-dir", "/o"});
}

TEST_CASE("expand_argfiles: not recursive, and '@' alone is an argument") {
  testing::Scratch s;
  testing::write(s / "inner", "--test\n");
  testing::write(s / "outer", "@" + (s / "inner") + "\n");
  std::string err;
  auto v = expand_argfiles({"@", "@" + (s / "outer")}, err);
  REQUIRE(v);
  CHECK(*v == V{"@", "@" + (s / "inner")});
}

TEST_CASE("expand_argfiles: an unreadable file is an error naming it") {
  testing::Scratch s;
  std::string err;
  CHECK_FALSE(expand_argfiles({"ok", "@shell:" + (s / "missing")}, err));
  CHECK(err == "cannot read argument file '" + (s / "missing") + "'");
  CHECK_FALSE(expand_argfiles({"@" + s.path()}, err));  // a directory: open works, read fails
  CHECK(err == "cannot read argument file '" + s.path() + "'");
}
