#include "core/manifest.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using namespace heirloom;

TEST_CASE("manifest round-trips through JSON") {
  Manifest m;
  m.format = 1;
  m.mode = "symlinks";
  m.tool_version = "9.9";
  m.files = 3;
  m.dirs = 2;
  m.owned_files = 1;
  m.owned_bytes = 42;
  m.linked_files = 2;
  m.deduplicated_files = 1;
  m.parents = {"/nix/store/x"};
  Manifest back = manifest_from_json(manifest_to_json(m), "m.json");
  CHECK(back.mode == "symlinks");
  CHECK(back.files == 3);
  CHECK(back.owned_bytes == 42);
  CHECK(back.parents == m.parents);
}

TEST_CASE("manifest_from_json names the file and the reason") {
  CHECK_THROWS_WITH(manifest_from_json("{", "/o/heirloom.json"), Catch::Contains("'/o/heirloom.json'") && Catch::Contains("malformed"));
  CHECK_THROWS_WITH(manifest_from_json(R"({"format": 7, "mode": "zstd"})", "/o/heirloom.json"),
                    Catch::Contains("format 7 is not supported"));
}

TEST_CASE("references are sorted, unique, one per line") {
  CHECK(references_to_text({"/nix/store/b", "/nix/store/a", "/nix/store/b"}) == "/nix/store/a\n/nix/store/b\n");
  CHECK(references_from_text("/nix/store/a\n/nix/store/b\n", "r") == std::vector<std::string>{"/nix/store/a", "/nix/store/b"});
  CHECK_THROWS_WITH(references_from_text("/nix/store/a", "r"), Catch::Contains("no newline"));
  CHECK_THROWS_WITH(references_from_text("relative\n", "r"), Catch::Contains("not an absolute store path"));
}

TEST_CASE("index round-trips, names with spaces and newlines included") {
  Index idx;
  idx["release/a b"] = {'f', 10, 1};
  idx["release/new\nline"] = {'f', 0, 5};
  idx["release"] = {'d', 0, 1};
  Index back = index_from_text(index_to_text(idx), "i");
  REQUIRE(back.size() == 3);
  CHECK(back["release/a b"].size == 10);
  CHECK(back["release/new\nline"].mtime == 5);
  CHECK(back["release"].type == 'd');
  CHECK_THROWS_WITH(index_from_text("f 1 1 x", "/o/target.index"), Catch::Contains("NUL-terminated"));
  CHECK_THROWS_WITH(index_from_text(std::string("q 1 1 x\0", 8), "/o/target.index"), Catch::Contains("malformed"));
}

TEST_CASE("archive_mtime follows SOURCE_DATE_EPOCH") {
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(archive_mtime() == 1);
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(archive_mtime() == 1700000000);
  ::setenv("SOURCE_DATE_EPOCH", "junk", 1);
  CHECK(archive_mtime() == 1);
  ::unsetenv("SOURCE_DATE_EPOCH");
}
